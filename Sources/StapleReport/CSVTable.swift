import StapleCore

/// A CSV file in memory: a header row and records of the same width.
public struct CSVTable: Hashable, Sendable {
    /// The column names, in order.
    public var header: [String]
    /// The records; `nil` is an empty field.
    public private(set) var rows: [[String?]]

    /// An empty table with these columns.
    public init(header: [String], rows: [[String?]] = []) {
        self.header = header
        self.rows = []
        for row in rows { append(row) }
    }

    /// Adds one record; it must have one field per column.
    public mutating func append(_ row: [String?]) {
        precondition(row.count == header.count,
                     "CSV row has \(row.count) fields but the header has \(header.count) columns: \(header)")
        rows.append(row)
    }

    /// The fields of column `name` (`nil` when there is no such column).
    public func column(_ name: String) -> [String?]? {
        guard let index = header.firstIndex(of: name) else { return nil }
        return rows.map { $0[index] }
    }

    /// The RFC 4180 text of the table (header first, CRLF after every record).
    public var text: String {
        var text = CSVWriter.record(header)
        for row in rows { text += CSVWriter.record(row) }
        return text
    }

    /// Writes `text` to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(text, to: path)
    }
}
