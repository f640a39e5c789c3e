import Foundation
import Testing
@testable import StapleReport

/// A file read record by record, one buffer at a time, gives what the whole text parses to,
/// whatever falls on a buffer's edge (a quoted line break, a doubled quote, a multi-byte character).
@Suite struct CSVFileReaderTests {
    @Test func recordsAcrossBufferEdgesReadAsTheWholeText() throws {
        let folder = try TemporaryFolder()
        var table = CSVTable(header: ["n", "text"])
        // Over 3 buffers of rows, each with a comma, a quote, a line break and "é✓" in it.
        let n = 2_500
        for row in 0..<n {
            table.append([String(row), "row \(row), \"quoted\"\nsecond line é✓ " + String(repeating: "x", count: row % 97)])
        }
        let file = folder.path + "/t.csv"
        try table.text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(table.text.utf8.count > 3 * CSVFileReader.bufferSize)
        let whole = try CSVReader.table(from: String(contentsOfFile: file, encoding: .utf8))
        var rows: [[String?]] = []
        var numbers: [Int] = []
        try CSVFileReader.forEachRow(path: file) { header, row, number in
            #expect(header == ["n", "text"])
            rows.append(row)
            numbers.append(number)
        }
        #expect(rows.count == n)
        #expect(rows == whole.rows)
        #expect(numbers == Array(2..<(n + 2)))
    }

    @Test func anEmptyOrMissingFileIsNamed() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/empty.csv"
        try "".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ReportError.self) { try CSVFileReader.forEachRow(path: file) { _, _, _ in } }
        #expect { try CSVFileReader.forEachRow(path: folder.path + "/none.csv") { _, _, _ in } } throws: { error in
            "\(error)".contains("none.csv: cannot be opened for reading")
        }
    }
}
