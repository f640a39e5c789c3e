import Foundation
import StapleCore
import Testing
@testable import StapleReport

@Suite struct HTMLReportTests {
    static let classicWaterfall = Waterfall(
        mode: "classic", caption: "Alice → example.com, seq 1",
        lanes: ["Alice's Browser", "OCSP Responder", "example.com Server"],
        steps: [
            WaterfallStep(timeMs: 0, from: "Alice's Browser", to: "example.com Server", label: "TLS Handshake (ClientHello)"),
            WaterfallStep(timeMs: 20, from: "example.com Server", to: "Alice's Browser", label: "Sends its certificate"),
            WaterfallStep(timeMs: 21, from: "Alice's Browser", to: "OCSP Responder",
                          label: "POST http://127.0.0.4:8080/ocsp <CertID>"),
            WaterfallStep(timeMs: 80, from: "OCSP Responder", to: "Alice's Browser", label: "Sends OCSP response (Signed, Valid)"),
            WaterfallStep(timeMs: 81, from: "Alice's Browser", to: "Alice's Browser", label: "Validates OCSP response"),
            WaterfallStep(timeMs: 100, from: "Alice's Browser", to: "example.com Server", label: "Completes TLS Handshake"),
        ])

    static let stapledWaterfall = Waterfall(
        mode: "stapled", lanes: ["Alice's Browser", "example.com Server"],
        steps: [
            WaterfallStep(timeMs: 0, from: "Alice's Browser", to: "example.com Server", label: "ClientHello"),
            WaterfallStep(timeMs: 20.5, from: "example.com Server", to: "Alice's Browser", label: "Certificate + staple"),
            WaterfallStep(timeMs: 41, from: "Alice's Browser", to: "example.com Server", label: "Finished, HTTP request"),
        ])

    static func input(sweep: Bool = false) -> HTMLReportInput {
        var meta = Fixtures.meta
        meta.complete = false
        meta.interruptedReason = "SIGINT"
        var ledgers = Fixtures.ledgers
        ledgers[0].rows.append(PrivacyRow(scenario: "s", mode: "classic", observer: .tap("client-server"),
                                          observerAddress: "127.0.0.8", hostname: "<b>evil</b>.test",
                                          clientAddress: "127.0.1.1", via: .sni, count: 3))
        var records = Fixtures.handshakes
        var axis: SweepAxis?
        if sweep {
            records = []
            for rtt in [1.0, 50, 100] {
                for mode in ["classic", "stapled"] {
                    let model: Double = rtt * (mode == "classic" ? 5 : 3)
                    for i in 0..<5 {
                        records.append(HandshakeRecord(
                            scenario: "rtt-sweep", sweepPoint: "rtt=\(Int(rtt))ms", mode: mode, client: "Alice",
                            site: "example.com", seq: i, startedMs: 0, ttfbMs: model + Double(i), modelMs: model,
                            outcome: .connected))
                    }
                }
            }
            axis = SweepAxis(name: "links.client-server.rtt", unit: "ms",
                             values: ["rtt=1ms": 1, "rtt=50ms": 50, "rtt=100ms": 100])
        }
        return HTMLReportInput(scenario: "classic-vs-stapled & <friends>", meta: meta,
                               summary: Summary(records: records, responderRequests: Fixtures.responderRequests),
                               waterfalls: [classicWaterfall, stapledWaterfall], sweepAxis: axis, ledgers: ledgers,
                               addressNames: Fixtures.addressNames, responderLog: Fixtures.responderLog)
    }

    @Test func everySectionIsPresentInOrder() throws {
        let html = HTMLReport.render(Self.input())
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil, "report.html is not well-formed: \(outline.error ?? "")")
        let ids = outline.all("section").compactMap { $0.attributes["id"] }
        #expect(ids == ["comparison", "waterfalls", "latency-cdf", "privacy", "responder-load"])
        // Two waterfalls, the CDF and the responder load.
        #expect(outline.all("svg").count == 4)
        #expect(outline.text.contains("This run is incomplete: SIGINT."))
        #expect(outline.text.contains("StapleBench: classic-vs-stapled & <friends>"))
        #expect(outline.text.contains("stapled saves 1037.6 ms at p50 (-95%)"))
    }

    @Test func aSweepAddsItsChartWithTheModelsLines() throws {
        let html = HTMLReport.render(Self.input(sweep: true))
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil)
        #expect(outline.all("section").compactMap { $0.attributes["id"] }
                == ["comparison", "waterfalls", "latency-cdf", "sweep", "privacy", "responder-load"])
        #expect(SweepChart.render([], axis: SweepAxis(name: "x", values: [:]), modes: []) == nil)
        let input = Self.input(sweep: true)
        let axis = try #require(input.sweepAxis)
        let chart = try #require(SweepChart.render(input.summary.rows, axis: axis, modes: ["classic", "stapled"]))
        let parsed = XMLOutline.parse(chart)
        #expect(parsed.error == nil)
        // Per mode one measured line and one dashed model line.
        let lines = parsed.all("polyline").map { $0.attributes["class"] ?? "" }
        #expect(lines.filter { $0 == "series" }.count >= 2)
        #expect(lines.filter { $0 == "series model" }.count >= 2)
        #expect(parsed.all("circle").count == 6)   // 3 sweep points × 2 modes
    }

    @Test func everySVGIsWellFormedOnItsOwn() throws {
        let html = HTMLReport.render(Self.input(sweep: true))
        var rest = Substring(html)
        var count = 0
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            let outline = XMLOutline.parse(svg)
            #expect(outline.error == nil, "SVG \(count) is not well-formed: \(outline.error ?? "")")
            #expect(outline.elements.first?.name == "svg")
            count += 1
            rest = rest[end.upperBound...]
        }
        #expect(count == 5)
    }

    @Test func nothingIsLoadedFromOutsideAndNothingRuns() throws {
        let html = HTMLReport.render(Self.input(sweep: true))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("@import"))
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil)
        for element in outline.elements {
            #expect(!["script", "link", "img", "iframe", "object", "embed", "image", "use"].contains(element.name))
            for (name, value) in element.attributes {
                #expect(!["src", "href", "xlink:href", "srcset", "action"].contains(name), "\(element.name) has \(name)")
                #expect(!value.contains("http://") && !value.contains("https://"), "\(element.name) \(name)=\(value)")
                if value.contains("url(") { #expect(value.hasPrefix("url(#"), "\(element.name) \(name)=\(value)") }
                if name.lowercased().hasPrefix("on") { Issue.record("event handler \(name) on \(element.name)") }
            }
        }
        // The only http:// on the page is the OCSP URL named in text.
        #expect(outline.text.contains("POST http://127.0.0.4:8080/ocsp <CertID>"))
        let css = try #require(html.range(of: "<style>")).upperBound
        let cssEnd = try #require(html.range(of: "</style>")).lowerBound
        #expect(!html[css..<cssEnd].contains("url("))
    }

    @Test func waterfallArrowsSitAtTheirRealTimes() throws {
        let outline = XMLOutline.parse(WaterfallChart.render(Self.classicWaterfall, color: "#D55E00"))
        #expect(outline.error == nil)
        let arrows = outline.all("line").filter { $0.attributes["class"] == "arrow" }
        #expect(arrows.count == 5)   // the self step is a dot
        let ys = arrows.compactMap { $0.attributes["y1"].flatMap(Double.init) }
        let times = Self.classicWaterfall.steps.filter { $0.from != $0.to }.map(\.timeMs)
        // y = a + b·t: every step's offset from the first is proportional to its time.
        let pixelsPerMs = (ys[4] - ys[0]) / (times[4] - times[0])
        #expect(pixelsPerMs > 0)
        for (y, t) in zip(ys, times) { #expect(abs((y - ys[0]) - pixelsPerMs * (t - times[0])) < 0.15) }
        let lanes = outline.all("text").filter { $0.attributes["class"] == "lane" }
        #expect(lanes.count == 3)
        // Labels never overlap: at least 17 units apart, in time order.
        let labelYs = outline.all("text").filter { $0.attributes["class"] == "label" }
            .compactMap { $0.attributes["y"].flatMap(Double.init) }
        #expect(labelYs.count == 6)
        for (a, b) in zip(labelYs, labelYs.dropFirst()) { #expect(b - a >= 16.9) }
    }

    @Test func aMessageWithItsArrivalIsASlantedArrowAndAPhaseABar() throws {
        let waterfall = Waterfall(mode: "classic", lanes: ["Alice", "Server"], steps: [
            WaterfallStep(timeMs: 10, arrivalMs: 50, from: "Alice", to: "Alice", label: "TCP handshake (emulated)"),
            WaterfallStep(timeMs: 10, arrivalMs: 70, from: "Alice", to: "Server", label: "ClientHello"),
            WaterfallStep(timeMs: 71, arrivalMs: 91, from: "Server", to: "Alice", label: "ServerHello"),
            WaterfallStep(timeMs: 95, from: "Alice", to: "Server", label: "level"),
        ])
        let outline = XMLOutline.parse(WaterfallChart.render(waterfall, color: "#000"))
        #expect(outline.error == nil)
        func number(_ element: XMLOutline.Element, _ name: String) -> Double { Double(element.attributes[name] ?? "") ?? .nan }
        let arrows = outline.all("line").filter { $0.attributes["class"] == "arrow" }
        #expect(arrows.count == 3)
        // Each arrow falls by its time on the link, to the same scale as the time axis: 60 ms then 20 ms
        // (coordinates are written to 0.1 unit).
        let drops = arrows.map { number($0, "y2") - number($0, "y1") }
        let pixelsPerMs = drops[0] / 60
        #expect(pixelsPerMs > 0 && abs(drops[1] - 20 * pixelsPerMs) < 0.15 && drops[2] == 0, "\(drops)")
        // The ServerHello starts 61 ms after the ClientHello was sent.
        #expect(abs((number(arrows[1], "y1") - number(arrows[0], "y1")) - 61 * pixelsPerMs) < 0.15)
        let phases = outline.all("line").filter { $0.attributes["class"] == "phase" }
        #expect(phases.count == 1)
        #expect(phases.first.map { number($0, "x1") == number($0, "x2") && abs(number($0, "y2") - number($0, "y1") - 40 * pixelsPerMs) < 0.15 } == true)
        // The time axis reaches the last arrival, not only the last send.
        #expect(waterfall.steps.map(\.endMs).max() == 95)
    }

    @Test func longLaneNamesWrapOntoTwoLines() {
        #expect(WaterfallChart.headerLines("example.com Server", limit: 12) == ["example.com", "Server"])
        #expect(WaterfallChart.headerLines("Alice", limit: 12) == ["Alice"])
        #expect(WaterfallChart.headerLines("a-very-long-hostname.example", limit: 12) == ["a-very-long…"])
        #expect(WaterfallChart.headerLines("Alice's Browser on a phone", limit: 16) == ["Alice's Browser", "on a phone"])
    }

    @Test func privacyMatrixEscapesAndPutsModesSideBySide() throws {
        let table = PrivacyMatrixTable.render(Self.input().ledgers, modes: ["classic", "stapled"],
                                              addressNames: Fixtures.addressNames)
        let outline = XMLOutline.parse(table)
        #expect(outline.error == nil)
        #expect(table.contains("&lt;b&gt;evil&lt;/b&gt;.test"))
        let modeHeaders = outline.all("th").filter { $0.attributes["class"] == "mode" }
        // 4 hostnames (bücher.example, example.com, ocsp.ca.test, <b>evil</b>.test) × 2 modes.
        #expect(modeHeaders.count == 8)
        #expect(outline.all("td").filter { $0.attributes["class"] == "learned" }.count == 11)   // 8 (observer, host) facts under classic, 3 under stapled
        #expect(table.contains("<span class=\"via\">ocsp-certid</span><br/>Alice 127.0.1.1 ×2"))
    }

    @Test func responderLoadStacksRequestsByMode() throws {
        let chart = try #require(ResponderLoadChart.render(Fixtures.responderLog, modes: ["classic", "stapled"]))
        let outline = XMLOutline.parse(chart)
        #expect(outline.error == nil)
        let bars = outline.all("rect").filter { $0.attributes["class"] == "bar" }
        #expect(bars.count == 5)   // 3 requests in 3 bins, plus 2 legend swatches
        #expect(ResponderLoadChart.render([], modes: []) == nil)
    }

    @Test func axisTicksAreRound() {
        #expect(AxisTicks.ticks(from: 0, to: 134.5, count: 6) == [0, 25, 50, 75, 100, 125, 150])
        #expect(AxisTicks.ticks(from: 1, to: 300, count: 6) == [0, 50, 100, 150, 200, 250, 300])
        #expect(AxisTicks.niceStep(0.03) == 0.05)
        #expect(AxisTicks.label(0.25, step: 0.05) == "0.25")
        #expect(AxisTicks.label(0.75, step: 0.25) == "0.75")
        #expect(AxisTicks.label(100, step: 25) == "100")
        #expect(AxisTicks.ticks(from: 0, to: 1, count: 4) == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test func reportShowsIntervalsFailureCostAndTheHistory() throws {
        let summary = ComparisonTableTests.sweepSummary
        let history = PrivacyHistory(records: [HandshakeRecord(scenario: "s", mode: "classic", client: "Alice", site: "a.test",
                                                               seq: 0, startedMs: 0, outcome: .connected, clientAddress: "127.0.1.1")],
                                     ledgers: Fixtures.ledgers)
        let html = HTMLReport.render(HTMLReportInput(scenario: "s", summary: summary, history: history))
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil)
        #expect(outline.text.contains("p50 95% CI"))
        #expect(outline.text.contains("[410.6, 411.4]"))
        #expect(outline.text.contains("3004.3/3004.3"))     // the hard-fails' time to failure
        #expect(outline.text.contains("no measurable difference at p50"))
        #expect(outline.text.contains("percentile bootstrap, 2000 resamples"))
        #expect(html.contains("<ul class=\"history\"><li>the server learned 0 of 1 (client, site) pairs under classic, "
                              + "0 of 0 under stapled</li>"))
        #expect(html.contains("<li>the responder learned 0 of 1 (client, site) pairs under classic, 0 of 0 under stapled</li>"))
    }

    @Test func aRunsSummaryAddsTheRevocationTable() throws {
        var input = Self.input()
        let classic = SummaryKey(sweepPoint: "", mode: "classic"), stapled = SummaryKey(sweepPoint: "", mode: "stapled")
        input.summary = Summary(records: Fixtures.handshakes, responderRequests: Fixtures.responderRequests,
                                revocation: [classic: RevocationFigures(exposureWindowS: .infinity, bytesPerHandshake: 326, caRequests: 3,
                                                                        clients: [.init(client: "Alice", seconds: 0), .init(client: "Bob", seconds: .infinity)]),
                                             stapled: RevocationFigures(exposureWindowS: 3500, bytesPerHandshake: 0, caRequests: 1)])
        let outline = XMLOutline.parse(HTMLReport.render(input))
        #expect(outline.error == nil)
        #expect(outline.all("section").compactMap { $0.attributes["id"] }
                == ["comparison", "revocation", "waterfalls", "latency-cdf", "privacy", "responder-load"])
        let table = RevocationTableHTML.render(input.summary, modes: ["classic", "stapled"])
        #expect(table.contains("<td>326</td><td>never refused</td><td>Alice 0, Bob never refused</td></tr>"), "\(table)")
        #expect(table.contains("<td>1</td><td>0</td><td>3500</td><td>—</td></tr>"), "\(table)")
    }
}
