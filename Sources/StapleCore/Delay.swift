/// A non-negative duration written with a unit, as scenario files and flags write it:
/// `250us`, `50ms`, `2s`, `1.5s`, `5m`, `2h`, `7d` (and `0`).
///
/// Parsing is strict: a number without a unit is an error, because `50` could mean
/// milliseconds or seconds and a benchmark must not guess.
public struct Delay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double

    /// Wraps a length in seconds.
    public init(seconds: Double) { self.seconds = seconds }
    /// A length in milliseconds.
    public static func milliseconds(_ ms: Double) -> Delay { Delay(seconds: ms / 1000) }
    /// A length in seconds.
    public static func seconds(_ s: Double) -> Delay { Delay(seconds: s) }
    /// No delay.
    public static let zero = Delay(seconds: 0)

    /// The length in milliseconds.
    public var milliseconds: Double { seconds * 1000 }
    /// The length in nanoseconds, rounded.
    public var nanoseconds: Int64 { Int64((seconds * 1e9).rounded()) }

    /// Orders by length.
    public static func < (lhs: Delay, rhs: Delay) -> Bool { lhs.seconds < rhs.seconds }

    /// Why a text is not a delay.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Empty text.
        case empty
        /// A number without a unit.
        case missingUnit(String)
        /// A unit that is not one of the known ones.
        case unknownUnit(String, unit: String)
        /// Not a number at all.
        case notANumber(String)
        /// Below zero.
        case negative(String)
        /// A number in exponent notation (`1e30s`), which durations do not take.
        case exponent(String)

        /// A sentence that says what was wrong and how to write it.
        public var description: String {
            switch self {
            case .empty:
                return "a duration is empty; write it with a unit, e.g. 50ms or 2s"
            case .missingUnit(let text):
                return "'\(text)' has no unit; write e.g. \(text)ms or \(text)s"
            case .unknownUnit(let text, let unit):
                return "'\(text)' has an unknown unit '\(unit)'; use one of us, ms, s, m, h, d"
            case .notANumber(let text):
                return "'\(text)' is not a duration; write a number and a unit, e.g. 50ms or 2s"
            case .negative(let text):
                return "'\(text)' is negative; a duration must be zero or more"
            case .exponent(let text):
                return "'\(text)' is in exponent notation; write the number out with a unit, e.g. 1000s or 2h"
            }
        }
    }

    private static let units: [(suffix: String, seconds: Double)] = [
        ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
    ]

    /// Parses `50ms`, `2s`, `1.5h`, `0`.
    public init(parsing raw: String) throws(ParseError) {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw .empty }
        if text == "0" { self.init(seconds: 0); return }
        // Split the number from the unit at the first letter.
        guard let unitStart = text.firstIndex(where: { $0.isLetter }) else {
            if Double(text) != nil {
                if text.hasPrefix("-") { throw .negative(text) }
                throw .missingUnit(text)
            }
            throw .notANumber(text)
        }
        let number = String(text[..<unitStart]).trimmingWhitespace()
        let unit = String(text[unitStart...]).trimmingWhitespace()
        if let e = unit.first, e == "e" || e == "E", unit.dropFirst().first.map({ $0.isNumber || $0 == "-" || $0 == "+" }) == true {
            throw .exponent(text)
        }
        guard let value = Double(number), value.isFinite else { throw .notANumber(text) }
        guard let scale = Delay.units.first(where: { $0.suffix == unit })?.seconds else {
            throw .unknownUnit(text, unit: unit)
        }
        guard value >= 0 else { throw .negative(text) }
        self.init(seconds: value * scale)
    }

    /// The shortest exact way to write it: `50ms`, `2s`, `250us`, `0`.
    public var description: String {
        if seconds == 0 { return "0" }
        for (suffix, scale) in [("d", 86_400.0), ("h", 3600), ("m", 60), ("s", 1), ("ms", 1e-3)] {
            let value = seconds / scale
            if value >= 1, abs(value - value.rounded()) < 1e-9 { return "\(Int(value.rounded()))\(suffix)" }
        }
        let ms = seconds * 1000
        if ms >= 1 { return "\(Delay.trim(ms))ms" }
        return "\(Delay.trim(seconds * 1e6))us"
    }

    private static func trim(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
