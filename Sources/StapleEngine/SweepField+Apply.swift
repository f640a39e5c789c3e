import StapleCore

extension SweepField {
    /// Sets this field of `scenario` to `value` (a value of this field's kind, as the
    /// loader checked it; a value of another kind leaves the scenario unchanged).
    func apply(_ value: SweepValue, to scenario: inout Scenario) {
        switch target {
        case .seed:
            if case .integer(let seed) = value, seed >= 0 { scenario.seed = UInt64(seed) }
        case .timeScale:
            if case .number(let scale) = value { scenario.timeScale = scale }
        case .link(let pair, let key):
            var link = scenario.links[pair]
            SweepField.apply(key, value, to: &link)
            scenario.links[pair] = link
        case .clientLink(let name, let pair, let key):
            guard let index = scenario.clients.firstIndex(where: { $0.name == name }) else { return }
            var override = scenario.clients[index].links[pair] ?? Scenario.Link.Override()
            SweepField.apply(key, value, to: &override)
            scenario.clients[index].links[pair] = override
        case .client(let name, let key):
            guard let index = scenario.clients.firstIndex(where: { $0.name == name }) else { return }
            SweepField.apply(key, value, to: &scenario.clients[index])
        case .site(let host, let key):
            guard let index = scenario.sites.firstIndex(where: { $0.host == host }) else { return }
            SweepField.apply(key, value, to: &scenario.sites[index])
        case .server(let key):
            Scenario.Server.field(key)?.set(&scenario.server, value)
        case .responder(let key):
            Scenario.Responder.field(key)?.set(&scenario.responder, value)
        case .resolverDelay:
            if case .delay(let delay) = value { scenario.resolver.delay = delay }
        case .crl(let key):
            switch (key, value) {
            case (.entries, .integer(let n)): scenario.crl.entries = n
            case (.nextUpdate, .delay(let delay)): scenario.crl.nextUpdate = delay
            case (.shards, .integer(let n)): scenario.crl.shards = n
            default: break
            }
        case .shortLivedLifetime:
            if case .delay(let delay) = value { scenario.shortLived.lifetime = delay }
        case .workload(let key):
            Scenario.Workload.field(key)?.set(&scenario.workload, value)
        }
    }

    private static func apply(_ key: LinkKey, _ value: SweepValue, to link: inout Scenario.Link) {
        switch (key, value) {
        case (.delay, .delay(let delay)): link.delay = delay
        case (.rtt, .delay(let rtt)): link.delay = Scenario.Link.oneWay(rtt: rtt)
        case (.jitter, .delay(let delay)): link.jitter = delay
        case (.bandwidth, .bandwidth(let bandwidth)): link.bandwidth = bandwidth
        default: break
        }
    }

    private static func apply(_ key: LinkKey, _ value: SweepValue, to link: inout Scenario.Link.Override) {
        switch (key, value) {
        case (.delay, .delay(let delay)): link.delay = delay
        case (.rtt, .delay(let rtt)): link.delay = Scenario.Link.oneWay(rtt: rtt)
        case (.jitter, .delay(let delay)): link.jitter = delay
        case (.bandwidth, .bandwidth(let bandwidth)): link.bandwidth = bandwidth
        default: break
        }
    }

    private static func apply(_ key: ClientKey, _ value: SweepValue, to client: inout Scenario.Client) {
        var profile = client.profile
        switch (key, value) {
        case (.count, .integer(let n)): client.count = n
        case (.fail, .choice(let name)): profile.failMode = .init(rawValue: name) ?? profile.failMode
        case (.timeout, .delay(let delay)): profile.timeout = delay
        case (.method, .choice(let name)): profile.method = .init(rawValue: name) ?? profile.method
        case (.check, .choice(let name)): profile.check = .init(rawValue: name) ?? profile.check
        case (.mustStaple, .choice(let name)): profile.mustStaple = .init(rawValue: name) ?? profile.mustStaple
        case (.fallback, .choice(let name)): profile.fallback = .init(rawValue: name) ?? profile.fallback
        case (.cache, .flag(let flag)): profile.cache = flag
        case (.onlineOCSP, .flag(let flag)): profile.onlineOCSP = flag
        default: break
        }
        client.profile = profile
    }

    private static func apply(_ key: SiteKey, _ value: SweepValue, to site: inout Scenario.Site) {
        switch (key, value) {
        case (.mustStaple, .flag(let flag)): site.mustStaple = flag
        case (.intermediate, .flag(let flag)): site.intermediate = flag
        case (.key, .choice(let name)): site.key = .init(rawValue: name) ?? site.key
        case (.status, .choice(let name)):
            switch name {
            case "good": site.status = .good
            case "unknown": site.status = .unknown
            case "revoked":
                if case .revoked = site.status { break }
                site.status = .revoked(.unspecified)
            default: break
            }
        default: break
        }
    }
}
