extension RevocationProfile {
    /// In `short-lived` mode, what the client does about a leaf whose lifetime (notAfter −
    /// notBefore) is `lifetime` seconds: at or below the threshold nothing is checked (`.skip`:
    /// revocation is left to expiry); above it the profile's fallback applies — ask the responder
    /// as in classic (`.check`), accept unchecked without online OCSP (`.skip`), or, with
    /// `fallback: none`, `.cannotEstablish`. Shared by the client actor and the simulator.
    public func shortLivedAction(lifetime: Double) -> NoStapleAction {
        if lifetime <= shortLivedThreshold.seconds { return .skip }
        guard onlineOCSP else { return .skip }
        switch fallback {
        case .classic: return .check
        case .none: return .cannotEstablish
        }
    }
}
