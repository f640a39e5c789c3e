import StapleCore

extension Scenario.Site {
    /// The names of `status`, as a file writes them.
    static let statusNames = ["good", "revoked", "unknown"]

    /// The fields of a site (`sites[i]`), in the order the resolved YAML writes them: the one
    /// table the decoder (known keys, values), ``Scenario/resolvedYAML()`` and the sweep paths
    /// (`sites.HOST.KEY`) read. The site's decoder reads `host` (a hostname, once per scenario)
    /// and `status`, `revoked_reason` and `revoke_at` together, by their rows' kinds.
    static let fields: [ScenarioField<Scenario.Site>] = [
        .decodedBySection("host") { site in (YAMLWriter.scalar(site.host), nil) },
        .flag("must_staple", \.mustStaple),
        // A sweep to `revoked` keeps the site's reason, else it is unspecified.
        ScenarioField(key: "status", kind: .choice(what: "status", names: statusNames), text: { ($0.status.name, nil) },
                      set: { site, value in
                          guard case .choice(let name) = value else { return }
                          switch name {
                          case "good": site.status = .good
                          case "unknown": site.status = .unknown
                          case "revoked":
                              if case .revoked = site.status { break }
                              site.status = .revoked(.unspecified)
                          default: break
                          }
                      }).readBySection(),
        .carried("revoked_reason",
                  kind: .choice(what: "revocation reason (RFC 5280)", names: RevocationReason.allCases.map(\.name)), { site in
            if case .revoked(let reason) = site.status { return .choice(reason.name) }
            return nil
        }, put: { site, value in
            if case .revoked = site.status, case .choice(let name) = value, let reason = RevocationReason(name: name) {
                site.status = .revoked(reason)
            }
        }),
        .flag("intermediate", \.intermediate),
        .choice("key", what: "key type", \.key),
        .carried("revoke_at", kind: .delay(positive: false), { site in site.revokeAt.map(SweepValue.delay) },
                  put: { site, value in if case .delay(let delay) = value { site.revokeAt = delay } })
            .commented("revoked from then on"),
    ]

    /// The row of `key`, if a site has such a field.
    static func field(_ key: String) -> ScenarioField<Scenario.Site>? { ScenarioField.row(key, in: fields) }
}
