import StapleCore

extension Scenario {
    /// The sites revoked mid-run: hostname → `revoke_at` in scenario seconds since the mode started.
    public var revokedAt: [String: Double] {
        var result: [String: Double] = [:]
        for site in sites { if let at = site.revokeAt { result[site.host] = at.seconds } }
        return result
    }
}
