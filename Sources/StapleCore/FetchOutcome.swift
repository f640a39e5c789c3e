/// How an OCSP fetch ended, as the fetching party saw it (payload of `ocsp.fetch-end`).
public enum FetchOutcome: Hashable, Sendable, Codable {
    /// A response arrived from the responder at `from` (`ip:port`).
    case answered(from: String)
    /// No response: why, and whether it was the fetch's own deadline that ran out.
    case failed(reason: String, timedOut: Bool)
}
