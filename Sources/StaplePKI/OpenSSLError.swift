internal import COpenSSL

/// An OpenSSL call failed: which call, and what OpenSSL's error queue said.
///
/// The queue is drained into `reasons` (library and reason strings, newest last), so the
/// next call starts clean and the error says why, not just that something failed.
public struct OpenSSLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The OpenSSL function (or step) that failed.
    public var operation: String
    /// The drained error queue, as `library: reason` strings.
    public var reasons: [String]
    /// The same entries as packed OpenSSL error codes (library and reason), for code that
    /// decides by what went wrong rather than by text; empty for failures found in Swift code.
    public var codes: [UInt]

    /// Makes an error by draining the current thread's error queue.
    public init(_ operation: String) {
        self.operation = operation
        let entries = OpenSSLError.drainEntries()
        self.reasons = entries.map(\.text)
        self.codes = entries.map(\.code)
    }

    /// Makes an error with explicit reasons (for failures found in Swift code).
    public init(_ operation: String, reasons: [String], codes: [UInt] = []) {
        self.operation = operation
        self.reasons = reasons
        self.codes = codes
    }

    /// The OpenSSL library (`ERR_LIB_*`) of a packed code.
    public static func library(of code: UInt) -> Int32 { shim_ERR_GET_LIB(code) }
    /// The reason (`*_R_*`) of a packed code.
    public static func reason(of code: UInt) -> Int32 { shim_ERR_GET_REASON(code) }

    /// `operation failed: reason; reason`.
    public var description: String {
        reasons.isEmpty ? "\(operation) failed" : "\(operation) failed: \(reasons.joined(separator: "; "))"
    }

    /// Empties the thread's OpenSSL error queue and returns what it held.
    public static func drainQueue() -> [String] { drainEntries().map(\.text) }

    /// Empties the thread's OpenSSL error queue: each entry's packed code and text, oldest first.
    static func drainEntries() -> [(code: UInt, text: String)] {
        var reasons: [(code: UInt, text: String)] = []
        while true {
            var data: UnsafePointer<CChar>? = nil
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            var text = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let data, flags & ERR_TXT_STRING != 0, data.pointee != 0 {
                text += " (" + String(cString: data) + ")"
            }
            reasons.append((code, text))
        }
        return reasons
    }

    /// The OpenSSL library version this process runs (e.g. `OpenSSL 3.0.19 27 Jan 2026`).
    public static var libraryVersion: String {
        String(cString: OpenSSL_version(Int32(OPENSSL_VERSION)))
    }
}

/// Throws an `OpenSSLError` for `operation` when `ok` is false.
@inline(__always)
func check(_ ok: Bool, _ operation: @autoclosure () -> String) throws(OpenSSLError) {
    if !ok { throw OpenSSLError(operation()) }
}

/// Unwraps an OpenSSL pointer result or throws an `OpenSSLError` for `operation`.
@inline(__always)
func unwrap<T>(_ value: T?, _ operation: @autoclosure () -> String) throws(OpenSSLError) -> T {
    guard let value else { throw OpenSSLError(operation()) }
    return value
}
