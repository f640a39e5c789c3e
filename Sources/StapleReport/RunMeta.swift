import Foundation
import StapleCore

/// `meta.json`: what made a run, where, when, and whether it finished.
///
/// Written with sorted keys and pretty printed; times are ISO-8601 in UTC with milliseconds
/// (`2025-01-31T12:00:00.000Z`); absent values are written as `null`.
public struct RunMeta: Hashable, Sendable, Codable {
    /// `staplebench` version.
    public var toolVersion: String
    /// Scenario name.
    public var scenario: String
    /// The random seed the run used.
    public var seed: UInt64
    /// The machine.
    public var machine: MachineInfo
    /// OpenSSL's version string (`OpenSSL 3.0.15 3 Sep 2024`).
    public var opensslVersion: String
    /// When the run started (wall clock).
    public var started: Date
    /// When the run ended (wall clock); `nil` while it runs.
    public var ended: Date?
    /// Whether every planned handshake ran.
    public var complete: Bool
    /// Why the run stopped early (`SIGINT`, an error), or `nil`.
    public var interruptedReason: String?
    /// The command line, one argument per element.
    public var commandLine: [String]
    /// What the saturation guard found (event-loop lag against the measured latencies); `nil`
    /// while the run is going and in folders written before the guard existed.
    public var saturation: SaturationNote?
    /// Front door → how late its delayed deliveries went out against their deadlines, over the
    /// whole run (µs: p50, p99, max, count): the harness's own timing error beside what it measured.
    public var hopLateness: [String: LatenessHistogram.Summary]?
    /// With `run --precision`: per part, whether every p50/p90 interval got narrower than asked
    /// and with how many handshakes; `null` without it.
    public var precision: [PrecisionOutcome]?

    /// Makes a description.
    public init(toolVersion: String, scenario: String, seed: UInt64, machine: MachineInfo,
                opensslVersion: String, started: Date, ended: Date? = nil, complete: Bool,
                interruptedReason: String? = nil, commandLine: [String], saturation: SaturationNote? = nil) {
        self.toolVersion = toolVersion
        self.scenario = scenario
        self.seed = seed
        self.machine = machine
        self.opensslVersion = opensslVersion
        self.started = started
        self.ended = ended
        self.complete = complete
        self.interruptedReason = interruptedReason
        self.commandLine = commandLine
        self.saturation = saturation
    }

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", scenario, seed, machine, opensslVersion = "openssl_version"
        case started, ended, complete, interruptedReason = "interrupted_reason", commandLine = "command_line"
        case saturation
        case hopLateness = "hop_lateness_us"
        case precision
    }

    /// Encodes every key, `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(seed, forKey: .seed)
        try c.encode(machine, forKey: .machine)
        try c.encode(opensslVersion, forKey: .opensslVersion)
        try c.encode(started, forKey: .started)
        try c.encode(ended, forKey: .ended)
        try c.encode(complete, forKey: .complete)
        try c.encode(interruptedReason, forKey: .interruptedReason)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encode(saturation, forKey: .saturation)
        try c.encode(hopLateness, forKey: .hopLateness)
        try c.encodeIfPresent(precision, forKey: .precision)
    }

    /// The JSON text (sorted keys, pretty printed, ends with a newline).
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Self.timestamp(date))
        }
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        } catch {
            throw ReportError(.encodingFailed, "cannot encode meta.json: \(error)")
        }
    }

    /// Writes `jsonText()` to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonText(), to: path)
    }

    /// Reads `meta.json` text (times with or without fractional seconds).
    public static func decode(_ text: String, source: String = "meta.json") throws -> RunMeta {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = Self.date(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription:
                    "'\(text)' is not an ISO-8601 UTC time such as 2025-01-31T12:00:00.000Z")
            }
            return date
        }
        do {
            return try decoder.decode(RunMeta.self, from: Data(text.utf8))
        } catch {
            throw ReportError(.encodingFailed, "\(source): not a valid meta.json: \(error)")
        }
    }

    /// `date` as ISO-8601 UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Parses ISO-8601 UTC with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
