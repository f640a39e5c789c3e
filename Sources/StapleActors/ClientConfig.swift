import StapleCore
import StaplePKI
import StapleTLS

/// A TLS client (the explainer's browser): who it is, where it connects from, how it checks revocation.
public struct ClientConfig: Sendable {
    /// Its name (`Alice`): the party name in traces and diagrams.
    public var name: String
    /// Its own loopback address: every connection it makes leaves from here, so the other
    /// parties see distinct users.
    public var sourceIP: String
    /// How it checks revocation.
    public var profile: RevocationProfile
    /// The roots it trusts.
    public var trust: TrustStore
    /// TLS versions it offers.
    public var versions: ClosedRange<TLSVersion>
    /// How long one whole attempt (DNS, TCP, TLS with any OCSP check, request, response) may take.
    public var attemptTimeout: Delay
    /// Allowed clock skew when checking OCSP dates.
    public var skew: Delay
    /// Where the pushed revocation set is published (mode `pushed`), or nil.
    public var pushURL: String?

    /// Makes a configuration.
    public init(name: String, sourceIP: String, profile: RevocationProfile = .firefox, trust: TrustStore,
                versions: ClosedRange<TLSVersion> = .tls12 ... .tls13, attemptTimeout: Delay = .seconds(30),
                skew: Delay = .seconds(300), pushURL: String? = nil) {
        self.name = name
        self.sourceIP = sourceIP
        self.profile = profile
        self.trust = trust
        self.versions = versions
        self.attemptTimeout = attemptTimeout
        self.skew = skew
        self.pushURL = pushURL
    }
}
