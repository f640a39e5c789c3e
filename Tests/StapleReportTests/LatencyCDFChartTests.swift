import Testing
import StapleCore
@testable import StapleReport

/// The CDF's legend with many sweep points: every entry on its own line, named by its short
/// label (the value that tells it apart), the swept field said once, the drawing as tall as it needs.
@Suite struct LatencyCDFChartTests {
    static func row(_ point: String, _ mode: String, _ samples: [Double]) -> SummaryRow {
        SummaryRow(scenario: "s", key: SummaryKey(sweepPoint: point, mode: mode), handshakes: samples.count,
                   connected: samples.count, softFail: 0, hardFail: 0, error: 0, stapled: 0,
                   latency: Statistics(samples), responderRequests: nil)
    }

    /// Two modes at eleven RTTs: 22 curves.
    static let rows: [SummaryRow] = (0..<11).flatMap { index -> [SummaryRow] in
        let point = "links.client-responder.rtt=\(index * 10)ms"
        return [row(point, "classic", [Double(100 + index), Double(110 + index)]),
                row(point, "stapled", [Double(50 + index), Double(60 + index)])]
    }

    static func legend(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"legend\"").dropFirst().compactMap { part in
            guard let open = part.firstIndex(of: ">"), let close = part[open...].firstIndex(of: "<") else { return nil }
            return String(part[part.index(after: open)..<close])
        }
    }

    @Test func twentyTwoSeriesEachGetTheirValueInTheLegend() throws {
        let svg = try #require(LatencyCDFChart.render(Self.rows, modes: ["classic", "stapled"]))
        let entries = Self.legend(svg)
        let expected = (0..<11).flatMap { ["classic @ \($0 * 10)ms (n=2)", "stapled @ \($0 * 10)ms (n=2)"] }
        #expect(entries.filter { $0.contains(" @ ") } == expected)
        #expect(entries.contains("links.client-responder.rtt"))
        #expect(!entries.contains { $0.contains("shown") })
        // 22 lines of 18 px under the fields' line do not fit the 380 px plot: the drawing grows.
        let height: Int = 20 + 10 + 18 + 22 * 18 + 10
        #expect(svg.contains("viewBox=\"0 0 960.0 \(height).0\""))
        // Eleven points, four dashes: the points are told apart by their opacity too, faint to full.
        #expect(svg.contains("stroke:#D55E00;stroke-opacity:0.30\""))
        #expect(svg.contains("stroke:#D55E00;stroke-dasharray:6 3;stroke-opacity:0.93\""))
        #expect(!svg.contains("stroke-opacity:1"))
    }

    @Test func beyondTheMostCurvesTheLegendSaysHowManyAreShown() throws {
        let many = (0..<13).flatMap { index -> [SummaryRow] in
            let point = "links.client-server.rtt=\(index)ms"
            return [Self.row(point, "classic", [1, 2]), Self.row(point, "stapled", [1, 2])]
        }
        let svg = try #require(LatencyCDFChart.render(many, modes: ["classic", "stapled"]))
        let entries = Self.legend(svg)
        #expect(entries.filter { $0.contains(" @ ") }.count == LatencyCDFChart.maxSeries)
        #expect(entries.last == "(first \(LatencyCDFChart.maxSeries) shown)")
    }

    @Test func pointsThatSetDifferentFieldsKeepTheirFullLabels() throws {
        let rows = [Self.row("links.client-server.rtt=1ms", "classic", [1, 2]),
                    Self.row("responder.delay=5ms", "classic", [1, 2])]
        let svg = try #require(LatencyCDFChart.render(rows, modes: ["classic"]))
        let entries = Self.legend(svg)
        #expect(entries.count == 2)
        #expect(entries[0] == "classic @ links.client-… (n=2)")
        #expect(entries[1] == "classic @ responder.del… (n=2)")
        #expect(svg.contains("<title>classic @ responder.delay=5ms</title>"))
    }
}
