import StapleCore

/// One request the responder received, as it logged it.
public struct ResponderRequest: Hashable, Sendable {
    /// When it arrived (monotonic).
    public var time: Instant
    /// The requester's address (`IP:port`) as the responder saw it.
    public var requester: String
    /// `GET` or `POST` (or another method, refused).
    public var method: String
    /// The hostnames behind the CertIDs asked about (the responder is the CA: it knows what it issued).
    public var hostnames: [String]
    /// The serials asked about (hex).
    public var serials: [String]
    /// What it answered: a certificate status (`good`, `revoked`, `unknown`), an OCSP error status,
    /// `malformed-bytes`, or `no answer` (hang).
    public var answer: String
    /// Bytes of the response body.
    public var bytes: Int
    /// The outage in force, if any.
    public var outage: ResponderOutage.Kind?

    /// The requester's IP without the port.
    public var requesterIP: String {
        guard let colon = requester.lastIndex(of: ":") else { return requester }
        return String(requester[..<colon])
    }
}
