/// A fact a party learned from bytes it really received: that `client` went to `hostname`.
///
/// The privacy ledger is made of these. Nothing here is declared by configuration: the
/// responder learns a hostname because it parsed a CertID whose serial it issued; a tap
/// because it read an SNI, a DNS query or an OCSP serial in clear bytes that crossed it.
public struct Observation: Hashable, Sendable, Codable {
    /// How the observer learned it.
    public struct Channel: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The stable name written to `privacy.csv`.
        public var rawValue: String
        /// Wraps a name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The stable name.
        public var description: String { rawValue }

        /// The TLS server_name extension of a ClientHello.
        public static let sni = Channel(rawValue: "sni")
        /// A DNS query name.
        public static let dnsQuery = Channel(rawValue: "dns-query")
        /// The CertID of an OCSP request (the responder maps the serial to what it issued).
        public static let ocspCertID = Channel(rawValue: "ocsp-certid")
        /// A certificate serial read from an OCSP request or response in clear.
        public static let ocspSerial = Channel(rawValue: "ocsp-serial")
        /// The Host header of an HTTP request.
        public static let httpHost = Channel(rawValue: "http-host")
        /// A TLS 1.2 CertificateStatus (a staple) read in clear.
        public static let stapleCleartext = Channel(rawValue: "staple-cleartext")
        /// The certificate the server sent, read in clear (TLS 1.2 only).
        public static let certificateCleartext = Channel(rawValue: "certificate-cleartext")
        /// A CRL download the CRL server answered: it learns which list (shard, CA) and who asked,
        /// never a hostname (the row's hostname is empty, `requested` names the list).
        public static let crlRequest = Channel(rawValue: "crl-request")
        /// A pushed-set download the push server answered: it learns who asked, never a hostname.
        public static let pushRequest = Channel(rawValue: "push-request")
    }

    /// Who learned it.
    public var observer: Party
    /// The observer's own address (where it listens or taps).
    public var observerAddress: String
    /// The hostname learned; for a serial seen by a tap, the serial (`serial:0A1B`) until the
    /// engine maps it to a hostname the way an observer would (through public CT logs).
    public var hostname: String
    /// The address of the client the fact is about, as the observer saw it.
    public var clientAddress: String
    /// How it was learned.
    public var via: Channel
    /// When.
    public var time: Instant
    /// The connection it came from, when known.
    public var connection: ConnectionID
    /// What was asked for, when that is not a hostname: the CRL shard and the CA that signs it
    /// (`/crl/0.crl (StapleBench Test Intermediate CA)`), the pushed set (`/push/set (…)`). Nil for a hostname fact.
    public var requested: String?

    /// Makes an observation.
    public init(observer: Party, observerAddress: String, hostname: String, clientAddress: String,
                via: Channel, time: Instant = .now(), connection: ConnectionID = .none, requested: String? = nil) {
        self.observer = observer
        self.observerAddress = observerAddress
        self.hostname = hostname
        self.clientAddress = clientAddress
        self.via = via
        self.time = time
        self.connection = connection
        self.requested = requested
    }
}
