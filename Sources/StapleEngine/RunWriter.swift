import Foundation
import StapleCore
import StaplePKI
import StapleReport

/// Writes a run's files into its folder, each atomically (temp name, then rename), so a crash
/// never leaves half a file: the CSVs, `scenario.yaml`, `meta.json`, the Mermaid diagrams and
/// `report.html`.
///
/// A run killed at any moment leaves a folder that says what it is: ``begin(_:started:commandLine:)``
/// writes `meta.json` marked incomplete (no end time) and `scenario.yaml` before the first part,
/// ``append(_:origin:)`` adds each finished part's rows to `handshakes.csv`, `responder.csv` and
/// `events.csv` as it finishes, and ``write(_:commandLine:)`` replaces every file at the end —
/// `meta.json`, complete, last.
public struct RunWriter: Sendable {
    /// The tool's version, for `meta.json`.
    public static let toolVersion = "0.1.0"

    /// The folder.
    public let folder: String

    /// A writer for `folder` (created when writing).
    public init(folder: String) { self.folder = folder }

    /// The default folder: `Results/SCENARIO/UTC-TIMESTAMP`.
    public static func defaultFolder(for scenario: String, at date: Date = Date(), base: String = "Results") -> String {
        "\(base)/\(scenario)/\(timestamp(date))"
    }

    /// `20261125T122615Z`: a UTC time that sorts and fits in a file name.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// The summary of a result (warm-ups excluded), with responder requests per part and the
    /// history pairs of the whole run.
    public static func summary(_ result: RunResult) -> Summary {
        var requests: [SummaryKey: Int] = [:]
        var revocation: [SummaryKey: RevocationFigures] = [:]
        for part in result.parts {
            let key = SummaryKey(sweepPoint: part.sweepPoint, mode: part.mode.rawValue)
            requests[key] = part.responderRequests
            revocation[key] = part.revocationFigures
        }
        var summary = Summary(records: result.records, responderRequests: requests, history: history(result),
                              revocation: revocation)
        // A streamed part's records are a sample: its counts are the exact ones it kept.
        for part in result.parts {
            guard let sample = part.sample,
                  let index = summary.rows.firstIndex(where: { $0.key == SummaryKey(sweepPoint: part.sweepPoint, mode: part.mode.rawValue) })
            else { continue }
            summary.rows[index] = sample.correcting(summary.rows[index])
        }
        return summary
    }

    /// The (client, site) pairs each observer learned over the whole run, warm-up included.
    public static func history(_ result: RunResult) -> PrivacyHistory {
        PrivacyHistory(records: result.records + result.parts.flatMap { $0.sample?.witnesses ?? [] },
                       ledgers: ledgers(result))
    }

    /// The privacy ledgers, one per mode (sweep points merged: who learns what does not depend on delays).
    public static func ledgers(_ result: RunResult) -> [PrivacyLedger] {
        var byMode: [(mode: String, counted: [Observation], warmup: [Observation])] = []
        for part in result.parts {
            if let index = byMode.firstIndex(where: { $0.mode == part.mode.rawValue }) {
                byMode[index].counted += part.observations
                byMode[index].warmup += part.warmupObservations
            } else {
                byMode.append((part.mode.rawValue, part.observations, part.warmupObservations))
            }
        }
        return byMode.map { mode in
            var ledger = PrivacyLedger(scenario: result.scenario.name, mode: mode.mode, observations: mode.counted,
                                       warmup: mode.warmup)
            // Streamed parts counted their rows piece by piece.
            for part in result.parts where part.mode.rawValue == mode.mode {
                if let streamed = part.streamedLedger { ledger = ledger.merging(streamed) }
            }
            return ledger
        }
    }

    /// What `meta.json` says while the run goes (and after a kill, which leaves it so).
    public static let runningReason = "not finished: the run was still going, or was killed before it could write its end"

    /// The files ``append(_:origin:)`` adds each part's rows to, with their columns.
    static let streamedFiles: [(name: String, header: [String])] = [
        ("handshakes.csv", HandshakesCSV.table([]).header),
        ("responder.csv", ResponderCSV.table([]).header),
        ("events.csv", EventsCSV.columns + ["sweep_point", "mode"]),
    ]

    /// Starts the folder before the first part: `meta.json` marked incomplete, `scenario.yaml`,
    /// and the streamed CSVs with their header alone.
    public func begin(_ scenario: Scenario, started: Date, commandLine: [String]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let meta = RunMeta(toolVersion: RunWriter.toolVersion, scenario: scenario.name, seed: scenario.seed,
                           machine: MachineInfo.current(), opensslVersion: OpenSSLError.libraryVersion,
                           started: started, ended: nil, complete: false, interruptedReason: RunWriter.runningReason,
                           commandLine: commandLine)
        try AtomicFile.write(try meta.jsonText(), to: folder + "/meta.json")
        try AtomicFile.write(scenario.resolvedYAML(), to: folder + "/scenario.yaml")
        for file in RunWriter.streamedFiles {
            try AtomicFile.write(CSVTable(header: file.header).text, to: folder + "/" + file.name)
        }
    }

    /// Appends one finished part's rows (one write per file), in the order parts finish; a
    /// streamed part's pieces are appended as they finish, and the part itself, whose rows are
    /// then all written, adds nothing.
    public func append(_ part: ModeRun, origin: Instant) throws {
        guard part.sample == nil else { return }
        let tables = [HandshakesCSV.table(part.records), ResponderCSV.table(part.responderLog),
                      RunWriter.events(of: part, origin: origin)]
        for (file, table) in zip(RunWriter.streamedFiles, tables) where !table.rows.isEmpty {
            let path = folder + "/" + file.name
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(table.rows.map(CSVWriter.record).joined().utf8))
        }
    }

    /// Writes every file, `meta.json` last; returns the paths written.
    @discardableResult
    public func write(_ result: RunResult, commandLine: [String]) throws -> [String] {
        var written: [String] = []
        func put(_ name: String, _ text: String) throws {
            let path = folder + "/" + name
            try AtomicFile.write(text, to: path)
            written.append(path)
        }
        let summary = RunWriter.summary(result)
        let ledgers = RunWriter.ledgers(result)
        // A run with a streamed part keeps the streamed files as they were appended (every row,
        // in the order the pieces finished): memory holds only a sample of them.
        let streamed = result.parts.contains { $0.sample != nil }
        if !streamed { try put("handshakes.csv", HandshakesCSV.table(result.records).text) }
        try put("summary.csv", SummaryCSV.table(summary).text)
        try put("privacy.csv", PrivacyCSV.table(ledgers).text)
        if !streamed { try put("responder.csv", ResponderCSV.table(result.parts.flatMap(\.responderLog)).text) }
        if let exposure = result.exposureTable { try put("exposure.csv", exposure.text) }
        if !streamed { try put("events.csv", RunWriter.events(result).text) }
        try put("scenario.yaml", result.scenario.resolvedYAML())
        var meta = RunMeta(toolVersion: RunWriter.toolVersion, scenario: result.scenario.name, seed: result.scenario.seed,
                           machine: MachineInfo.current(), opensslVersion: OpenSSLError.libraryVersion,
                           started: result.started, ended: result.ended, complete: result.complete,
                           interruptedReason: result.stoppedEarly, commandLine: commandLine,
                           saturation: result.saturation)
        meta.hopLateness = result.deliveryLateness.compactMapValues(\.summary)
        let precision = result.parts.compactMap(\.precision)
        meta.precision = precision.isEmpty ? nil : precision
        let stories = RunWriter.stories(result)
        for (mode, story) in stories {
            try put("\(mode).mmd", story.diagram().mermaid)
        }
        let report = HTMLReportInput(scenario: result.scenario.name, meta: meta, summary: summary,
                                     waterfalls: stories.map { $0.1.waterfall(mode: $0.0) },
                                     sweepAxis: RunWriter.sweepAxis(result), ledgers: ledgers,
                                     addressNames: result.addressNames,
                                     responderLog: result.parts.flatMap(\.responderLog),
                                     history: RunWriter.history(result))
        try put("report.html", HTMLReport.render(report))
        // Last: a folder whose meta.json says complete has every other file.
        try put("meta.json", try meta.jsonText())
        return written
    }

    /// `events.csv`: the raw trace of every part, with the part's sweep point and mode as extra columns.
    static func events(_ result: RunResult) -> CSVTable {
        var table = CSVTable(header: EventsCSV.columns + ["sweep_point", "mode"])
        for part in result.parts {
            for row in events(of: part, origin: result.origin).rows { table.append(row) }
        }
        return table
    }

    /// One part's rows of `events.csv`.
    static func events(of part: ModeRun, origin: Instant) -> CSVTable {
        var table = CSVTable(header: EventsCSV.columns + ["sweep_point", "mode"])
        for row in EventsCSV.table(part.events, origin: origin).rows {
            table.append(row + [part.sweepPoint, part.mode.rawValue])
        }
        return table
    }

    /// Writes the report and the diagrams of a run folder read back from disk.
    @discardableResult
    public func rebuild(_ run: RunFolder) throws -> [String] {
        var written: [String] = []
        for (mode, story) in run.stories {
            let path = folder + "/\(mode).mmd"
            try AtomicFile.write(story.diagram().mermaid, to: path)
            written.append(path)
        }
        let names = Dictionary(run.records.map { ($0.clientAddress, $0.client) }, uniquingKeysWith: { first, _ in first })
        let report = HTMLReportInput(scenario: run.records.first?.scenario ?? run.meta?.scenario ?? "run", meta: run.meta,
                                     summary: run.summary, waterfalls: run.stories.map { $0.1.waterfall(mode: $0.0) },
                                     sweepAxis: RunWriter.sweepAxis(labels: run.records.map(\.sweepPoint)),
                                     ledgers: run.ledgers, addressNames: names, responderLog: run.responderLog,
                                     history: run.history)
        try AtomicFile.write(HTMLReport.render(report), to: folder + "/report.html")
        written.append(folder + "/report.html")
        return written
    }

    /// One story per mode: the representative connection of the mode's first sweep point.
    public static func stories(_ result: RunResult) -> [(String, ConnectionStory)] {
        var seen: Set<String> = []
        var stories: [(String, ConnectionStory)] = []
        for part in result.parts where !seen.contains(part.mode.rawValue) {
            seen.insert(part.mode.rawValue)
            guard let record = ConnectionStory.representative(of: part.sample?.firstRecords ?? part.records) else { continue }
            stories.append((part.mode.rawValue, ConnectionStory(record: record, events: part.events)))
        }
        return stories
    }

    /// The numeric axis of a one-field (or linked-fields) sweep over durations, for the sweep chart.
    static func sweepAxis(_ result: RunResult) -> SweepAxis? {
        sweepAxis(labels: result.parts.map(\.sweepPoint))
    }

    /// The same from sweep-point labels (`field=value,field=value`), as `handshakes.csv` keeps them:
    /// the first field's value, when every point gives it as a duration.
    static func sweepAxis(labels: [String]) -> SweepAxis? {
        var field: String?
        var values: [String: Double] = [:]
        for label in Set(labels) {
            guard let first = label.split(separator: ",").first,
                  let equals = first.firstIndex(of: "=") else { return nil }
            let name = String(first[..<equals])
            guard field == nil || field == name,
                  let delay = try? Delay(parsing: String(first[first.index(after: equals)...])) else { return nil }
            field = name
            values[label] = delay.milliseconds
        }
        guard let field else { return nil }
        return SweepAxis(name: field, unit: "ms", values: values)
    }
}
