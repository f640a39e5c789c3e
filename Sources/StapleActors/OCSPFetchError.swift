/// Why a party could not get an OCSP response from the responder.
public enum OCSPFetchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The certificate has no OCSP URL, or it is not plain `http://`.
    case noUsableURL(String)
    /// The responder's name did not resolve.
    case dns(String)
    /// The TCP connection failed (refused, reset).
    case connect(String)
    /// No complete answer within the timeout.
    case timeout(seconds: Double)
    /// The responder answered with an HTTP error status.
    case httpStatus(Int)
    /// The connection closed before a complete response.
    case closed
    /// The answer was longer than the fetch reads (a CRL beyond the client's limit).
    case tooLarge(limit: Int)
    /// Something else (request encoding).
    case other(String)

    /// A short code for CSVs (`timeout`, `connect`, …).
    public var code: String {
        switch self {
        case .noUsableURL: return "no-url"
        case .dns: return "dns"
        case .connect: return "connect"
        case .timeout: return "timeout"
        case .httpStatus: return "http-status"
        case .closed: return "closed"
        case .tooLarge: return "too-large"
        case .other: return "other"
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .noUsableURL(let url): return "no usable OCSP URL (\(url.isEmpty ? "none in the certificate" : url))"
        case .dns(let why): return "responder name did not resolve: \(why)"
        case .connect(let why): return "could not connect to the responder: \(why)"
        case .timeout(let seconds): return "no OCSP response within \(Delay(seconds: seconds))"
        case .httpStatus(let status): return "the responder answered HTTP \(status)"
        case .closed: return "the responder closed the connection before answering"
        case .tooLarge(let limit): return "the answer is longer than the \(limit) bytes this client reads"
        case .other(let why): return why
        }
    }
}

import StapleCore
