/// A way of checking revocation that a run compares against the others.
public enum RevocationMode: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// No revocation check at all: the client does not ask for a staple and never asks the
    /// responder; the server does not staple. The baseline for TLS alone.
    case none
    /// Classic OCSP: the server does not staple; after receiving the certificate the client
    /// asks the responder itself (as its profile says), then finishes the handshake.
    case classic
    /// OCSP stapling: the server staples per its policy; the client asks for the staple,
    /// verifies it, and without one falls back as its profile says.
    case stapled
    /// Certificate revocation lists: the certificate names a CRL distribution point; the client
    /// downloads the CA's signed CRL over HTTP (or reuses one until its nextUpdate), checks it
    /// with OpenSSL, and refuses a listed serial. No staple, no OCSP.
    case crl
    /// Short-lived certificates: issued with a lifetime at or below the client's threshold, so
    /// the client checks nothing online (revocation is left to expiry); a longer-lived one falls
    /// back as the client's profile says.
    case shortLived = "short-lived"
    /// A pushed revocation set (like Chrome's CRLSets): the CA side publishes one signed set of
    /// revoked serials at an interval; each client downloads it through its link (the first
    /// time before its first check, later in the background when its copy is past its
    /// nextUpdate) and checks certificates against its copy locally, never online.
    case pushed

    /// The name.
    public var description: String { rawValue }
}
