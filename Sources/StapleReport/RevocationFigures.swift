/// The revocation columns of one `summary.csv` row: how long clients kept accepting a
/// certificate revoked mid-run, what revocation data cost per handshake, and the CA's load.
public struct RevocationFigures: Hashable, Sendable {
    /// The exposure window in scenario seconds (nil: nothing was revoked mid-run; infinity:
    /// some client never refused the certificate), see `ExposureWindow`.
    public var exposureWindowS: Double?
    /// Bytes of revocation data clients downloaded (OCSP responses, CRLs, pushed sets), per
    /// attempt, warm-ups included (what a cache saves is spread over every attempt).
    public var bytesPerHandshake: Double?
    /// Requests the CA's services (OCSP responder and CRL server) received, warm-up included.
    public var caRequests: Int?
    /// The exposure window of each client (the longest over its revoked sites), sorted by
    /// client; `exposureWindowS` is the longest of these. Empty when nothing was revoked mid-run.
    public var clients: [ClientExposure]

    /// One client's exposure window.
    public struct ClientExposure: Hashable, Sendable {
        /// The client instance.
        public var client: String
        /// Scenario seconds from the revocation to its first refusal; infinity: it never refused.
        public var seconds: Double

        /// Makes one.
        public init(client: String, seconds: Double) {
            self.client = client
            self.seconds = seconds
        }
    }

    /// Makes figures.
    public init(exposureWindowS: Double? = nil, bytesPerHandshake: Double? = nil, caRequests: Int? = nil,
                clients: [ClientExposure] = []) {
        self.exposureWindowS = exposureWindowS
        self.bytesPerHandshake = bytesPerHandshake
        self.caRequests = caRequests
        self.clients = clients
    }

    /// `exposure_window_s` as written: empty, `inf`, or seconds with three decimals.
    public var exposureText: String? { exposureWindowS.flatMap(RevocationFigures.exposureText) }

    /// An exposure as written: `inf`, or seconds with three decimals.
    public static func exposureText(_ seconds: Double) -> String? {
        seconds.isInfinite ? "inf" : FixedPoint.string(seconds, decimals: 3)
    }

    /// Reads `exposure_window_s` back: empty is nil, `inf` infinity.
    public static func exposure(from text: String?) -> Double? {
        guard let text, !text.isEmpty else { return nil }
        return text == "inf" ? .infinity : Double(text)
    }
}
