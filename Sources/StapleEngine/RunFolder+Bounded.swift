import Foundation
import StapleCore
import StapleReport

extension RunFolder {
    /// One part's rows as `handshakes.csv` gives them, held within `memory`'s bounds.
    private struct PartRows {
        /// Every record with its row number while the part is within the exact limit.
        var head: [(number: Int, record: HandshakeRecord)] = []
        var sample: PartSample
        var attempts = 0
    }

    /// `handshakes.csv` read row by row: each part's records whole while within
    /// `memory.exactLimit` attempts (in the file's order), else its sample, plus the sampled
    /// parts and where each one's beginning ends (`time_ms` of its first record after its
    /// first `memory.piece` counted ones; a part without one has no entry and keeps everything).
    static func boundedRecords(_ path: String, memory: RunMemory, seed: UInt64) throws
        -> (records: [HandshakeRecord], samples: [SummaryKey: PartSample], windows: [SummaryKey: Double]) {
        let file = path + "/handshakes.csv"
        guard FileManager.default.fileExists(atPath: file) else {
            throw Problem(description: "\(file): missing; is \(path) a run folder made by `staplebench run`?")
        }
        var parts: [SummaryKey: PartRows] = [:]
        var order: [SummaryKey] = []
        var windows: [SummaryKey: Double] = [:]
        var firstCounted: [SummaryKey: [HandshakeRecord]] = [:]
        try CSVFileReader.forEachRow(path: file) { header, row, number in
            let record = try Self.record(row, header: header, line: number, source: file)
            let key = SummaryKey(sweepPoint: record.sweepPoint, mode: record.mode)
            if parts[key] == nil {
                parts[key] = PartRows(sample: PartSample(capacity: memory.reservoir, seed: seed))
                order.append(key)
            }
            parts[key]!.attempts += 1
            parts[key]!.sample.add([record])
            if parts[key]!.attempts <= memory.exactLimit {
                parts[key]!.head.append((number, record))
            } else {
                parts[key]!.head = []
            }
            // The beginning of the part: its first `piece` counted records, up to the next one's start.
            if !record.warmup, windows[key] == nil {
                if firstCounted[key, default: []].count < memory.piece {
                    firstCounted[key, default: []].append(record)
                } else {
                    windows[key] = record.startedMs
                }
            }
        }
        var exact: [(number: Int, record: HandshakeRecord)] = []
        var records: [HandshakeRecord] = []
        var samples: [SummaryKey: PartSample] = [:]
        for key in order {
            guard let part = parts[key] else { continue }
            if part.attempts <= memory.exactLimit {
                exact += part.head
                windows[key] = nil
            } else {
                var sample = part.sample
                sample.firstRecords = firstCounted[key] ?? []
                samples[key] = sample
                records += sample.kept
            }
        }
        // The exact parts in the file's order, as a whole read gives them, before the samples.
        return (exact.sorted { $0.number < $1.number }.map(\.record) + records, samples, windows)
    }

    /// `events.csv` read row by row: every event of a part read whole, the beginning of a
    /// sampled one (before its `windows` entry), with the part of each when the file names it.
    static func boundedEvents(_ path: String, windows: [SummaryKey: Double]) throws
        -> (events: [TraceEvent], parts: [SummaryKey]) {
        let file = path + "/events.csv"
        guard FileManager.default.fileExists(atPath: file) else {
            throw Problem(description: "\(file): missing; is \(path) a run folder made by `staplebench run`?")
        }
        var events: [TraceEvent] = []
        var parts: [SummaryKey] = []
        var named = true
        try CSVFileReader.forEachRow(path: file) { header, row, number in
            var key: SummaryKey?
            if let point = header.firstIndex(of: "sweep_point"), let mode = header.firstIndex(of: "mode") {
                key = SummaryKey(sweepPoint: row[point], mode: row[mode])
            } else {
                named = false
            }
            // A sampled part's later events are skipped unread (a malformed time is reported by the full read below).
            if let key, let end = windows[key], let time = header.firstIndex(of: "time_ms"),
               let ms = Double(row[time]), ms >= end { return }
            events.append(try Self.event(row, header: header, line: number, source: file))
            if let key { parts.append(key) }
        }
        return (events, named ? parts : [])
    }
}
