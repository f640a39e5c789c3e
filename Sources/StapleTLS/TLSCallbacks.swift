internal import COpenSSL
import StaplePKI

/// The C callbacks OpenSSL calls during a handshake. Each finds its `TLSConnection` through
/// the SSL's ex_data slot and hands over to it; none captures anything (C function pointers).
enum TLSCallbacks {
    /// The ex_data slot holding an unretained pointer to the SSL's `TLSConnection`.
    static let exDataIndex: Int32 = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, nil, nil, nil, nil)

    static func connection(of ssl: OpaquePointer?) -> TLSConnection? {
        guard let ssl, let raw = SSL_get_ex_data(ssl, exDataIndex) else { return nil }
        return Unmanaged<TLSConnection>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Server: the ClientHello is parsed; choose the certificate and find the staple (may pause).
    static let clientHello: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32 = {
        ssl, alert, _ in
        guard let connection = connection(of: ssl) else { return shim_SSL_CLIENT_HELLO_ERROR() }
        return connection.serverClientHello(alert: alert)
    }

    /// Server: the client asked for status; staple what the provider gave, or nothing.
    static let serverStatus: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = { ssl, _ in
        guard let connection = connection(of: ssl) else { return SSL_TLSEXT_ERR_NOACK }
        return connection.serverStatus()
    }

    /// Client: one certificate of the chain was checked (depth 0 last).
    static let verify: @convention(c) (Int32, OpaquePointer?) -> Int32 = { preverifyOK, storeContext in
        guard let storeContext,
              let raw = X509_STORE_CTX_get_ex_data(storeContext, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let connection = connection(of: OpaquePointer(raw)) else { return preverifyOK }
        return connection.clientVerify(preverifyOK: preverifyOK, storeContext: storeContext)
    }

    /// Client: the server's status answer (TLS 1.2: after CertificateStatus; always called when status was requested).
    static let clientStatus: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = { ssl, _ in
        guard let connection = connection(of: ssl) else { return 1 }
        return connection.clientStatus()
    }
}
