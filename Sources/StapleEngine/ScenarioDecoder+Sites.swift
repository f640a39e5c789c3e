import StapleCore

extension ScenarioDecoder {
    /// The keys of a site, from its field table.
    static let siteKeys = Scenario.Site.fields.map(\.key)

    /// `sites:`: at least one, each host once, none named like the responder.
    func sites(_ top: Fields, responderHost: String) -> [Scenario.Site] {
        var sites: [Scenario.Site] = []
        var seen: [String: Int] = [:]
        forEachRequiredMapping(top, "sites", known: ScenarioDecoder.siteKeys,
                               missing: "add at least one site, e.g. sites: [{host: example.com}]",
                               example: "[{host: example.com}]", empty: "add at least one site, e.g. - host: example.com") { index, fields in
            guard let hostNode = fields["host"] else {
                missing(fields, "host", "every site needs a hostname, e.g. host: example.com")
                return
            }
            guard let host = hostname(hostNode, path: fields.path("host")) else { return }
            if let first = seen[host] {
                report(.duplicate, line: hostNode.mark.line, path: fields.path("host"),
                       "'\(host)' is already sites[\(first)]; every site needs its own hostname")
                return
            }
            if host == responderHost {
                report(.conflict, line: hostNode.mark.line, path: fields.path("host"),
                       "'\(host)' is the responder's hostname (responder.host); give the site another name")
                return
            }
            seen[host] = index
            var site = Scenario.Site(host: host)
            decode(fields, table: Scenario.Site.fields, into: &site)
            revocation(fields, into: &site)
            sites.append(site)
        }
        return sites
    }

    /// A site's `status`, `revoked_reason` and `revoke_at`, read together: a time makes the site
    /// revoked from then on, and only a revoked site has a reason.
    private func revocation(_ fields: Fields, into site: inout Scenario.Site) {
        let table = Scenario.Site.fields
        var statusName: String?
        if case .choice(let name)? = value(fields, "status", in: table) { statusName = name }
        if case .delay(let delay)? = value(fields, "revoke_at", in: table) { site.revokeAt = delay }
        if site.revokeAt != nil, let statusName, statusName != "revoked" {
            report(.conflict, line: fields.line("revoke_at"), path: fields.path("revoke_at"),
                   "a site revoked at a time is good before it and revoked after; remove status: \(statusName) "
                   + "(or write status: revoked)")
        }
        let status = statusName ?? (site.revokeAt != nil ? "revoked" : "good")
        var reason: Scenario.Site.RevocationReason?
        if case .choice(let name)? = value(fields, "revoked_reason", in: table) { reason = .init(name: name) }
        switch status {
        case "revoked": site.status = .revoked(reason ?? .unspecified)
        case "unknown": site.status = .unknown
        default: site.status = .good
        }
        // A misspelt status was reported already; do not blame the reason for it.
        if fields.has("revoked_reason"), status != "revoked", !fields.has("status") || statusName != nil {
            report(.conflict, line: fields.line("revoked_reason"), path: fields.path("revoked_reason"),
                   "only a revoked site has a revocation reason; add status: revoked or remove revoked_reason")
        }
    }
}
