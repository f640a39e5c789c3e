internal import COpenSSL
import StaplePKI
import StapleCore

/// An OpenSSL `SSL_CTX` configured for one role: what every connection of that role shares.
///
/// Full handshakes only: no session cache and no tickets, so every connection measures a
/// complete handshake (a resumed session would skip the certificate and its status).
///
/// `@unchecked Sendable`: configured once in `init`, then only read (OpenSSL allows
/// `SSL_new` on a shared context from many threads).
public final class TLSContext: @unchecked Sendable {
    /// The owned `SSL_CTX *`.
    let pointer: OpaquePointer
    /// Client or server.
    public let role: Role
    /// Server identities by lowercased hostname (server role).
    let identities: [String: IssuedCertificate]
    /// The identity for a ClientHello without (or with an unknown) SNI.
    let defaultIdentity: IssuedCertificate?
    /// The hostname the default identity is served under (the first site's).
    let defaultHost: String?
    /// The trust store (client role).
    public let trust: TrustStore?
    /// How many TLS 1.3 session tickets a server context sends after a handshake: none (no
    /// resumption here), so the server's first application-data record after the handshake is
    /// its response, as a passive observer of the wire reads it.
    public static let serverTickets = 0

    /// Which end of a connection.
    public enum Role: Sendable { case client, server }

    /// A server context serving `identities` (picked by SNI; the first is the default).
    public convenience init(server identities: [(host: String, identity: IssuedCertificate)],
                            versions: ClosedRange<TLSVersion> = .tls12 ... .tls13) throws(OpenSSLError) {
        try self.init(role: .server, identities: identities, trust: nil, versions: versions)
    }

    /// A client context trusting `trust`.
    public convenience init(client trust: TrustStore,
                            versions: ClosedRange<TLSVersion> = .tls12 ... .tls13) throws(OpenSSLError) {
        try self.init(role: .client, identities: [], trust: trust, versions: versions)
    }

    private init(role: Role, identities: [(host: String, identity: IssuedCertificate)], trust: TrustStore?,
                 versions: ClosedRange<TLSVersion>) throws(OpenSSLError) {
        guard let ctx = SSL_CTX_new(role == .server ? TLS_server_method() : TLS_client_method()) else {
            throw OpenSSLError("SSL_CTX_new")
        }
        self.pointer = ctx
        self.role = role
        self.trust = trust
        var byHost: [String: IssuedCertificate] = [:]
        for (host, identity) in identities where byHost[host.lowercased()] == nil { byHost[host.lowercased()] = identity }
        self.identities = byHost
        self.defaultIdentity = identities.first?.identity
        self.defaultHost = identities.first?.host

        guard shim_SSL_CTX_set_min_proto_version(ctx, versions.lowerBound.openSSLValue) == 1,
              shim_SSL_CTX_set_max_proto_version(ctx, versions.upperBound.openSSLValue) == 1 else {
            throw OpenSSLError("SSL_CTX_set_min/max_proto_version")
        }
        _ = SSL_CTX_set_options(ctx, shim_SSL_OP_NO_TICKET() | shim_SSL_OP_NO_COMPRESSION() | shim_SSL_OP_NO_RENEGOTIATION())
        _ = SSL_CTX_set_num_tickets(ctx, TLSContext.serverTickets)
        _ = shim_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
        _ = shim_SSL_CTX_set_mode(ctx, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))

        switch role {
        case .server:
            // The certificate is chosen per connection from the SNI, in the ClientHello callback;
            // a default goes on the context so that a ClientHello without SNI still works.
            if let identity = defaultIdentity {
                try TLSContext.use(identity, on: ctx)
            }
            SSL_CTX_set_client_hello_cb(ctx, TLSCallbacks.clientHello, nil)
            _ = shim_SSL_CTX_set_tlsext_status_cb(ctx, TLSCallbacks.serverStatus)
        case .client:
            if let trust {
                SSL_CTX_set1_cert_store(ctx, trust.pointer)
            }
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, TLSCallbacks.verify)
            _ = shim_SSL_CTX_set_tlsext_status_cb(ctx, TLSCallbacks.clientStatus)
        }
    }

    deinit { SSL_CTX_free(pointer) }

    /// The identity for a hostname (exact, case-insensitive), or the default.
    func identity(for host: String?) -> IssuedCertificate? {
        if let host, let match = identities[host.lowercased()] { return match }
        return defaultIdentity
    }

    /// The site whose certificate a ClientHello asking for `host` gets: `host` itself when the
    /// server has a certificate for it, else the default site (no SNI, or an unknown name).
    /// Its staple goes with that certificate.
    func servedHost(for host: String?) -> String {
        if let host, identities[host.lowercased()] != nil { return host }
        return defaultHost ?? ""
    }

    private static func use(_ identity: IssuedCertificate, on ctx: OpaquePointer) throws(OpenSSLError) {
        guard SSL_CTX_use_certificate(ctx, identity.certificate.pointer) == 1,
              SSL_CTX_use_PrivateKey(ctx, identity.key.pointer) == 1 else {
            throw OpenSSLError("SSL_CTX_use_certificate/PrivateKey")
        }
        for cert in identity.chain {
            guard SSL_CTX_add1_chain_cert_shim(ctx, cert.pointer) else { throw OpenSSLError("SSL_CTX_add1_chain_cert") }
        }
    }
}

/// `SSL_CTX_add1_chain_cert` is a macro over `SSL_CTX_ctrl`.
private func SSL_CTX_add1_chain_cert_shim(_ ctx: OpaquePointer, _ x509: OpaquePointer) -> Bool {
    SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 1, UnsafeMutableRawPointer(x509)) == 1
}
