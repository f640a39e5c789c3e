import Testing
@testable import StapleReport

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""), ("cr\rhere", "\"cr\rhere\""), ("crlf\r\n", "\"crlf\r\n\""),
        (" lead", "\" lead\""), ("trail ", "\"trail \""), ("tab\t", "\"tab\t\""), ("in side", "in side"),
        ("bücher.example", "bücher.example"), ("\"", "\"\"\"\""), ("", ""),
    ])
    func quotesOnlyWhenNeeded(value: String, field: String) {
        #expect(CSVWriter.field(value) == field)
    }

    @Test func nilIsAnEmptyFieldAndRecordsEndWithCRLF() {
        #expect(CSVWriter.record(["a", nil, "", "b,c"]) == "a,,,\"b,c\"\r\n")
    }

    @Test func tableTextHasHeaderThenRows() {
        var table = CSVTable(header: ["name", "ms"])
        table.append(["x", CSVWriter.milliseconds(1.5)])
        table.append([nil, CSVWriter.count(3)])
        #expect(table.text == "name,ms\r\nx,1.500\r\n,3\r\n")
        #expect(table.column("ms") == ["1.500", "3"])
        #expect(table.column("nope") == nil)
    }

    @Test func awkwardFieldsRoundTripThroughTheReader() throws {
        let awkward = ["a,b", "\"quoted\"", "two\nlines", "\r\n", " both ", "ünïcödé.example", "", "x\"y,z\r\nw"]
        let table = CSVTable(header: ["c0", "c1"], rows: awkward.map { [$0, "next"] })
        let read = try CSVReader.table(from: table.text)
        #expect(read.header == ["c0", "c1"])
        #expect(read.rows.map { $0[0] } == awkward)
        #expect(read.rows.map { $0[1] } == Array(repeating: "next", count: awkward.count))
    }
}

@Suite struct CSVReaderTests {
    @Test func acceptsLFAndAMissingFinalLineEnding() throws {
        let table = try CSVReader.table(from: "a,b\n1,\n\"x\",\"\"")
        #expect(table.rows == [["1", ""], ["x", ""]])
    }

    @Test func rejectsAnUnclosedQuoteNamingTheLine() throws {
        let error = try #require(throws: ReportError.self) {
            try CSVReader.table(from: "a\r\nok\r\n\"open\r\nmore", source: "summary.csv")
        }
        #expect(error.code == .malformedCSV)
        #expect(error.message.hasPrefix("summary.csv:3: a quoted field is never closed"))
    }

    @Test func rejectsAQuoteInsideAnUnquotedField() throws {
        let error = try #require(throws: ReportError.self) { try CSVReader.table(from: "a\nx\"y\n") }
        #expect(error.message == "CSV text:2: a quote inside an unquoted field; quote the field and double the quote")
    }

    @Test func rejectsARecordOfTheWrongWidth() throws {
        let error = try #require(throws: ReportError.self) { try CSVReader.table(from: "a,b\n1,2\n3\n", source: "x.csv") }
        #expect(error.message.hasPrefix("x.csv: record 3 has 1 fields, the header has 2"))
    }
}
