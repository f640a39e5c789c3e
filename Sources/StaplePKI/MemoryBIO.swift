internal import COpenSSL

/// Helpers to move bytes between Swift and OpenSSL's memory BIOs and DER encoders.
enum BIOBytes {
    /// Runs `body` with a fresh memory BIO and returns everything written into it.
    static func collect(_ body: (OpaquePointer) -> Bool, operation: String) throws(OpenSSLError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError("BIO_new") }
        defer { BIO_free(bio) }
        guard body(bio) else { throw OpenSSLError(operation) }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(bio, &pointer)
        guard length > 0, let pointer else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func reading<R>(_ bytes: [UInt8], _ body: (OpaquePointer) -> R) -> R? {
        bytes.withUnsafeBytes { raw -> R? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// DER-encodes with an `i2d_*` function.
    static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32,
                    operation: String) throws(OpenSSLError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = encode(&out)
        guard length > 0, let out else { throw OpenSSLError(operation) }
        defer { shim_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// DER-decodes with a `d2i_*` function; nil when the bytes are not exactly one valid object
    /// (trailing bytes after it are refused: the object is freed with `free`).
    static func decode(_ bytes: [UInt8],
                       _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?,
                       free: (OpaquePointer) -> Void) -> OpaquePointer? {
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let object = decode(&cursor, buffer.count) else { return nil }
            guard let base = buffer.baseAddress, cursor == base + buffer.count else {
                free(object)
                return nil
            }
            return object
        }
    }
}
