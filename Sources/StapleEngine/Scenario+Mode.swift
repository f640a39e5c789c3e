extension Scenario {
    /// A way of checking revocation that a run compares against the others.
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable {
        /// No revocation check at all: the client does not ask for a staple and never asks
        /// the responder; the server does not staple. The baseline for TLS alone.
        case none
        /// Classic OCSP: the server does not staple; after receiving the certificate the
        /// client asks the responder itself (as its profile says), then finishes the handshake.
        case classic
        /// OCSP stapling: the server staples per its policy; the client asks for the staple,
        /// verifies it, and without one falls back as its profile says.
        case stapled
    }
}
