import StapleCore

extension Scenario.Client {
    /// The fields of a client (`clients[i]`), in the order the resolved YAML writes them: the one
    /// table the decoder (known keys, values, and which levers a real program cannot take),
    /// ``Scenario/resolvedYAML()`` and the sweep paths (`clients.NAME.KEY`) read. The profile's
    /// levers apply to the built-in client only, but for gnutls-cli's `online_ocsp` (its
    /// `--ocsp`) and Firefox's `cache`; `profile` comes before them (it resets the levers).
    static let fields: [ScenarioField<Scenario.Client>] = [
        .decodedBySection("name") { client in (YAMLWriter.scalar(client.name), nil) },
        .choice("kind", what: "client kind", \.kind).notSwept(),
        .integer("count", in: 1...Int.max, \.count),
        ScenarioField(key: "profile", kind: .choice(what: "profile", names: RevocationProfile.Name.allCases.map(\.rawValue)),
                      text: { ($0.profile.base.rawValue, nil) },
                      set: { client, value in
                          if case .choice(let name) = value, let base = RevocationProfile.Name(rawValue: name) {
                              client.profile = RevocationProfile(base)
                          }
                      }).notSwept().when(isBuiltin),
        .decodedBySection("visits") { client in (YAMLWriter.flow(client.visits.map(YAMLWriter.scalar)), nil) },
        .choice("fail", what: "fail mode", \.profile.failMode).when(isBuiltin),
        .delay("timeout", positive: true, \.profile.timeout).when(isBuiltin),
        .choice("method", what: "method", \.profile.method).when(isBuiltin),
        .choice("check", what: "check", \.profile.check).when(isBuiltin),
        .choice("must_staple", what: "must_staple choice", \.profile.mustStaple).when(isBuiltin),
        .choice("fallback", what: "fallback", \.profile.fallback).when(isBuiltin),
        // One Firefox for the whole part keeps its OCSP cache (see RealClient).
        .flag("cache", \.profile.cache).when { $0.kind == .builtin || $0.kind == .firefox },
        .flag("online_ocsp", \.profile.onlineOCSP).when { $0.kind == .builtin || $0.kind == .gnutls },
        .delay("short_lived_threshold", positive: false, \.profile.shortLivedThreshold).when(isBuiltin),
        ScenarioField<Scenario.Client>.decodedBySection("links") { client in
            client.links.isEmpty
                ? ("{}", "no overrides of the links below")
                : (nil, "overrides of the links below, for this client only")
        }.withBlock { client, indent, w in
            for pair in Scenario.LinkPair.allCases {
                guard let override = client.links[pair] else { continue }
                w.line(indent, pair.rawValue)
                ScenarioField.write(Scenario.Link.Override.fields, of: override, at: indent + 1, to: &w)
            }
        },
    ]

    /// The row of `key`, if a client has such a field.
    static func field(_ key: String) -> ScenarioField<Scenario.Client>? { ScenarioField.row(key, in: fields) }

    /// Whether `client` is the built-in one, which takes every lever of its profile.
    @Sendable private static func isBuiltin(_ client: Scenario.Client) -> Bool { client.kind == .builtin }
}
