import Foundation
import Synchronization
import StapleEngine
import StapleReport

/// The progress indicator of a run: one line redrawn in place on a terminal, a line per part
/// start and end otherwise (logs stay readable), nothing with `--quiet`.
///
/// With `--parallel` several parts report at once: the line then counts the parts finished and
/// shows each part in flight (`#7 classic rtt=300ms 4/12`) in the serial order, cut to the
/// terminal's width.
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw = Date.distantPast
        var lastWidth = 0
        var inFlight: [Int: RunProgress] = [:]
        var finished = 0
    }
    private let quiet: Bool
    private let isTerminal: Bool
    private let width: Int
    private let started = Date()
    private let state = Mutex(State())

    init(quiet: Bool) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
        self.width = TerminalWidth.current(environment: ProcessInfo.processInfo.environment)
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
                + (progress.precision.map { "; " + $0 } ?? "")
            case .running, .finished: line = nil
            }
            if let line { printError(line) }
            return
        }
        let now = Date()
        if progress.phase == .finished, let precision = progress.precision {
            // Kept on its own line: the redrawn line moves on to the next part.
            let kept: String = state.withLock { state in
                let text = "\(head): \(precision)"
                defer { state.lastWidth = 0 }
                return "\r" + text + String(repeating: " ", count: max(0, state.lastWidth - text.count)) + "\n"
            }
            FileHandle.standardError.write(Data(kept.utf8))
        }
        let text: String? = state.withLock { state in
            let phaseChange = progress.phase != .running || progress.done == progress.total
            if progress.phase == .finished {
                state.inFlight[progress.part] = nil
                state.finished += 1
            } else {
                state.inFlight[progress.part] = progress
            }
            // Redraw at most 20 times a second, but always on a phase change.
            guard phaseChange || now.timeIntervalSince(state.lastDraw) > 0.05 else { return nil }
            state.lastDraw = now
            let elapsed = String(format: "%.1fs", now.timeIntervalSince(started))
            var line: String
            let running = state.inFlight.values.sorted { $0.part < $1.part }
            if running.count <= 1, let only = running.first ?? (progress.phase == .finished ? nil : progress) {
                line = Self.single(only, elapsed: elapsed)
            } else {
                line = "[\(state.finished)/\(progress.parts) done, \(running.count) running] \(elapsed)"
                for part in running {
                    let point = part.sweepPoint.isEmpty ? "" : " \(Self.values(part.sweepPoint))"
                    line += "  #\(part.part) \(part.mode)\(point) \(part.phase == .running ? "\(part.done)/\(part.total)" : part.phase.rawValue)"
                }
            }
            if line.count > width - 1 { line = String(line.prefix(max(1, width - 2))) + "…" }
            let pad = max(0, state.lastWidth - line.count)
            state.lastWidth = line.count
            return "\r" + line + String(repeating: " ", count: pad)
        }
        if let text { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// A sweep point's values alone, each once (`rtt=200ms,responder.rtt=200ms` → `200ms`): a
    /// short name for a part among several on one line.
    static func values(_ label: String) -> String {
        var values: [String] = []
        for assignment in label.split(separator: ",") {
            let value = String(assignment.split(separator: "=", maxSplits: 1).last ?? assignment)
            if !values.contains(value) { values.append(value) }
        }
        return values.joined(separator: ",")
    }

    /// The line for one part in flight: a bar of its connections.
    private static func single(_ progress: RunProgress, elapsed: String) -> String {
        let point = progress.sweepPoint.isEmpty ? "" : " \(progress.sweepPoint)"
        let width = 24
        let filled = progress.total == 0 ? 0 : min(width, width * progress.done / progress.total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var line = "[\(progress.part)/\(progress.parts)] \(progress.mode)\(point) [\(bar)] \(progress.done)/\(progress.total)"
        if progress.failed > 0 { line += " (\(progress.failed) failed)" }
        line += "  \(progress.phase == .running ? "" : progress.phase.rawValue + " ")\(elapsed)"
        if let precision = progress.precision { line += "  " + precision }
        return line
    }

    /// Ends the redrawn line.
    func finish() {
        guard !quiet, isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
