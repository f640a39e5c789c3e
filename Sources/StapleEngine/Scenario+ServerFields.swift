import StapleCore

extension Scenario.Server {
    /// The fields of `server:`, in the order the resolved YAML writes them: the one table the
    /// decoder, ``Scenario/resolvedYAML()`` and the sweep paths (`server.KEY`) read.
    static let fields: [ScenarioField<Scenario.Server>] = [
        .choice("kind", what: "server kind", \.kind),
        .choice("stapling", what: "stapling choice", \.stapling),
        .flag("verify", \.verify),
        .decodedBySection("responder_url") { server in
            (server.responderURL.map { YAMLWriter.quoted($0.absoluteString) } ?? "null",
             server.responderURL == nil ? "null: the certificate's AIA URL" : nil)
        },
        .choice("policy", what: "policy", \.policy),
        .integer("workers", in: workersRange, \.workers),
        .delay("responder_timeout", positive: true, \.responderTimeout),
        .delay("fetch_timeout", positive: true, \.fetchTimeout),
        .flag("staple_errors", \.stapleErrors),
        .choice("tls", what: "TLS version", \.tls),
        .decodedBySection("restarts") { server in (YAMLWriter.flow(server.restarts.map(String.init)), nil) },
    ]
}
