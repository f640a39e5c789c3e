import Foundation
import StapleCore

extension Scenario {
    /// The TLS server that serves every site, and how it staples.
    public struct Server: Hashable, Sendable {
        /// Which program plays the server: the type World starts it by.
        public typealias Kind = ServerKind

        /// When the server staples.
        public enum Stapling: String, Hashable, Sendable, Codable, CaseIterable {
            /// Staple in `stapled` mode, not in `none` or `classic`.
            case auto
            /// Never staple, even in `stapled` mode (shows what clients fall back to).
            case off
        }

        /// How the server gets and refreshes the response it staples: the type the server actor runs.
        public typealias Policy = StaplingPolicy

        /// The TLS version the server speaks (`1.3`: 1.2 and 1.3; `1.2`: 1.2 alone): the TLS layer's type.
        public typealias TLSVersion = StapleCore.TLSVersion

        /// Worker processes a scenario may ask for.
        public static let workersRange = 1 ... 64

        /// Which program.
        public var kind: Kind
        /// When to staple.
        public var stapling: Stapling
        /// Whether the server verifies a response before stapling it (nginx `ssl_stapling_verify`).
        public var verify: Bool
        /// Where the server fetches responses; nil: the certificate's AIA URL (nginx `ssl_stapling_responder`).
        public var responderURL: URL?
        /// The stapling policy.
        public var policy: Policy
        /// Worker processes, each with its own staple cache (lazy policy and nginx).
        public var workers: Int
        /// How long a blocking server waits for the responder inside a handshake (Apache `SSLStaplingResponderTimeout`).
        public var responderTimeout: Delay
        /// How long a built-in `lazy` or `proactive` server's own fetch may take before it gives up
        /// (nginx's 60 s); a network time, like `responder_timeout`.
        public var fetchTimeout: Delay
        /// Whether a blocking server staples the responder's error answers such as tryLater
        /// (Apache `SSLStaplingReturnResponderErrors`).
        public var stapleErrors: Bool
        /// The TLS version.
        public var tls: TLSVersion
        /// Sequence numbers (within a mode, warm-up included, from 0; in file order) after whose handshake the
        /// server restarts; the staple cache is lost unless the policy is proactive.
        public var restarts: [Int]

        /// A server with every field given.
        public init(kind: Kind = .builtin, stapling: Stapling = .auto, verify: Bool = true, responderURL: URL? = nil,
                    policy: Policy? = nil, workers: Int = 1, responderTimeout: Delay = ServerDefaults.responderTimeout,
                    fetchTimeout: Delay = ServerDefaults.fetchTimeout, stapleErrors: Bool = true, tls: TLSVersion = .tls13,
                    restarts: [Int] = []) {
            self.kind = kind
            self.stapling = stapling
            self.verify = verify
            self.responderURL = responderURL
            self.policy = policy ?? kind.fixedPolicy ?? .lazy
            self.workers = workers
            self.responderTimeout = responderTimeout
            self.fetchTimeout = fetchTimeout
            self.stapleErrors = stapleErrors
            self.tls = tls
            self.restarts = restarts
        }

        /// Whether the server staples in `mode`.
        public func staples(in mode: Mode) -> Bool { stapling == .auto && mode == .stapled }
    }
}
