import StapleCore

extension Scenario {
    /// One site: a hostname served by the server with a certificate of its own.
    public struct Site: Hashable, Sendable {
        /// What the responder says about a certificate.
        public enum Status: Hashable, Sendable, CustomStringConvertible {
            /// Not revoked.
            case good
            /// Revoked, with the RFC 5280 reason.
            case revoked(RevocationReason)
            /// The responder does not know the certificate.
            case unknown

            /// The name written in scenario files: `good`, `revoked` or `unknown`.
            public var name: String {
                switch self {
                case .good: return "good"
                case .revoked: return "revoked"
                case .unknown: return "unknown"
                }
            }

            /// `good`, `revoked(keyCompromise)` or `unknown`.
            public var description: String {
                if case .revoked(let reason) = self { return "revoked(\(reason.name))" }
                return name
            }
        }

        /// An RFC 5280 CRLReason (section 5.3.1), as named there: the type OCSP responses and CRLs carry.
        public typealias RevocationReason = StapleCore.RevocationReason

        /// The leaf certificate's key type (`ec`, `rsa`): the type the PKI generates.
        public typealias KeyType = KeyAlgorithm

        /// The hostname (SAN and SNI), lowercase.
        public var host: String
        /// Whether the certificate carries the RFC 7633 TLS feature `status_request` (must-staple).
        public var mustStaple: Bool
        /// What the responder says about the certificate.
        public var status: Status
        /// Whether the leaf is issued by an intermediate CA (the default, as in the Web PKI; the
        /// server sends leaf + intermediate, and `check: chain` clients check the intermediate
        /// too); false: straight from the root, a shape OpenSSL-based clients (curl, nginx)
        /// cannot verify staples for, since the issuer is not in the server's chain.
        public var intermediate: Bool
        /// The leaf's key type.
        public var key: KeyType
        /// When the CA revokes the certificate, scenario time since the mode started (policy
        /// clock); nil: `status` holds from before the run. With a time, `status` is `revoked`
        /// and holds from then on: the responder answers good before it, and the CRLs issued
        /// before it do not list the certificate.
        public var revokeAt: Delay?

        /// A site with every field given.
        public init(host: String, mustStaple: Bool = false, status: Status = .good,
                    intermediate: Bool = true, key: KeyType = .ecP256, revokeAt: Delay? = nil) {
            self.host = host
            self.mustStaple = mustStaple
            self.status = status
            self.intermediate = intermediate
            self.key = key
            self.revokeAt = revokeAt
        }
    }
}
