import Foundation

extension Scenario {
    /// A link's bandwidth cap, kept in whole bits per second: `10mbit`, `2MB/s`, `unlimited`.
    ///
    /// Units are decimal (k = 1000). Bits: `bit`, `kbit`, `mbit`, `gbit` (any case, `/s`
    /// optional, also `bps`, `kbps`, `mbps`, `gbps`). Bytes: `B/s`, `kB/s`, `MB/s`, `GB/s`
    /// (capital B; `/s` optional). A number without a unit is an error, and so is `mb`,
    /// which could mean either.
    public struct Bandwidth: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// Bits per second; `Int64.max` means no limit.
        public var bitsPerSecond: Int64

        /// A cap of `bitsPerSecond`.
        public init(bitsPerSecond: Int64) { self.bitsPerSecond = bitsPerSecond }

        /// No cap.
        public static let unlimited = Bandwidth(bitsPerSecond: .max)

        /// Whether there is no cap.
        public var isUnlimited: Bool { bitsPerSecond == .max }

        /// Bytes per second (infinity when unlimited).
        public var bytesPerSecond: Double { isUnlimited ? .infinity : Double(bitsPerSecond) / 8 }

        /// Orders by rate.
        public static func < (lhs: Bandwidth, rhs: Bandwidth) -> Bool { lhs.bitsPerSecond < rhs.bitsPerSecond }

        /// Why a text is not a bandwidth.
        public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
            /// Empty text.
            case empty
            /// A number without a unit.
            case missingUnit(String)
            /// A unit that is not one of the known ones (or is ambiguous).
            case unknownUnit(String, unit: String)
            /// Not a number at all.
            case notANumber(String)
            /// Zero, negative, or below 1 bit/s.
            case notPositive(String)

            /// A sentence that says what was wrong and how to write it.
            public var description: String {
                switch self {
                case .empty:
                    return "a bandwidth is empty; write it with a unit, e.g. 10mbit or 2MB/s"
                case .missingUnit(let text):
                    return "'\(text)' has no unit; write e.g. \(text)mbit or \(text)MB/s"
                case .unknownUnit(let text, let unit):
                    if let (bits, bytes) = Bandwidth.ambiguity(unit) {
                        return "'\(text)' is ambiguous; write \(bits) for bits or \(bytes) for bytes per second"
                    }
                    return "'\(text)' has an unknown unit '\(unit)'; use bit, kbit, mbit, gbit (bits/s) or B/s, kB/s, MB/s, GB/s"
                case .notANumber(let text):
                    return "'\(text)' is not a bandwidth; write a number and a unit, e.g. 10mbit or 2MB/s"
                case .notPositive(let text):
                    return "'\(text)' is not more than 1 bit/s; leave bandwidth out (or write unlimited) for no cap"
                }
            }
        }

        /// For `mb`, `Kb/s` and the like: the bit and the byte unit the writer may have meant.
        private static func ambiguity(_ unit: String) -> (bits: String, bytes: String)? {
            var lower = unit.lowercased()
            if lower.hasSuffix("/s") { lower.removeLast(2) }
            guard lower.hasSuffix("b"), lower.count <= 2 else { return nil }
            switch lower.first {
            case "b": return ("bit", "B/s")
            case "k": return ("kbit", "kB/s")
            case "m": return ("mbit", "MB/s")
            case "g": return ("gbit", "GB/s")
            default: return nil
            }
        }

        /// Parses `10mbit`, `2MB/s`, `512kbit/s`, `unlimited`.
        public init(parsing raw: String) throws(ParseError) {
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw .empty }
            if text.lowercased() == "unlimited" { self = .unlimited; return }
            guard let unitStart = text.firstIndex(where: { $0.isLetter }) else {
                if Double(text) != nil { throw .missingUnit(text) }
                throw .notANumber(text)
            }
            let number = String(text[..<unitStart]).trimmingCharacters(in: .whitespaces)
            let unit = String(text[unitStart...]).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite else { throw .notANumber(text) }
            guard let bitsPerUnit = Bandwidth.bitsPerUnit(unit) else { throw .unknownUnit(text, unit: unit) }
            let bits = (value * bitsPerUnit).rounded()
            guard bits >= 1 else { throw .notPositive(text) }
            guard bits < 9.2e18 else { throw .notANumber(text) }
            self.init(bitsPerSecond: Int64(bits))
        }

        private static func bitsPerUnit(_ unit: String) -> Double? {
            var u = unit
            if u.hasSuffix("/s") { u.removeLast(2) }
            let prefixes: [Character: Double] = ["k": 1e3, "m": 1e6, "g": 1e9]
            let lower = u.lowercased()
            for suffix in ["bit", "bps"] where lower.hasSuffix(suffix) && !(suffix == "bps" && unit.hasSuffix("/s")) {
                let prefix = lower.dropLast(suffix.count)
                if prefix.isEmpty { return 1 }
                if prefix.count == 1, let scale = prefixes[prefix.first!] { return scale }
                return nil
            }
            // Bytes need a capital B and, for the prefix, k/K, M, G.
            guard u.hasSuffix("B") else { return nil }
            let prefix = u.dropLast()
            if prefix.isEmpty { return 8 }
            switch prefix {
            case "k", "K": return 8e3
            case "M": return 8e6
            case "G": return 8e9
            default: return nil
            }
        }

        /// The shortest exact way to write it in bits: `10mbit`, `16mbit`, `1500bit`, `unlimited`.
        public var description: String {
            if isUnlimited { return "unlimited" }
            for (suffix, scale) in [("gbit", Int64(1_000_000_000)), ("mbit", 1_000_000), ("kbit", 1000)]
            where bitsPerSecond % scale == 0 {
                return "\(bitsPerSecond / scale)\(suffix)"
            }
            return "\(bitsPerSecond)bit"
        }
    }
}
