import StapleCore
import Testing
@testable import StapleReport

/// Fitting text to the terminal: never a cut cell, name or number.
@Suite struct TerminalFitTests {
    @Test func widthComesFromColumnsThenTheTerminalThenEighty() {
        #expect(TerminalWidth.resolve(columnsVariable: "132", terminalColumns: 100) == 132)
        #expect(TerminalWidth.resolve(columnsVariable: nil, terminalColumns: 100) == 100)
        #expect(TerminalWidth.resolve(columnsVariable: "wide", terminalColumns: nil) == 80)
        #expect(TerminalWidth.resolve(columnsVariable: "5", terminalColumns: 3) == 80)
        #expect(TerminalWidth.resolve(columnsVariable: nil, terminalColumns: nil) == 80)
    }

    @Test func wrapBreaksOnlyAfterTheSeparator() {
        #expect(LineWrap.wrap("alpha, beta, gamma", width: 12, indent: 2, after: ", ") == ["alpha, beta,", "  gamma"])
        // A piece longer than the room stays whole.
        #expect(LineWrap.wrap("a 1234567890 b", width: 5) == ["a", "1234567890", "b"])
        #expect(LineWrap.wrap("short", width: 80) == ["short"])
        #expect(LineWrap.wrap("", width: 80) == [""])
    }

    @Test func tableSplitsIntoBlocksRepeatingTheKeyColumns() {
        var table = TextTable(header: ["mode", "first", "second", "third"], alignments: [.left, .right, .right, .right])
        table.append(["classic", "1111111", "2222222", "3333333"])
        #expect(table.text(width: 100) == table.text)
        #expect(table.text(width: 26, keyColumns: 1) == """
            mode       first   second
            -------  -------  -------
            classic  1111111  2222222

            mode       third
            -------  -------
            classic  3333333

            """)
        // A column wider than the width on its own still comes whole.
        #expect(table.text(width: 3, keyColumns: 1).contains("classic  2222222\n"))
    }

    @Test func privacyMatrixStacksAndWrapsWhenALineIsTooWide() throws {
        let text = PrivacyMatrix.render(Fixtures.ledgers, addressNames: Fixtures.addressNames, width: 60)
        try Golden.check(text, "privacy-matrix-60.txt")
        for line in text.split(separator: "\n") { #expect(line.count <= 60, "\(line)") }
        #expect(text.contains("responder\n  classic: bücher.example (Bob 127.0.1.2),\n           example.com (Alice 127.0.1.1)\n"))
        #expect(PrivacyMatrix.render(Fixtures.ledgers, addressNames: Fixtures.addressNames, width: 200)
                == PrivacyMatrix.render(Fixtures.ledgers, addressNames: Fixtures.addressNames))
    }

    @Test func sweepLabelsShortenOnlyWhenEveryPointSetsTheSameFields() throws {
        let labels = try #require(SweepLabels(["a.rtt=1ms,b.rtt=1ms", "a.rtt=20ms,b.rtt=20ms"]))
        #expect(labels.fields == "a.rtt,b.rtt")
        #expect(labels.values == ["a.rtt=1ms,b.rtt=1ms": "1ms,1ms", "a.rtt=20ms,b.rtt=20ms": "20ms,20ms"])
        #expect(SweepLabels(["a.rtt=1ms", "b.rtt=1ms"]) == nil)
        #expect(SweepLabels(["plain"]) == nil)
    }

    @Test func runPrintoutFitsEightyColumns() throws {
        let records = Fixtures.handshakes
        let history = PrivacyHistory(records: records, ledgers: Fixtures.ledgers)
        let text = RunPrintout.render(Summary(records: records, responderRequests: Fixtures.responderRequests, history: history),
                                      ledgers: Fixtures.ledgers, history: history, addressNames: Fixtures.addressNames, width: 80)
        try Golden.check(text, "run-printout-80.txt")
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(text.contains("\nBrowsing history learned, whole run (warm-up included):\n"))
        // Alice's visit to example.com was learned by the responder under stapling only in the warm-up: it counts.
        #expect(text.contains("  the responder learned 2 of 2 (client, site) pairs under classic, 1 of 1 under\n    stapled\n"))
    }

    /// The same hand-built run at 80 and 160 columns against reviewed text: every line within the
    /// width, and every number (every token holding a digit) the same as at a width nothing wraps at.
    @Test func runPrintoutAtEightyAndOneHundredSixtyColumnsCutsNoNumber() throws {
        let records = Fixtures.handshakes
        let history = PrivacyHistory(records: records, ledgers: Fixtures.ledgers)
        let summary = Summary(records: records, responderRequests: Fixtures.responderRequests, history: history)
        func render(_ width: Int) -> String {
            RunPrintout.render(summary, ledgers: Fixtures.ledgers, history: history, addressNames: Fixtures.addressNames, width: width)
        }
        func numbers(_ text: String) -> [Substring] {
            text.split(whereSeparator: \.isWhitespace).filter { $0.contains(where: \.isNumber) }.sorted()
        }
        let unwrapped = numbers(render(10_000))
        for width in [80, 160] {
            let text = render(width)
            try Golden.check(text, "run-printout-\(width).txt")
            for line in text.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
            #expect(numbers(text) == unwrapped, "\(width) columns cut or lost a number")
        }
        // The summary table comes in two blocks at 160 and three at 80, each keyed by mode; the
        // ledger lines stack per observer only at 80.
        #expect(render(160).components(separatedBy: "\nmode ").count == 2 && render(160).hasPrefix("mode "))
        #expect(render(160).contains("\nserver                classic: example.com (Alice 127.0.1.1)   "))
        #expect(render(80).components(separatedBy: "\nmode ").count == 3)
    }
}
