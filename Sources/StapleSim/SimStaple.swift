import StapleCore

/// What a simulated staple says (the simulator's stand-in for the DER a server staples).
public enum SimStaple: UInt8, Sendable {
    /// A good response.
    case good
    /// A revoked response.
    case revoked
    /// An unknown response.
    case unknown
    /// An OCSP error status (the responder's, or Apache's made-up tryLater).
    case errorStatus

    /// The staple of a fetch's result, if the result carries a response.
    init?(_ result: StapleFetchResult) {
        switch result {
        case .good: self = .good
        case .revoked: self = .revoked
        case .unknown: self = .unknown
        case .errorStatus: self = .errorStatus
        case .invalid, .failed: return nil
        }
    }
}
