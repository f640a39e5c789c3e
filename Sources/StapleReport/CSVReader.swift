/// Reads RFC 4180 text back into a table (to rebuild reports from a run's CSVs).
///
/// Accepts CRLF or LF record endings, quoted fields with doubled quotes and line breaks
/// inside, and a missing final line ending. Empty fields read back as `""`.
public enum CSVReader {
    /// Parses `text`; the first record is the header. Throws `.malformedCSV` naming the line.
    public static func table(from text: String, source: String = "CSV text") throws -> CSVTable {
        let records = try records(from: text, source: source)
        guard let header = records.first else {
            throw ReportError(.malformedCSV, "\(source): empty; expected a header row")
        }
        var table = CSVTable(header: header)
        for (index, record) in records.dropFirst().enumerated() {
            guard record.count == header.count else {
                throw ReportError(.malformedCSV,
                                  "\(source): record \(index + 2) has \(record.count) fields, "
                                  + "the header has \(header.count); quote fields that contain commas")
            }
            table.append(record)
        }
        return table
    }

    /// Parses `text` into records of fields, without checking widths.
    public static func records(from text: String, source: String = "CSV text") throws -> [[String]] {
        var records: [[String]] = []
        var scalars = text.unicodeScalars.makeIterator()
        try forEachRecord(&scalars, source: source) { records.append($0) }
        return records
    }

    /// Parses the scalars `scalars` gives, handing each record to `body` as soon as it is
    /// complete (a file read piece by piece is never held whole: see ``CSVFileReader``).
    public static func forEachRecord<Scalars: IteratorProtocol<Unicode.Scalar>>(
        _ scalars: inout Scalars, source: String, _ body: ([String]) throws -> Void) throws {
        var record: [String] = []
        var field = ""
        var line = 1
        var pending = scalars.next()
        var atRecordStart = true

        func endField() { record.append(field); field = "" }
        func endRecord() throws { endField(); try body(record); record = []; atRecordStart = true }

        while let scalar = pending {
            pending = scalars.next()
            atRecordStart = false
            switch scalar {
            case "\"" where field.isEmpty:
                let startLine = line
                var closed = false
                while let inner = pending {
                    pending = scalars.next()
                    if inner == "\n" { line += 1 }
                    if inner == "\"" {
                        if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next(); continue }
                        closed = true
                        break
                    }
                    field.unicodeScalars.append(inner)
                }
                guard closed else {
                    throw ReportError(.malformedCSV, "\(source):\(startLine): a quoted field is never closed; "
                                      + "double every quote inside a quoted field")
                }
                if let next = pending, next != ",", next != "\r", next != "\n" {
                    throw ReportError(.malformedCSV, "\(source):\(line): text after a closing quote; "
                                      + "double every quote inside a quoted field")
                }
            case "\"":
                throw ReportError(.malformedCSV, "\(source):\(line): a quote inside an unquoted field; "
                                  + "quote the field and double the quote")
            case ",":
                endField()
            case "\r":
                if pending == "\n" { pending = scalars.next() }
                line += 1
                try endRecord()
            case "\n":
                line += 1
                try endRecord()
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !atRecordStart { try endRecord() }
    }
}
