import NIOCore
import Synchronization
@testable import StapleTLS

/// A client policy that always fetches (classic OCSP) and decides only when the test completes
/// the promise it handed out.
final class PromisedStatus: CertificateStatusPolicy {
    private let state = Mutex<(fetches: [String], promise: EventLoopPromise<StatusDecision>?)>(([], nil))

    /// The hostnames fetched for, in order.
    var fetches: [String] { state.withLock { $0.fetches } }
    /// The promise of the fetch under way, once one started.
    var promise: EventLoopPromise<StatusDecision>? { state.withLock { $0.promise } }

    var requestsStaple: Bool { false }

    func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation { .fetch }

    func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
        let promise = connection.eventLoop.makePromise(of: StatusDecision.self)
        state.withLock {
            $0.fetches.append(peer.hostname)
            $0.promise = promise
        }
        return promise.futureResult
    }
}
