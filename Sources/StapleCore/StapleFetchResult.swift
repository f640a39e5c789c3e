/// What a server's fetch of its own OCSP response gave, as far as a stapling policy's cache
/// and refresh decisions need it: the real server maps its verified answer to this, the
/// simulator draws it from the responder's state at a virtual time.
public enum StapleFetchResult: Hashable, Sendable {
    /// A signed, valid `good` response with its validity.
    case good(thisUpdate: Double, nextUpdate: Double?)
    /// A signed, valid `revoked` response.
    case revoked
    /// A signed, valid `unknown` response.
    case unknown
    /// An unsigned OCSP error status from the responder (tryLater, internalError).
    case errorStatus
    /// A response that did not check out (garbage, bad signature, wrong certificate, expired).
    case invalid
    /// No response at all (timeout, refused, no name).
    case failed
}
