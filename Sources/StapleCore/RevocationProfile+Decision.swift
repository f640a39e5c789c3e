extension RevocationProfile {
    /// What a client does about a certificate's status when it has no usable staple.
    public enum NoStapleAction: Hashable, Sendable {
        /// Refuse: a must-staple certificate came without a staple and the profile enforces it.
        case reject
        /// Accept without any check (the profile never asks a responder itself).
        case skip
        /// Ask the responder (or use a fresh cached answer), as in classic mode.
        case check
        /// The status cannot be established: soft-fail connects, hard-fail refuses.
        case cannotEstablish
    }

    /// In classic mode (a classic server staples nothing) for a certificate that is (or is not)
    /// must-staple: refuse a must-staple one when the profile enforces it, as real Firefox does;
    /// else ask the responder when the profile does online OCSP, or accept unchecked.
    public func classicAction(mustStapleCertificate: Bool) -> NoStapleAction {
        if mustStaple == .enforce && mustStapleCertificate { return .reject }
        return onlineOCSP ? .check : .skip
    }

    /// In stapled mode without a usable staple (none, or only a responder error such as tryLater)
    /// for a certificate that is (or is not) must-staple.
    public func withoutStaple(mustStapleCertificate: Bool) -> NoStapleAction {
        if mustStaple == .enforce && mustStapleCertificate { return .reject }
        guard onlineOCSP else { return .skip }
        switch fallback {
        case .classic: return .check
        case .none: return .cannotEstablish
        }
    }

    /// Whether a connection whose status cannot be established goes ahead (soft-fail).
    public var connectsWithoutStatus: Bool { failMode == .soft }
}
