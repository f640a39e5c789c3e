import StapleCore

/// A real client: which program, who it is on the network, what it trusts, how long a visit may take.
public struct RealClientConfig: Sendable {
    /// Its name (the party name in traces, the ledger's name for its address).
    public var name: String
    /// The program run per visit.
    public var program: RealClientProgram
    /// Its own loopback address: its doors listen here and every byte it sends leaves from here.
    public var address: String
    /// The root certificate file it trusts (PEM).
    public var caFile: String
    /// gnutls-cli's `--ocsp`: ask the responder itself when there is no staple.
    public var askResponder: Bool
    /// How long one visit may take; the program is killed (its process group, by PID) after it.
    public var attemptTimeout: Delay
    /// The responder's hostname (a lookup of it starts the program's own OCSP check).
    public var responderHost: String
    /// A private folder for its resolv.conf, request and output files.
    public var folder: String
    /// Firefox only: one browser for every visit (its OCSP cache kept across visits, each visit a
    /// new navigation and a full handshake) instead of a fresh process and profile per visit.
    public var keepsBrowser: Bool

    /// Makes a configuration.
    public init(name: String, program: RealClientProgram, address: String, caFile: String, askResponder: Bool = true,
                attemptTimeout: Delay = .seconds(30), responderHost: String, folder: String, keepsBrowser: Bool = false) {
        self.name = name
        self.program = program
        self.address = address
        self.caFile = caFile
        self.askResponder = askResponder
        self.attemptTimeout = attemptTimeout
        self.responderHost = responderHost
        self.folder = folder
        self.keepsBrowser = keepsBrowser
    }
}
