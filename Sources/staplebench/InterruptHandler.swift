import Dispatch
import Foundation

/// Turns the first SIGINT (Ctrl-C), SIGTERM or SIGHUP (the terminal closed) into cancelling the run — which then stops its
/// actors and writes what it measured — and a second one into an immediate exit.
final class InterruptHandler: @unchecked Sendable {
    // @unchecked Sendable: `sources` is written once in init; `count` only on the handler's queue.
    private var sources: [DispatchSourceSignal] = []
    private var count = 0
    private let queue = DispatchQueue(label: "staplebench.signals")

    init(message: String = "stopping the actors and writing what was measured",
         onInterrupt: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in
                self.count += 1
                if self.count == 1 {
                    printError("\ninterrupted: \(message) (press Ctrl-C again to quit at once)")
                    onInterrupt()
                } else {
                    Foundation.exit(ExitStatus.interrupted)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a signal arrived.
    var interrupted: Bool { queue.sync { count > 0 } }

    deinit {
        for source in sources { source.cancel() }
    }
}
