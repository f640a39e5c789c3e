internal import COpenSSL

/// The roots a client trusts (OpenSSL `X509_STORE`).
///
/// `@unchecked Sendable`: roots are added only at construction; OpenSSL's store is
/// internally locked for concurrent verifications.
public final class TrustStore: @unchecked Sendable {
    /// The owned `X509_STORE *`.
    package let pointer: OpaquePointer
    /// The trusted roots.
    public let roots: [Certificate]

    /// A store that trusts exactly `roots`.
    public init(roots: [Certificate]) throws(OpenSSLError) {
        guard let store = X509_STORE_new() else { throw OpenSSLError("X509_STORE_new") }
        self.pointer = store
        self.roots = roots
        for root in roots {
            try check(X509_STORE_add_cert(store, root.pointer) == 1, "X509_STORE_add_cert(\(root.subject))")
        }
    }

    deinit { X509_STORE_free(pointer) }

    /// Verifies a chain (leaf first, then intermediates) against the roots as a TLS server
    /// certificate for `hostname`; returns nil when valid, else OpenSSL's reason.
    public func verifyChain(_ chain: [Certificate], hostname: String? = nil) -> String? {
        guard let leaf = chain.first, let ctx = X509_STORE_CTX_new() else { return "no certificate" }
        defer { X509_STORE_CTX_free(ctx) }
        guard let untrusted = OPENSSL_sk_new_null() else { return "out of memory" }
        defer { OPENSSL_sk_free(untrusted) }
        for cert in chain.dropFirst() { OPENSSL_sk_push(untrusted, UnsafeRawPointer(cert.pointer)) }
        guard X509_STORE_CTX_init(ctx, pointer, leaf.pointer, untrusted) == 1 else { return "X509_STORE_CTX_init failed" }
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER)
        if let hostname, let param = X509_STORE_CTX_get0_param(ctx) {
            X509_VERIFY_PARAM_set1_host(param, hostname, 0)
        }
        if X509_verify_cert(ctx) == 1 { return nil }
        _ = OpenSSLError.drainQueue()
        return String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(ctx))))
    }
}
