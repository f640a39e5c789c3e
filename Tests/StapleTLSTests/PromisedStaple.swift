import NIOCore
import Synchronization
@testable import StapleTLS

/// A server provider that must fetch (as Apache does inside the handshake) and answers only
/// when the test completes the promise it handed out.
final class PromisedStaple: StapleProvider {
    private let state = Mutex<(lookups: [String], fetches: [String], promise: EventLoopPromise<StapleAnswer>?)>(([], [], nil))

    /// The hosts looked up, in order.
    var lookups: [String] { state.withLock { $0.lookups } }
    /// The hosts fetched for, in order.
    var fetches: [String] { state.withLock { $0.fetches } }
    /// The promise of the fetch under way, once one started.
    var promise: EventLoopPromise<StapleAnswer>? { state.withLock { $0.promise } }

    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        state.withLock { $0.lookups.append(host) }
        return .fetch
    }

    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        let promise = connection.eventLoop.makePromise(of: StapleAnswer.self)
        state.withLock {
            $0.fetches.append(host)
            $0.promise = promise
        }
        return promise.futureResult
    }
}
