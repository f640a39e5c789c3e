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
        ScenarioField(key: "revoked_reason",
                      kind: .choice(what: "revocation reason (RFC 5280)", names: RevocationReason.allCases.map(\.name)),
                      text: { site in
                          guard case .revoked(let reason) = site.status else { return (nil, nil) }
                          return (reason.name, nil)
                      },
                      set: { site, value in
                          if case .revoked = site.status, case .choice(let name) = value, let reason = RevocationReason(name: name) {
                              site.status = .revoked(reason)
                          }
                      }).readBySection().notSwept().when { site in
            if case .revoked = site.status { return true }
            return false
        },
        .flag("intermediate", \.intermediate),
        .choice("key", what: "key type", \.key),
        ScenarioField(key: "revoke_at", kind: .delay(positive: false),
                      text: { site in (site.revokeAt?.description, "revoked from then on") },
                      set: { site, value in if case .delay(let delay) = value { site.revokeAt = delay } })
            .readBySection().notSwept().when { $0.revokeAt != nil },
    ]

    /// The row of `key`, if a site has such a field.
    static func field(_ key: String) -> ScenarioField<Scenario.Site>? { ScenarioField.row(key, in: fields) }
}
