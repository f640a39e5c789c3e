import NIOCore
import StapleCore
import Synchronization

/// Measures how late every event loop of a group runs its timers — the lag a connection's
/// next step waits when the loops are busy — for the saturation guard.
///
/// A repeating task on each loop fires every `interval`; its lag is how much later than
/// `interval` after the previous firing it ran. Every sample goes into the whole run's
/// histogram and into each open window (a part opens one for its workload), so several parts in
/// flight each see the lag of their own time. Memory is one fixed-size ``LatenessHistogram`` per
/// open window plus one (the same histogram the front doors keep of their deliveries' lateness).
public final class LoopLagMonitor: Sendable {
    private struct State {
        var expected: [Int: NIODeadline] = [:]
        var tasks: [RepeatedTask] = []
        var whole = LatenessHistogram()
        var windows: [Int: LatenessHistogram] = [:]
        var nextWindow = 0
        var running = false
    }

    /// The time between two firings on each loop.
    public let interval: TimeAmount
    private let group: any EventLoopGroup
    private let now: @Sendable () -> NIODeadline
    private let state = Mutex(State())

    /// A monitor of `group`'s loops; `now` is the clock the lag is read on (tests inject one).
    public init(group: any EventLoopGroup, interval: TimeAmount = .milliseconds(10),
                now: @escaping @Sendable () -> NIODeadline = { .now() }) {
        self.group = group
        self.interval = interval
        self.now = now
    }

    /// Starts a repeating task on every loop (again after `stop`: a fresh start).
    public func start() {
        let loops = Array(group.makeIterator())
        let interval = self.interval
        state.withLock { state in
            guard !state.running else { return }
            state.running = true
            for (index, loop) in loops.enumerated() {
                state.expected[index] = now() + interval
                state.tasks.append(loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
                    fired(loop: index)
                })
            }
        }
    }

    /// Stops every repeating task; the histograms stay readable.
    public func stop() {
        let tasks = state.withLock { state -> [RepeatedTask] in
            state.running = false
            defer { state.tasks = []; state.expected = [:] }
            return state.tasks
        }
        for task in tasks { task.cancel() }
    }

    /// One firing on loop `index`: its lag is recorded, and the next firing is expected one
    /// interval from now (the repeating task schedules it after this one ran).
    func fired(loop index: Int) {
        let time = now()
        state.withLock { state in
            guard let expected = state.expected[index] else { return }
            state.expected[index] = time + interval
            let lag = (time - expected).nanoseconds
            state.whole.record(lag)
            for key in state.windows.keys { state.windows[key]!.record(lag) }
        }
    }

    /// Arms loop `index` as if its task had just been scheduled (tests drive `fired` by hand).
    func arm(loop index: Int) {
        let time = now()
        state.withLock { $0.expected[index] = time + interval }
    }

    /// Opens a window: from now on samples also go into it.
    public func openWindow() -> Int {
        state.withLock { state in
            state.nextWindow += 1
            state.windows[state.nextWindow] = LatenessHistogram()
            return state.nextWindow
        }
    }

    /// Closes a window and returns what it saw.
    public func closeWindow(_ id: Int) -> LatenessHistogram {
        state.withLock { $0.windows.removeValue(forKey: id) ?? LatenessHistogram() }
    }

    /// Every sample since the monitor was made.
    public var whole: LatenessHistogram { state.withLock { $0.whole } }
}
