/// Plain ASCII text in aligned columns, for the terminal.
///
/// Columns are separated by two spaces; a line of dashes under the header; text columns
/// are left-aligned, number columns right-aligned; no trailing spaces. `text(width:keyColumns:)`
/// fits a width by splitting the columns into blocks printed one under the other (a blank
/// line between), each repeating the first `keyColumns` columns, so no cell is ever cut.
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
    public var text: String { block(Array(header.indices)) }

    /// The table's text in blocks no wider than `width` where possible: each block repeats the
    /// first `keyColumns` columns and takes as many of the others, in order, as fit (at least one,
    /// so a single column wider than `width` overflows rather than being cut).
    public func text(width: Int, keyColumns: Int = 0) -> String {
        let widths = columnWidths
        let keys = Array(header.indices.prefix(Swift.max(0, Swift.min(keyColumns, header.count))))
        let total = widths.reduce(0, +) + 2 * Swift.max(0, widths.count - 1)
        guard total > width, keys.count < header.count else { return text }
        // As few blocks as the width allows, then as even as possible: the narrowest limit that
        // still needs no more blocks (so no block is left with a lone last column).
        let blocks = split(widths, keys, limit: width)
        var best = blocks
        var limit = width - 1
        while limit > 0 {
            let tighter = split(widths, keys, limit: limit)
            if tighter.count > blocks.count { break }
            best = tighter
            limit -= 1
        }
        return best.map(block).joined(separator: "\n")
    }

    /// Greedy: each block is the key columns and as many following columns as fit in `limit` (at least one).
    private func split(_ widths: [Int], _ keys: [Int], limit: Int) -> [[Int]] {
        let keyWidth = keys.map { widths[$0] }.reduce(0, +) + 2 * Swift.max(0, keys.count - 1)
        var blocks: [[Int]] = []
        var current = keys
        var used = keyWidth
        for column in header.indices.dropFirst(keys.count) {
            let added = widths[column] + (current.isEmpty ? 0 : 2)
            if current.count > keys.count && used + added > limit {
                blocks.append(current)
                current = keys
                used = keyWidth
            }
            used += widths[column] + (current.isEmpty ? 0 : 2)
            current.append(column)
        }
        blocks.append(current)
        return blocks
    }

    private var columnWidths: [Int] {
        header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    }

    /// The lines of the given columns.
    private func block(_ columns: [Int]) -> String {
        let widths = columnWidths
        func line(_ cells: [String]) -> String {
            let padded = columns.map { column -> String in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return alignments[column] == .left ? cells[column] + padding : padding + cells[column]
            }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        return line(header) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }
}
