import Foundation

/// RFC 4180 text: how fields are quoted and how values become fields.
///
/// Records end with CRLF (the last one too). A field is quoted when it contains a comma, a
/// double quote, CR or LF, or starts or ends with whitespace; a quote inside is doubled. A
/// missing value (`nil`) is an empty field. Numbers never depend on the locale and are never
/// in scientific notation: milliseconds with 3 decimals (`12.345`), counts as integers.
public enum CSVWriter {
    /// The record separator.
    public static let lineEnding = "\r\n"

    /// One field as it appears in the file, quoted when needed.
    public static func field(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        guard needsQuotes(value) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether `value` must be quoted.
    public static func needsQuotes(_ value: String) -> Bool {
        if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) {
            return true
        }
        let edges = [value.unicodeScalars.first, value.unicodeScalars.last].compactMap { $0 }
        return edges.contains { $0.properties.isWhitespace }
    }

    /// One record, with its CRLF.
    public static func record(_ fields: [String?]) -> String {
        fields.map(field).joined(separator: ",") + lineEnding
    }

    /// Milliseconds with 3 decimals (`12.345`); `nil` (an empty field) when absent or not finite.
    public static func milliseconds(_ value: Double?) -> String? {
        value.flatMap { FixedPoint.string($0, decimals: 3) }
    }

    /// A count as an integer; `nil` when absent.
    public static func count(_ value: Int?) -> String? {
        value.map { String($0) }
    }

    /// `yes` or `no`.
    public static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
}
