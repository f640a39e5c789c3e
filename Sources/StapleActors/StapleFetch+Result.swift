import StapleCore

extension StapleFetch.Outcome {
    /// What the stapling policies' shared rules (``LazyStapleEntry``, ``BlockingStapleRule``,
    /// ``ProactiveStapleRule``) need to know of this outcome.
    var result: StapleFetchResult {
        switch self {
        case .response(_, .good(let thisUpdate, let nextUpdate), _): return .good(thisUpdate: thisUpdate, nextUpdate: nextUpdate)
        case .response(_, .revoked, _): return .revoked
        case .response(_, .unknown, _): return .unknown
        case .response(_, .rejected(.errorStatus), _), .rejected(_, .errorStatus): return .errorStatus
        case .response(_, .rejected, _), .rejected: return .invalid
        case .failed: return .failed
        }
    }

    /// The response's bytes, when one came.
    var der: [UInt8]? {
        switch self {
        case .response(let der, _, _), .rejected(let der, _): return der
        case .failed: return nil
        }
    }
}
