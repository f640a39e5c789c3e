import Foundation
import Synchronization
import StapleEngine

/// The progress indicator of a run: one line redrawn in place on a terminal, a line per part
/// otherwise (logs stay readable), nothing with `--quiet`.
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw = Date.distantPast
        var lastPart = 0
        var lastWidth = 0
    }
    private let quiet: Bool
    private let isTerminal: Bool
    private let started = Date()
    private let state = Mutex(State())

    init(quiet: Bool) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    func update(_ progress: RunProgress) {
        guard !quiet else { return }
        let point = progress.sweepPoint.isEmpty ? "" : " \(progress.sweepPoint)"
        let head = "[\(progress.part)/\(progress.parts)] \(progress.mode)\(point)"
        if !isTerminal {
            // One line when a part starts and when it ends.
            let line: String?
            switch progress.phase {
            case .starting: line = "\(head): starting"
            case .stopping: line = "\(head): \(progress.done)/\(progress.total) connections, \(progress.failed) failed"
            case .running: line = nil
            }
            if let line { printError(line) }
            return
        }
        let now = Date()
        let text: String? = state.withLock { state in
            // Redraw at most 20 times a second, but always on a phase change.
            guard progress.phase != .running || now.timeIntervalSince(state.lastDraw) > 0.05 || progress.done == progress.total else {
                return nil
            }
            state.lastDraw = now
            let width = 24
            let filled = progress.total == 0 ? 0 : min(width, width * progress.done / progress.total)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let elapsed = String(format: "%.1fs", now.timeIntervalSince(started))
            var line = "\(head) [\(bar)] \(progress.done)/\(progress.total)"
            if progress.failed > 0 { line += " (\(progress.failed) failed)" }
            line += "  \(progress.phase == .running ? "" : progress.phase.rawValue + " ")\(elapsed)"
            let pad = max(0, state.lastWidth - line.count)
            state.lastWidth = line.count
            return "\r" + line + String(repeating: " ", count: pad)
        }
        if let text { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Ends the redrawn line.
    func finish() {
        guard !quiet, isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
