import Foundation
import Testing

/// No module reads facts back out of another's event text: `TraceEvent.detail` is for people
/// (printed, written to events.csv, shown in a diagram note); what code needs travels in the
/// typed `payload`. This lint fails on any source outside StapleCore that parses a detail.
@Suite struct DetailTextLintTests {
    /// The ways of reading text that count as parsing when applied to a detail.
    static let parsing = [".hasPrefix(", ".hasSuffix(", ".contains(", ".split(", ".range(of", ".firstIndex(",
                          ".lastIndex(", ".dropFirst(", ".components(", ".starts(with", ".prefix(", ".suffix("]

    /// The parses of event detail text in `line`, if any.
    static func violations(in line: String) -> [String] {
        var found: [String] = []
        var rest = Substring(line)
        while let range = rest.range(of: ".detail") {
            let after = rest[range.upperBound...]
            if let reading = parsing.first(where: { after.hasPrefix($0) }) { found.append(".detail" + reading) }
            rest = after
        }
        if line.contains("in: $0.detail") || line.contains("in: event.detail") { found.append("field(…, in: detail)") }
        return found
    }

    @Test func theLintCatchesAParse() {
        #expect(Self.violations(in: #"if event.detail.hasPrefix("ok") {"#) == [".detail.hasPrefix("])
        #expect(Self.violations(in: #"RecordFolder.field("peer", in: event.detail)"#) == ["field(…, in: detail)"])
        #expect(Self.violations(in: #"print("query \(event.detail)")"#).isEmpty, "printing is rendering")
    }

    @Test func noSourceOutsideStapleCoreParsesEventDetail() throws {
        let sources = ScenarioTestSupport.packageRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var checked = 0
        var problems: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" && !url.path.contains("/Sources/StapleCore/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for violation in Self.violations(in: String(line)) {
                    problems.append("\(url.lastPathComponent):\(number + 1): \(violation)")
                }
            }
            checked += 1
        }
        #expect(checked > 100, "the lint read the sources")
        #expect(problems.isEmpty, "read the typed payload instead: \(problems)")
    }
}
