import StapleCore

extension ScenarioDecoder {
    /// The keys of a client, from its field table.
    static let clientKeys = Scenario.Client.fields.map(\.key)

    /// `clients:`: at least one, every instance name once, visits only known sites.
    func clients(_ top: Fields, sites: [Scenario.Site]) -> [Scenario.Client] {
        var clients: [Scenario.Client] = []
        var owners: [String: Int] = [:]  // instance name → index in the list
        var clientAt: [Int: Scenario.Client] = [:]
        forEachRequiredMapping(top, "clients", known: ScenarioDecoder.clientKeys,
                               missing: "add at least one client, e.g. clients: [{name: Alice}]",
                               example: "[{name: Alice, profile: firefox}]",
                               empty: "add at least one client, e.g. - name: Alice") { index, fields in
            guard let client = client(fields, sites: sites) else { return }
            if let other = clientAt.first(where: { $0.value.name == client.name })?.key {
                report(.duplicate, line: fields.line("name"), path: fields.path("name"),
                       "'\(client.name)' is already clients[\(other)]; every client needs its own name")
                return
            }
            for instance in client.instanceNames {
                guard let other = owners[instance], let otherClient = clientAt[other] else { continue }
                let message = otherClient.count == 1
                    ? "instance '\(instance)' is also the name of clients[\(other)]; rename one of them"
                    : "instance '\(instance)' is also an instance of clients[\(other)] (\(otherClient.name), count "
                        + "\(otherClient.count)); rename one of them"
                report(.duplicate, line: fields.line("name"), path: fields.path("name"), message)
                return
            }
            for instance in client.instanceNames { owners[instance] = index }
            clientAt[index] = client
            clients.append(client)
        }
        return clients
    }

    /// One client: the fields of ``Scenario/Client/fields`` (its profile, then the overrides),
    /// what a real program does on its own, its visits and its links.
    private func client(_ fields: Fields, sites: [Scenario.Site]) -> Scenario.Client? {
        guard let nameNode = fields["name"] else {
            missing(fields, "name", "every client needs a name, e.g. name: Alice")
            return nil
        }
        guard let name = text(nameNode, path: fields.path("name")) else { return nil }
        guard ScenarioDecoder.isSimpleName(name, allowDots: false) else {
            report(.invalidValue, line: nameNode.mark.line, path: fields.path("name"),
                   "'\(name)' is not a usable client name; use letters, digits, '-' and '_', e.g. Alice")
            return nil
        }
        var client = Scenario.Client(name: name, visits: [])
        decode(fields, table: Scenario.Client.fields, into: &client)
        if client.kind != .builtin {
            refuseProfileLevers(fields, of: client)
            var profile = client.profile
            // A real program starts cold every visit unless it is Firefox and the scenario says cache: true.
            if fields["cache"] == nil || client.kind != .firefox { profile.cache = false }
            if fields["online_ocsp"] == nil { profile.onlineOCSP = client.kind == .gnutls || client.kind == .firefox }
            // What the program does without a staple: gnutls-cli --ocsp asks, curl refuses.
            profile.fallback = profile.onlineOCSP ? .classic : .none
            profile.failMode = .hard
            client.profile = profile
        }
        client.visits = visits(fields, sites: sites)
        client.links = fields["links"].flatMap { clientLinks($0, path: fields.path("links")) } ?? [:]
        return client
    }

    /// A real program checks revocation its own way: the fields it cannot take (the rows of
    /// ``Scenario/Client/fields`` that do not apply to it) are errors, not silently ignored.
    private func refuseProfileLevers(_ fields: Fields, of client: Scenario.Client) {
        let kind = client.kind
        let program: String, own: String
        switch kind {
        case .curl:
            program = "curl"
            own = "curl --cert-status checks staples only and refuses a connection without a good one"
        case .chromium:
            program = "Chromium"
            own = "Chromium checks a staple when one comes and never asks a responder itself"
        case .firefox:
            program = "Firefox"
            own = "Firefox ESR checks revocation with its own defaults (a staple, else a POST to the responder)"
        default:
            program = "gnutls-cli"
            own = "gnutls-cli checks a staple, else with --ocsp asks the responder itself, and refuses a revoked certificate"
        }
        for field in Scenario.Client.fields where fields[field.key] != nil && !field.applies(client) {
            let key = field.key
            let why = key == "cache"
                ? "\(program) starts cold every visit (one process\(kind == .chromium ? " and a fresh profile" : "") per visit, no OCSP cache kept; only kind: firefox can keep one)"
                : own
            report(.conflict, line: fields.line(key), path: fields.path(key),
                   "a \(kind.rawValue) client cannot take \(key): \(why); remove \(key), or use kind: builtin")
        }
    }

    /// `visits:`: known sites, each once; every site when absent.
    private func visits(_ fields: Fields, sites: [Scenario.Site]) -> [String] {
        let hosts = sites.map(\.host)
        guard let node = fields["visits"] else { return hosts }
        guard let items = nonEmptyList(node, path: fields.path("visits"), example: "[example.com]",
                                       empty: "list sites by host, or leave visits out to visit every site") else { return hosts }
        var visits: [String] = []
        for (index, item) in items.enumerated() {
            let path = "\(fields.path("visits"))[\(index)]"
            guard let host = text(item, path: path) else { continue }
            guard hosts.contains(host) else {
                report(.unknownSite, line: item.mark.line, path: path,
                       "no site '\(host)' in sites\(ScenarioSpelling.hint(for: host, among: hosts))"
                       + ScenarioSpelling.knownList(hosts))
                continue
            }
            if let first = visits.firstIndex(of: host) {
                report(.duplicate, line: item.mark.line, path: path,
                       "'\(host)' is already visits[\(first)]; list each site once")
                continue
            }
            visits.append(host)
        }
        return visits.isEmpty ? hosts : visits
    }

    /// A client's `links:`: overrides of its own links only.
    private func clientLinks(_ node: YAMLValue, path: String) -> [Scenario.LinkPair: Scenario.Link.Override]? {
        let names = Scenario.LinkPair.allCases.map(\.rawValue)
        guard let fields = mapping(node, path: path, known: names) else { return nil }
        var overrides: [Scenario.LinkPair: Scenario.Link.Override] = [:]
        for pair in Scenario.LinkPair.allCases {
            guard let value = fields[pair.rawValue] else { continue }
            guard pair.isClientLink else {
                let own = Scenario.LinkPair.allCases.filter(\.isClientLink).map(\.rawValue).joined(separator: ", ")
                report(.conflict, line: fields.line(pair.rawValue), path: fields.path(pair.rawValue),
                       "a client can only change its own links (\(own)); set \(pair.rawValue) under the top-level links:")
                continue
            }
            guard let override = link(value, path: fields.path(pair.rawValue)) else { continue }
            overrides[pair] = override
        }
        return overrides
    }
}
