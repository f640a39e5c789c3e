import Foundation

/// Reads an RFC 4180 file record by record, holding one read buffer and one record at a time
/// (a streamed run's `handshakes.csv` may hold millions of rows): the same grammar as
/// ``CSVReader``, the same errors, and a width check against the header.
public enum CSVFileReader {
    /// How many bytes are read at a time.
    public static let bufferSize = 64 * 1024

    /// Calls `body` with the header and each data record (and its record number, the header
    /// being 1). Throws `.malformedCSV` naming the file (and record) when it cannot be opened or
    /// read, or a record does not parse or has the wrong width.
    public static func forEachRow(path: String, source: String? = nil,
                                  _ body: (_ header: [String], _ row: [String], _ number: Int) throws -> Void) throws {
        let source = source ?? path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReportError(.malformedCSV, "\(source): cannot be opened for reading")
        }
        defer { try? handle.close() }
        var scalars = FileScalars(handle: handle)
        var header: [String]?
        var number = 0
        try CSVReader.forEachRecord(&scalars, source: source) { record in
            number += 1
            guard let header else {
                header = record
                return
            }
            guard record.count == header.count else {
                throw ReportError(.malformedCSV,
                                  "\(source): record \(number) has \(record.count) fields, "
                                  + "the header has \(header.count); quote fields that contain commas")
            }
            try body(header, record, number)
        }
        if let failure = scalars.failure { throw ReportError(.malformedCSV, "\(source): read failed: \(failure)") }
        if header == nil { throw ReportError(.malformedCSV, "\(source): empty; expected a header row") }
    }

    /// The file's Unicode scalars, decoded from UTF-8 one buffer at a time (an invalid sequence
    /// reads as U+FFFD, as `String(decoding:as:)` does).
    struct FileScalars: IteratorProtocol {
        let handle: FileHandle
        private var bytes = Bytes()
        private var codec = UTF8()
        /// Why reading stopped early, if it did.
        var failure: (any Error)? { bytes.failure }

        init(handle: FileHandle) {
            self.handle = handle
            bytes.handle = handle
        }

        mutating func next() -> Unicode.Scalar? {
            switch codec.decode(&bytes) {
            case .scalarValue(let scalar): return scalar
            case .emptyInput: return nil
            case .error: return "\u{FFFD}"
            }
        }

        struct Bytes: IteratorProtocol {
            var handle: FileHandle?
            var buffer: [UInt8] = []
            var index = 0
            var failure: (any Error)?

            mutating func next() -> UInt8? {
                if index == buffer.count {
                    guard let handle, failure == nil else { return nil }
                    do {
                        buffer = Array(try handle.read(upToCount: CSVFileReader.bufferSize) ?? Data())
                    } catch {
                        failure = error
                        buffer = []
                    }
                    index = 0
                    if buffer.isEmpty { self.handle = nil; return nil }
                }
                defer { index += 1 }
                return buffer[index]
            }
        }
    }
}
