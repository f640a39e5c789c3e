/// Plain ASCII text in aligned columns, for the terminal.
///
/// Columns are separated by two spaces; a line of dashes under the header; text columns
/// are left-aligned, number columns right-aligned; no trailing spaces.
public struct TextTable: Hashable, Sendable {
    /// How a column's cells line up.
    public enum Alignment: Hashable, Sendable {
        /// Text starts at the column's left edge.
        case left
        /// Text ends at the column's right edge (numbers).
        case right
    }

    /// The column titles.
    public var header: [String]
    /// One alignment per column.
    public var alignments: [Alignment]
    /// The rows, one cell per column.
    public private(set) var rows: [[String]] = []

    /// An empty table.
    public init(header: [String], alignments: [Alignment]) {
        precondition(header.count == alignments.count, "TextTable needs one alignment per column")
        self.header = header
        self.alignments = alignments
    }

    /// Adds a row; it must have one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "TextTable row has \(row.count) cells for \(header.count) columns")
        rows.append(row)
    }

    /// The table's text, one line per row, each ending with a newline.
    public var text: String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.indices.map { column -> String in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return alignments[column] == .left ? cells[column] + padding : padding + cells[column]
            }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        return line(header) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }
}
