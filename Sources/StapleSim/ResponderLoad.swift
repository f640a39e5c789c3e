/// Requests and bytes a responder tier received, in fixed buckets of scenario time: memory is
/// the number of buckets, whatever the number of requests.
public struct ResponderLoad: Sendable {
    /// Seconds per bucket.
    public let bucketSeconds: Double
    /// Requests per bucket.
    public private(set) var requests: [Int]
    /// Response bytes per bucket.
    public private(set) var bytes: [Int]
    /// Every request.
    public private(set) var totalRequests = 0
    /// Every response byte.
    public private(set) var totalBytes = 0
    /// The seconds the load is spread over (for the mean).
    public internal(set) var duration: Double

    /// The most buckets a load keeps.
    public static let maxBuckets = 2_000

    /// A load over `duration` scenario seconds in at most ``maxBuckets`` buckets of at least a second.
    public init(duration: Double) {
        self.duration = Swift.max(duration, 1e-9)
        bucketSeconds = Swift.max(1, (duration / Double(ResponderLoad.maxBuckets)).rounded(.up))
        let buckets = Swift.max(1, Int((duration / bucketSeconds).rounded(.up)))
        requests = Array(repeating: 0, count: buckets)
        bytes = Array(repeating: 0, count: buckets)
    }

    /// Counts one request at `time` (seconds since the start; later than the duration counts in the last bucket).
    @inline(__always)
    public mutating func record(at time: Double, bytes size: Int) {
        let index = Swift.min(Swift.max(Int(time / bucketSeconds), 0), requests.count - 1)
        requests[index] += 1
        bytes[index] += size
        totalRequests += 1
        totalBytes += size
    }

    /// Mean requests per second over the duration.
    public var meanPerSecond: Double { Double(totalRequests) / duration }
    /// Mean response bytes per second over the duration.
    public var meanBytesPerSecond: Double { Double(totalBytes) / duration }
    /// The busiest bucket's requests per second.
    public var peakPerSecond: Double { Double(requests.max() ?? 0) / bucketSeconds }
    /// The busiest bucket's bytes per second.
    public var peakBytesPerSecond: Double { Double(bytes.max() ?? 0) / bucketSeconds }
}
