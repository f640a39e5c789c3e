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
                if case .revoked(let reason) = self { return "revoked(\(reason.rawValue))" }
                return name
            }
        }

        /// An RFC 5280 CRLReason (section 5.3.1), as named there.
        public enum RevocationReason: String, Hashable, Sendable, Codable, CaseIterable {
            /// Code 0: no reason given.
            case unspecified
            /// Code 1: the certificate's private key was compromised.
            case keyCompromise
            /// Code 2: the CA's key was compromised.
            case cACompromise
            /// Code 3: the subject's name or affiliation changed.
            case affiliationChanged
            /// Code 4: a new certificate replaced this one.
            case superseded
            /// Code 5: the certificate is no longer needed.
            case cessationOfOperation
            /// Code 6: suspended for now.
            case certificateHold
            /// Code 8: a hold was lifted (delta CRLs).
            case removeFromCRL
            /// Code 9: a privilege in the certificate was withdrawn.
            case privilegeWithdrawn
            /// Code 10: the attribute authority's key was compromised.
            case aACompromise

            /// The reason code in the DER (7 is unused).
            public var code: Int {
                switch self {
                case .unspecified: return 0
                case .keyCompromise: return 1
                case .cACompromise: return 2
                case .affiliationChanged: return 3
                case .superseded: return 4
                case .cessationOfOperation: return 5
                case .certificateHold: return 6
                case .removeFromCRL: return 8
                case .privilegeWithdrawn: return 9
                case .aACompromise: return 10
                }
            }
        }

        /// The leaf certificate's key type.
        public enum KeyType: String, Hashable, Sendable, Codable, CaseIterable {
            /// ECDSA P-256.
            case ec
            /// RSA 2048.
            case rsa
        }

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
                    intermediate: Bool = true, key: KeyType = .ec, revokeAt: Delay? = nil) {
            self.host = host
            self.mustStaple = mustStaple
            self.status = status
            self.intermediate = intermediate
            self.key = key
            self.revokeAt = revokeAt
        }
    }
}
