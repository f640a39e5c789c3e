import StapleCore

extension ScenarioDecoder {
    /// The keys of a site.
    static let siteKeys = ["host", "must_staple", "status", "revoked_reason", "intermediate", "key", "revoke_at"]

    /// `sites:`: at least one, each host once, none named like the responder.
    func sites(_ top: Fields, responderHost: String) -> [Scenario.Site] {
        guard let node = top["sites"] else {
            missing(top, "sites", "add at least one site, e.g. sites: [{host: example.com}]")
            return []
        }
        guard let items = list(node, path: "sites", example: "[{host: example.com}]") else { return [] }
        if items.isEmpty {
            report(.missing, line: node.mark.line, path: "sites", "the list is empty; add at least one site, e.g. - host: example.com")
        }
        var sites: [Scenario.Site] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "sites[\(index)]"
            guard let fields = mapping(item, path: path, known: ScenarioDecoder.siteKeys) else { continue }
            guard let hostNode = fields["host"] else {
                missing(fields, "host", "every site needs a hostname, e.g. host: example.com")
                continue
            }
            guard let host = hostname(hostNode, path: fields.path("host")) else { continue }
            if let first = seen[host] {
                report(.duplicate, line: hostNode.mark.line, path: fields.path("host"),
                       "'\(host)' is already sites[\(first)]; every site needs its own hostname")
                continue
            }
            if host == responderHost {
                report(.conflict, line: hostNode.mark.line, path: fields.path("host"),
                       "'\(host)' is the responder's hostname (responder.host); give the site another name")
                continue
            }
            seen[host] = index
            var site = Scenario.Site(host: host)
            site.mustStaple = fields["must_staple"].flatMap { flag($0, path: fields.path("must_staple")) } ?? false
            site.intermediate = fields["intermediate"].flatMap { flag($0, path: fields.path("intermediate")) } ?? true
            site.key = fields["key"].flatMap { choice($0, path: fields.path("key"), what: "key type") } ?? .ecP256
            let statusNode = fields["status"]
            let statusName = statusNode.flatMap { choice($0, path: fields.path("status"), what: "status",
                                                          names: ["good", "revoked", "unknown"]) }
            site.revokeAt = fields["revoke_at"].flatMap { delay($0, path: fields.path("revoke_at")) }
            if site.revokeAt != nil, let statusName, statusName != "revoked" {
                report(.conflict, line: fields.line("revoke_at"), path: fields.path("revoke_at"),
                       "a site revoked at a time is good before it and revoked after; remove status: \(statusName) "
                       + "(or write status: revoked)")
            }
            let status = statusName ?? (site.revokeAt != nil ? "revoked" : "good")
            let reason = fields["revoked_reason"].flatMap {
                choice($0, path: fields.path("revoked_reason"), what: "revocation reason (RFC 5280)",
                       names: Scenario.Site.RevocationReason.allCases.map(\.name)).flatMap(Scenario.Site.RevocationReason.init(name:))
            }
            switch status {
            case "revoked": site.status = .revoked(reason ?? .unspecified)
            case "unknown": site.status = .unknown
            default: site.status = .good
            }
            // A misspelt status was reported already; do not blame the reason for it.
            if fields.has("revoked_reason"), status != "revoked", statusNode == nil || statusName != nil {
                report(.conflict, line: fields.line("revoked_reason"), path: fields.path("revoked_reason"),
                       "only a revoked site has a revocation reason; add status: revoked or remove revoked_reason")
            }
            sites.append(site)
        }
        return sites
    }
}
