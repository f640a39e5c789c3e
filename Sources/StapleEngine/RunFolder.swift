import Foundation
import StapleCore
import StapleReport

/// A run folder read back from its files, so that diagrams and the report can be rebuilt
/// after editing, or from results made on another machine.
public struct RunFolder: Sendable {
    /// The folder.
    public var path: String
    /// `meta.json`, when present.
    public var meta: RunMeta?
    /// `handshakes.csv`.
    public var records: [HandshakeRecord]
    /// `events.csv` (times relative to the run's origin, which is `Instant(nanoseconds: originOffset)`).
    public var events: [TraceEvent]
    /// The privacy ledgers of `privacy.csv`.
    public var ledgers: [PrivacyLedger]
    /// `responder.csv`.
    public var responderLog: [ResponderLogEntry]
    /// `responder_requests` of `summary.csv`, per (sweep point, mode).
    public var responderRequests: [SummaryKey: Int]
    /// The (sweep point, mode) of each of `events`, from `events.csv`'s last two columns (parts
    /// run with `--parallel` overlap in time, so a story must read its own part's events only).
    public var eventParts: [SummaryKey] = []
    /// The revocation columns of `summary.csv`, per (sweep point, mode).
    public var revocation: [SummaryKey: RevocationFigures] = [:]
    /// The parts read with a bounded memory (``load(_:memory:)``) that were longer than its
    /// exact limit: their exact counts, a uniform sample (their ``records``), their first
    /// records (the diagrams') and one witness per visit, as a streamed run kept them.
    public var samples: [SummaryKey: PartSample] = [:]

    /// Where event times are anchored (so that negative `time_ms` values stay representable).
    public static let originOffset: UInt64 = EventsCSV.anchor

    /// Why a folder cannot be read.
    public struct Problem: Error, CustomStringConvertible {
        /// What is wrong, naming the file (and line) and how to fix it.
        public var description: String
    }

    /// Reads `path` whole.
    public static func load(_ path: String) throws -> RunFolder { try load(path, bounded: nil) }

    /// Reads `path` with memory bounded in its number of rows, as a run bounds its own: a part
    /// of at most `memory.exactLimit` attempts is read whole (the same folder as ``load(_:)``);
    /// a longer one — a streamed run's — keeps exact counts, a uniform sample of
    /// `memory.reservoir` counted records (drawn as the run drew it: same algorithm, seed and
    /// order, given the run's bounds and `meta.json`'s seed; a sweep over `seed` draws other
    /// samples), its first `memory.piece` counted records for the diagrams, one witness per visit,
    /// and only the events and responder rows of its beginning (up to the first record after
    /// those), which is what its diagrams and the responder chart of a streamed run show.
    public static func load(_ path: String, memory: RunMemory) throws -> RunFolder { try load(path, bounded: memory) }

    private static func load(_ path: String, bounded memory: RunMemory?) throws -> RunFolder {
        func text(_ name: String) throws -> String {
            let file = path + "/" + name
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Problem(description: "\(file): missing; is \(path) a run folder made by `staplebench run`?")
            }
            return String(decoding: data, as: UTF8.self)
        }
        var records: [HandshakeRecord], events: [TraceEvent], eventParts: [SummaryKey]
        var samples: [SummaryKey: PartSample] = [:], windows: [SummaryKey: Double] = [:]
        if let memory {
            let seed = (try? text("meta.json")).flatMap { try? RunMeta.decode($0, source: path + "/meta.json") }?.seed
                ?? Scenario.defaultSeed
            (records, samples, windows) = try boundedRecords(path, memory: memory, seed: seed)
            (events, eventParts) = try boundedEvents(path, windows: windows)
        } else {
            let handshakes = try CSVReader.table(from: try text("handshakes.csv"), source: path + "/handshakes.csv")
            records = try handshakes.rows.enumerated().map { index, row in
                try record(row, header: handshakes.header, line: index + 2, source: path + "/handshakes.csv")
            }
            let eventsTable = try CSVReader.table(from: try text("events.csv"), source: path + "/events.csv")
            events = try eventsTable.rows.enumerated().map { index, row in
                try event(row, header: eventsTable.header, line: index + 2, source: path + "/events.csv")
            }
            eventParts = []
            if let point = eventsTable.header.firstIndex(of: "sweep_point"), let mode = eventsTable.header.firstIndex(of: "mode") {
                eventParts = eventsTable.rows.map { row in
                    SummaryKey(sweepPoint: (point < row.count ? row[point] : nil) ?? "", mode: (mode < row.count ? row[mode] : nil) ?? "")
                }
            }
        }
        var ledgers: [PrivacyLedger] = []
        if let privacyText = try? text("privacy.csv") {
            let table = try CSVReader.table(from: privacyText, source: path + "/privacy.csv")
            for (index, row) in table.rows.enumerated() {
                let fields = Fields(header: table.header, row: row, line: index + 2, source: path + "/privacy.csv")
                let mode = try fields.string("mode")
                let observer = try fields.string("observer")
                let party: Party = observer.hasPrefix("tap:") ? .tap(String(observer.dropFirst(4)))
                    : Party(Party.Role(rawValue: observer) ?? .client, observer)
                let row = PrivacyRow(scenario: try fields.string("scenario"), mode: mode, observer: party,
                                     observerAddress: try fields.string("observer_address"), hostname: try fields.string("hostname"),
                                     clientAddress: try fields.string("client_address"),
                                     via: Observation.Channel(rawValue: try fields.string("via")), count: try fields.int("count"),
                                     warmupCount: (try? fields.int("warmup_count")) ?? 0,
                                     requested: (try? fields.string("requested")) ?? "")
                if let at = ledgers.firstIndex(where: { $0.mode == mode }) {
                    ledgers[at].rows.append(row)
                } else {
                    var ledger = PrivacyLedger(scenario: row.scenario, mode: mode, observations: [])
                    ledger.rows = [row]
                    ledgers.append(ledger)
                }
            }
        }
        var log: [ResponderLogEntry] = []
        func responderEntry(_ fields: Fields) throws -> ResponderLogEntry {
            ResponderLogEntry(scenario: try fields.string("scenario"), sweepPoint: try fields.string("sweep_point"),
                              mode: try fields.string("mode"), timeMs: try fields.double("time_ms"),
                              requesterAddress: try fields.string("requester_address"),
                              method: try fields.string("method"), hostname: try fields.string("hostname"),
                              status: try fields.string("status"), bytes: try fields.int("bytes"))
        }
        if memory != nil {
            // A sampled part's rows of its beginning only (its responder chart, as the run's).
            let file = path + "/responder.csv"
            if FileManager.default.fileExists(atPath: file) {
                try CSVFileReader.forEachRow(path: file) { header, row, number in
                    let entry = try responderEntry(Fields(header: header, row: row, line: number, source: file))
                    let key = SummaryKey(sweepPoint: entry.sweepPoint, mode: entry.mode)
                    if windows[key].map({ entry.timeMs < $0 }) ?? true { log.append(entry) }
                }
            }
        } else if let responderText = try? text("responder.csv") {
            let table = try CSVReader.table(from: responderText, source: path + "/responder.csv")
            for (index, row) in table.rows.enumerated() {
                log.append(try responderEntry(Fields(header: table.header, row: row, line: index + 2, source: path + "/responder.csv")))
            }
        }
        var requests: [SummaryKey: Int] = [:]
        var revocation: [SummaryKey: RevocationFigures] = [:]
        if let summaryText = try? text("summary.csv") {
            let table = try CSVReader.table(from: summaryText, source: path + "/summary.csv")
            for (index, row) in table.rows.enumerated() {
                let fields = Fields(header: table.header, row: row, line: index + 2, source: path + "/summary.csv")
                let key = SummaryKey(sweepPoint: try fields.string("sweep_point"), mode: try fields.string("mode"))
                requests[key] = try fields.optionalInt("responder_requests")
                // The revocation columns came later: a folder written before them has none.
                if table.header.contains("exposure_window_s") {
                    revocation[key] = RevocationFigures(
                        exposureWindowS: RevocationFigures.exposure(from: try fields.string("exposure_window_s")),
                        bytesPerHandshake: Double(try fields.string("revocation_bytes_per_handshake")),
                        caRequests: try fields.optionalInt("ca_requests"))
                }
            }
        }
        if let exposureText = try? text("exposure.csv") {
            let table = try CSVReader.table(from: exposureText, source: path + "/exposure.csv")
            for (key, clients) in ExposureCSV.clients(in: table) { revocation[key, default: RevocationFigures()].clients = clients }
        }
        let meta = (try? text("meta.json")).flatMap { try? RunMeta.decode($0, source: path + "/meta.json") }
        var folder = RunFolder(path: path, meta: meta, records: records, events: events, ledgers: ledgers, responderLog: log,
                               responderRequests: requests)
        folder.eventParts = eventParts
        folder.samples = samples
        folder.revocation = revocation
        return folder
    }

    /// The summary, as the run computed it.
    public var summary: Summary {
        var summary = Summary(records: records, responderRequests: responderRequests, history: history, revocation: revocation)
        // A sampled part's counts are exact, not its sample's (as the run's own summary).
        for (key, sample) in samples {
            if let index = summary.rows.firstIndex(where: { $0.key == key }) { summary.rows[index] = sample.correcting(summary.rows[index]) }
        }
        return summary
    }

    /// The (client, site) pairs each observer learned, from the records (and a sampled part's
    /// witnesses) and `privacy.csv`.
    public var history: PrivacyHistory {
        PrivacyHistory(records: records + samples.values.flatMap(\.witnesses), ledgers: ledgers)
    }

    /// One story per mode (the first sweep point's representative connection).
    public var stories: [(String, ConnectionStory)] {
        var result: [(String, ConnectionStory)] = []
        let firstPoint = records.first?.sweepPoint ?? ""
        for mode in records.map(\.mode).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            let key = SummaryKey(sweepPoint: firstPoint, mode: mode)
            let part = samples[key]?.firstRecords ?? records.filter { $0.mode == mode && $0.sweepPoint == firstPoint }
            guard let record = ConnectionStory.representative(of: part) else { continue }
            let own = eventParts.count == events.count ? zip(events, eventParts).filter { $0.1 == key }.map(\.0) : events
            result.append((mode, ConnectionStory(record: record, events: own)))
        }
        return result
    }

    // MARK: - Rows

    struct Fields {
        let header: [String]
        let row: [String?]
        let line: Int
        let source: String

        func raw(_ name: String) throws -> String? {
            guard let index = header.firstIndex(of: name) else {
                throw Problem(description: "\(source):1: no '\(name)' column; the file is not in StapleBench's format")
            }
            return index < row.count ? row[index] : nil
        }
        func string(_ name: String) throws -> String { try raw(name) ?? "" }
        func double(_ name: String) throws -> Double {
            guard let value = try optionalDouble(name) else { throw Problem(description: "\(source):\(line): \(name): empty, expected a number") }
            return value
        }
        func optionalDouble(_ name: String) throws -> Double? {
            guard let text = try raw(name), !text.isEmpty else { return nil }
            guard let value = Double(text) else { throw Problem(description: "\(source):\(line): \(name): '\(text)' is not a number") }
            return value
        }
        func int(_ name: String) throws -> Int { try optionalInt(name) ?? 0 }
        func optionalInt(_ name: String) throws -> Int? {
            guard let text = try raw(name), !text.isEmpty else { return nil }
            guard let value = Int(text) else { throw Problem(description: "\(source):\(line): \(name): '\(text)' is not a whole number") }
            return value
        }
    }

    static func record(_ row: [String?], header: [String], line: Int, source: String) throws -> HandshakeRecord {
        let f = Fields(header: header, row: row, line: line, source: source)
        guard let outcome = HandshakeRecord.Outcome(rawValue: try f.string("outcome")) else {
            throw Problem(description: "\(source):\(line): outcome: '\(try f.string("outcome"))' is not one of connected, soft-fail, hard-fail, error")
        }
        var record = HandshakeRecord(
            scenario: try f.string("scenario"), sweepPoint: try f.string("sweep_point"), mode: try f.string("mode"),
            client: try f.string("client"), site: try f.string("site"), seq: try f.int("seq"),
            warmup: (try? f.string("warmup")) == "yes", startedMs: try f.double("started_ms"),
            dnsMs: try f.optionalDouble("dns_ms"), tcpMs: try f.optionalDouble("tcp_ms"), tlsMs: try f.optionalDouble("tls_ms"),
            ocspMs: try f.optionalDouble("ocsp_ms"), verifyMs: try f.optionalDouble("verify_ms"),
            ttfbMs: try f.optionalDouble("ttfb_ms"), modelMs: try f.optionalDouble("model_ms"),
            stapled: try f.string("staple") == "yes", ocspStatus: try f.string("ocsp_status"), outcome: outcome,
            error: try f.string("error"), clientAddress: (try? f.string("client_address")) ?? "",
            connection: ConnectionID(UInt64((try? f.int("connection")) ?? 0)),
            endedMs: f.header.contains("ended_ms") ? try f.optionalDouble("ended_ms") : nil)
        record.tlsVersion = f.header.contains("tls_version") ? try f.string("tls_version") : ""
        record.phaseSources = f.header.contains("phase_sources") ? try f.string("phase_sources") : ""
        return record
    }

    static func event(_ row: [String?], header: [String], line: Int, source: String) throws -> TraceEvent {
        let f = Fields(header: header, row: row, line: line, source: source)
        let ms = try f.double("time_ms")
        let partyText = try f.string("party")
        guard let colon = partyText.firstIndex(of: ":"), let role = Party.Role(rawValue: String(partyText[..<colon])) else {
            throw Problem(description: "\(source):\(line): party: '\(partyText)' is not ROLE:NAME")
        }
        let nanoseconds = Int64(originOffset) + Int64((ms * 1_000_000).rounded())
        return TraceEvent(time: Instant(nanoseconds: UInt64(max(0, nanoseconds))),
                          party: Party(role, String(partyText[partyText.index(after: colon)...])),
                          kind: EventKind(try f.string("event")), connection: ConnectionID(UInt64(try f.int("connection"))),
                          bytes: try f.int("bytes"), detail: try f.string("detail"), payload: try payload(f))
    }

    /// The `payload` field of an events row (absent in folders written before it existed).
    private static func payload(_ f: Fields) throws -> EventPayload {
        guard f.header.contains("payload") else { return .none }
        let text = try f.string("payload")
        do {
            return try EventsCSV.payload(from: text)
        } catch {
            throw Problem(description: "\(f.source):\(f.line): payload: not the JSON of an event payload (\(error)); "
                          + "rewrite the folder with this version of staplebench")
        }
    }
}
