import StapleCore

extension ScenarioDecoder {
    /// The keys of a client.
    static let clientKeys = ["name", "kind", "count", "profile", "visits", "fail", "timeout", "method", "check", "must_staple",
                             "fallback", "cache", "online_ocsp", "short_lived_threshold", "links"]

    /// `clients:`: at least one, every instance name once, visits only known sites.
    func clients(_ top: Fields, sites: [Scenario.Site]) -> [Scenario.Client] {
        guard let node = top["clients"] else {
            missing(top, "clients", "add at least one client, e.g. clients: [{name: Alice}]")
            return []
        }
        guard let items = list(node, path: "clients", example: "[{name: Alice, profile: firefox}]") else { return [] }
        if items.isEmpty {
            report(.missing, line: node.mark.line, path: "clients", "the list is empty; add at least one client, e.g. - name: Alice")
        }
        var clients: [Scenario.Client] = []
        var owners: [String: Int] = [:]  // instance name → index in `items`
        var clientAt: [Int: Scenario.Client] = [:]
        for (index, item) in items.enumerated() {
            let path = "clients[\(index)]"
            guard let fields = mapping(item, path: path, known: ScenarioDecoder.clientKeys) else { continue }
            guard let client = client(fields, sites: sites) else { continue }
            var clash = false
            if let other = clientAt.first(where: { $0.value.name == client.name })?.key {
                report(.duplicate, line: fields.line("name"), path: fields.path("name"),
                       "'\(client.name)' is already clients[\(other)]; every client needs its own name")
                continue
            }
            for instance in client.instanceNames {
                guard let other = owners[instance], let otherClient = clientAt[other] else { continue }
                let message = otherClient.count == 1
                    ? "instance '\(instance)' is also the name of clients[\(other)]; rename one of them"
                    : "instance '\(instance)' is also an instance of clients[\(other)] (\(otherClient.name), count "
                        + "\(otherClient.count)); rename one of them"
                report(.duplicate, line: fields.line("name"), path: fields.path("name"), message)
                clash = true
                break
            }
            if clash { continue }
            for instance in client.instanceNames { owners[instance] = index }
            clientAt[index] = client
            clients.append(client)
        }
        return clients
    }

    /// One client, its profile with the overrides applied.
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
        let count = fields["count"].flatMap { integer($0, path: fields.path("count"), min: 1) } ?? 1
        let base = fields["profile"].flatMap {
            choice($0, path: fields.path("profile"), what: "profile", as: RevocationProfile.Name.self)
        } ?? .firefox
        var profile = RevocationProfile(base)
        if let node = fields["fail"], let value = choice(node, path: fields.path("fail"), what: "fail mode",
                                                          as: RevocationProfile.FailMode.self) {
            profile.failMode = value
        }
        if let node = fields["timeout"], let value = delay(node, path: fields.path("timeout"), positive: true) {
            profile.timeout = value
        }
        if let node = fields["method"], let value = choice(node, path: fields.path("method"), what: "method",
                                                            as: RevocationProfile.Method.self) {
            profile.method = value
        }
        if let node = fields["check"], let value = choice(node, path: fields.path("check"), what: "check",
                                                           as: RevocationProfile.ChainCheck.self) {
            profile.check = value
        }
        if let node = fields["must_staple"], let value = choice(node, path: fields.path("must_staple"),
                                                                 what: "must_staple choice",
                                                                 as: RevocationProfile.MustStaple.self) {
            profile.mustStaple = value
        }
        if let node = fields["fallback"], let value = choice(node, path: fields.path("fallback"), what: "fallback",
                                                              as: RevocationProfile.Fallback.self) {
            profile.fallback = value
        }
        if let node = fields["cache"], let value = flag(node, path: fields.path("cache")) { profile.cache = value }
        if let node = fields["short_lived_threshold"], let value = delay(node, path: fields.path("short_lived_threshold")) {
            profile.shortLivedThreshold = value
        }
        if let node = fields["online_ocsp"], let value = flag(node, path: fields.path("online_ocsp")) {
            profile.onlineOCSP = value
        }
        let kind = fields["kind"].flatMap {
            choice($0, path: fields.path("kind"), what: "client kind", as: Scenario.Client.Kind.self)
        } ?? .builtin
        if kind != .builtin {
            refuseProfileLevers(fields, kind: kind)
            // A real program starts cold every visit unless it is Firefox and the scenario says cache: true.
            if fields["cache"] == nil || kind != .firefox { profile.cache = false }
            if fields["online_ocsp"] == nil { profile.onlineOCSP = kind == .gnutls || kind == .firefox }
            // What the program does without a staple: gnutls-cli --ocsp asks, curl refuses.
            profile.fallback = profile.onlineOCSP ? .classic : .none
            profile.failMode = .hard
        }
        let visits = visits(fields, sites: sites)
        let links = fields["links"].flatMap { clientLinks($0, path: fields.path("links")) } ?? [:]
        var client = Scenario.Client(name: name, count: count, profile: profile, visits: visits, links: links)
        client.kind = kind
        return client
    }

    /// A real program checks revocation its own way: the profile's levers it cannot take are
    /// errors, not silently ignored (gnutls-cli takes `online_ocsp`: its `--ocsp`).
    private func refuseProfileLevers(_ fields: Fields, kind: Scenario.Client.Kind) {
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
        for key in ["profile", "fail", "timeout", "method", "check", "must_staple", "fallback", "cache", "online_ocsp",
                    "short_lived_threshold"]
        where fields[key] != nil {
            if key == "online_ocsp" && kind == .gnutls { continue }
            // One Firefox for the whole part keeps its OCSP cache (see RealClient).
            if key == "cache" && kind == .firefox { continue }
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
        guard let items = list(node, path: fields.path("visits"), example: "[example.com]") else { return hosts }
        guard !items.isEmpty else {
            report(.missing, line: node.mark.line, path: fields.path("visits"),
                   "the list is empty; list sites by host, or leave visits out to visit every site")
            return hosts
        }
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
            guard let parts = linkParts(value, path: fields.path(pair.rawValue)) else { continue }
            overrides[pair] = Scenario.Link.Override(delay: parts.delay, jitter: parts.jitter,
                                                     bandwidth: parts.bandwidth, faults: parts.faults)
        }
        return overrides
    }
}
