internal import COpenSSL
import StapleCore

/// A private key (OpenSSL `EVP_PKEY`): ECDSA P-256 by default, RSA-2048 as an option.
///
/// `@unchecked Sendable`: the key is never mutated after creation, and OpenSSL allows an
/// `EVP_PKEY` to be used for signing from several threads at once.
public final class PrivateKey: @unchecked Sendable {
    /// The kinds of key StapleBench makes (a scenario site's `key`).
    public typealias Algorithm = KeyAlgorithm

    /// The owned `EVP_PKEY *`.
    package let pointer: OpaquePointer

    /// Takes ownership of an `EVP_PKEY *`.
    package init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// Generates a fresh key.
    public static func generate(_ algorithm: Algorithm = .ecP256) throws(OpenSSLError) -> PrivateKey {
        let name = algorithm == .ecP256 ? "EC" : "RSA"
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw OpenSSLError("EVP_PKEY_CTX_new_from_name(\(name))")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        try check(EVP_PKEY_keygen_init(ctx) == 1, "EVP_PKEY_keygen_init")
        switch algorithm {
        case .ecP256:
            try check(EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1, "EVP_PKEY_CTX_set_group_name(P-256)")
        case .rsa2048:
            try check(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1, "EVP_PKEY_CTX_set_rsa_keygen_bits")
        }
        var key: OpaquePointer? = nil
        try check(EVP_PKEY_generate(ctx, &key) == 1 && key != nil, "EVP_PKEY_generate(\(name))")
        return PrivateKey(taking: key!)
    }

    /// Reads a PEM private key (PKCS#8 or traditional), unencrypted.
    public convenience init(pem: String) throws(OpenSSLError) {
        let key = BIOBytes.reading(Array(pem.utf8)) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        guard let key = key ?? nil else { throw OpenSSLError("PEM_read_bio_PrivateKey") }
        self.init(taking: key)
    }

    /// The key as unencrypted PKCS#8 PEM.
    public func pem() throws(OpenSSLError) -> String {
        let bytes = try BIOBytes.collect({ PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) == 1 },
                                         operation: "PEM_write_bio_PrivateKey")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Which algorithm this key uses.
    public var algorithm: Algorithm {
        EVP_PKEY_is_a(pointer, "RSA") == 1 ? .rsa2048 : .ecP256
    }
}
