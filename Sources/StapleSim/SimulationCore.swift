import StapleCore
import StapleEngine
import StapleReport

/// One simulated part (a mode at a sweep point or stapling share): the servers' staple caches,
/// the clients' OCSP caches, the responder (and its CDN), and what was counted, advanced one
/// visit at a time in virtual time.
///
/// Every cache and refresh decision is the real actors' own: ``StapleCore/LazyStapleEntry``
/// (nginx), ``StapleCore/BlockingStapleRule`` (Apache), ``StapleCore/ProactiveStapleRule``
/// (Caddy), ``StapleCore/ClientOCSPCacheRule`` and the profile's
/// ``StapleCore/RevocationProfile/withoutStaple(mustStapleCertificate:)``, taken at the virtual
/// time instead of a `PolicyClock`'s reading. Latency is ``StapleEngine/LatencyModel``'s
/// prediction for the work done plus ``CPUCost``.
struct SimulationCore {
    /// A site as the simulation needs it.
    struct SiteInfo: Sendable {
        var mustStaple: Bool
        var status: Scenario.Site.Status
        var intermediate: Bool
        /// Whether its server staples at all (the stapling share).
        var staples: Bool
    }

    /// A kind of client: its profile and the instance name the delay model knows it by.
    struct ClientKind: Sendable {
        var profile: RevocationProfile
        var instance: String
        /// Scenario seconds from a visit's start to its ClientHello reaching the server.
        var helloOffset: Double
    }

    /// How a visit ended.
    enum Outcome: Sendable { case connected, softFail, hardFail }

    /// The default `ServerConfig` times the real server runs with (scenario seconds, except
    /// the fetch timeout, which is real seconds).
    static let retryAfterFailure = 300.0
    static let skew = 300.0
    static let lazyFetchTimeout = 60.0

    /// Response sizes (bytes), from `Results/reference/…/responder.csv`: a CA-signed ECDSA
    /// response is 325–326 bytes; an unsigned error status is 5.
    static let responseBytes = 326
    static let errorBytes = 5

    private struct BlockingSlot {
        var staple: SimStaple?
        var expires = -Double.infinity
        var readyAt = -Double.infinity
    }

    private struct ProactiveSlot {
        var staple: SimStaple?
        var thisUpdate = 0.0
        var nextUpdate: Double?
    }

    private let scenario: Scenario
    let mode: Scenario.Mode
    let sites: [SiteInfo]
    let kinds: [ClientKind]
    let clients: Int
    private let policy: Scenario.Server.Policy
    private let workers: Int
    private let serverStaples: Bool
    private let tls12: Bool
    private let timeScale: Double
    private let validity: Double
    private let maxAgeHeader: Double
    private let cdn: Scenario.Simulation.CDN?
    private let model: LatencyModel
    private let serverFetchSeconds: Double
    private let intermediateTarget: Int

    private var lazy: [LazyStapleEntry<SimStaple>]
    private var blocking: [BlockingSlot]
    private var proactive: [ProactiveSlot]
    private var disk: [ProactiveSlot]
    private var events = EventQueue()
    private var clientCache: [Int: Double] = [:]
    private var cdnCache: [Int: Double] = [:]
    private var connections = 0
    private var latencyTable: [Int: Double] = [:]

    /// Every request that reached the CA (its CDN's edge, or the responder itself without one).
    private(set) var edge: ResponderLoad
    /// Every request that reached the responder.
    private(set) var origin: ResponderLoad
    /// Counted handshakes and how they ended.
    private(set) var stats = PartStats()
    /// (client, site) pairs visited.
    var visited: PairSet
    /// (client, site) pairs the responder (the CA, its CDN included) learned from a client's own request.
    var learned: PairSet

    init(scenario: Scenario, mode: Scenario.Mode, sites: [SiteInfo], clients: Int,
         kindProfiles: [Scenario.Client], timeScale: Double, cdn: Scenario.Simulation.CDN?, duration: Double) {
        self.scenario = scenario
        self.mode = mode
        self.sites = sites
        self.clients = clients
        policy = scenario.server.policy
        workers = policy == .lazy ? max(1, scenario.server.workers) : 1
        serverStaples = scenario.server.staples(in: mode)
        tls12 = scenario.server.tls == .tls12
        self.timeScale = timeScale
        validity = scenario.responder.validity.seconds
        maxAgeHeader = scenario.responder.maxAge?.seconds ?? scenario.responder.validity.seconds
        self.cdn = cdn
        model = LatencyModel(scenario: scenario)
        let resolverMs = scenario.resolver.delay.milliseconds
        var fetchMs = 2 * scenario.link(.serverResponder).rtt.milliseconds + scenario.responder.delay.milliseconds
        if scenario.server.kind == .builtin { fetchMs += scenario.link(.serverResolver).rtt.milliseconds + resolverMs }
        serverFetchSeconds = fetchMs / 1000 * timeScale
        self.kinds = kindProfiles.map { client in
            let dns = scenario.link(.clientResolver, for: client).rtt.milliseconds + resolverMs
            let hello = dns + 1.5 * scenario.link(.clientServer, for: client).rtt.milliseconds
            return ClientKind(profile: client.profile, instance: client.instanceNames[0], helloOffset: hello / 1000 * timeScale)
        }
        intermediateTarget = sites.count
        lazy = Array(repeating: LazyStapleEntry(), count: sites.count * workers)
        blocking = Array(repeating: BlockingSlot(), count: policy == .blocking ? sites.count : 0)
        proactive = Array(repeating: ProactiveSlot(), count: policy == .proactive ? sites.count : 0)
        disk = proactive
        if policy != .lazy { lazy = [] }
        edge = ResponderLoad(duration: duration)
        origin = ResponderLoad(duration: duration)
        visited = PairSet(clients: clients, sites: sites.count)
        learned = PairSet(clients: clients, sites: sites.count)
    }

    // MARK: - Servers

    /// Whether the server of `site` staples at all in this part.
    private func staples(_ site: Int) -> Bool { serverStaples && sites[site].staples }

    /// A proactive server's start-up: every site fetched before serving (`warmPast`: as if
    /// fetched at a random time within the last half validity, for a population that has been
    /// running for long; nothing is counted then).
    mutating func start(at time: Double, warm: Bool, random: inout SplitMix64) {
        guard policy == .proactive else { return }
        for site in sites.indices where staples(site) {
            if warm {
                let fetched = time - ZipfSampler.uniform(&random) * validity / 2
                keepProactive(site, ProactiveSlot(staple: .good, thisUpdate: fetched, nextUpdate: fetched + validity), now: fetched)
            } else {
                refreshProactive(site, at: time)
            }
        }
    }

    /// A server restart: lazy and blocking caches are lost; a proactive server reloads what is
    /// on disk (fetching what is missing or expired) and reschedules its refreshes.
    mutating func restart(at time: Double) {
        advance(to: time)
        switch policy {
        case .lazy:
            lazy = Array(repeating: LazyStapleEntry(), count: lazy.count)
        case .blocking:
            for index in blocking.indices {
                blocking[index].expires = -.infinity
                if blocking[index].readyAt <= time { blocking[index].readyAt = -.infinity }
            }
        case .proactive:
            events.removeAll()
            proactive = Array(repeating: ProactiveSlot(), count: proactive.count)
            for site in sites.indices where staples(site) {
                let saved = disk[site]
                if saved.staple != nil,
                   ProactiveStapleRule.isValid(nextUpdate: saved.nextUpdate, now: time, skew: SimulationCore.skew) {
                    proactive[site] = saved
                    let next = ProactiveStapleRule.refreshTime(thisUpdate: saved.thisUpdate, nextUpdate: saved.nextUpdate, now: time)
                    events.push(time: next, index: site, kind: .proactiveRefresh)
                } else {
                    refreshProactive(site, at: time)
                }
            }
        }
    }

    /// Runs every server event up to `time`.
    private mutating func advance(to time: Double) {
        while let next = events.nextTime, next <= time, let event = events.pop() {
            switch event.kind {
            case .lazyFetchDone(let token):
                lazy[event.index].store(token.result, payload: token.staple, now: event.time,
                                        retryAfterFailure: SimulationCore.retryAfterFailure)
            case .proactiveRefresh:
                refreshProactive(event.index, at: event.time)
            }
        }
    }

    private mutating func refreshProactive(_ site: Int, at time: Double) {
        let answer = ask(target: site, requester: .server(site), post: true, at: time)
        if let kept = ProactiveStapleRule.keep(answer.result, now: time) {
            keepProactive(site, ProactiveSlot(staple: SimStaple(answer.result), thisUpdate: kept.thisUpdate,
                                              nextUpdate: kept.nextUpdate), now: time)
        } else {
            events.push(time: time + ProactiveStapleRule.retryInterval, index: site, kind: .proactiveRefresh)
        }
    }

    private mutating func keepProactive(_ site: Int, _ slot: ProactiveSlot, now: Double) {
        proactive[site] = slot
        disk[site] = slot
        let next = ProactiveStapleRule.refreshTime(thisUpdate: slot.thisUpdate, nextUpdate: slot.nextUpdate, now: now)
        events.push(time: next, index: site, kind: .proactiveRefresh)
    }

    /// The staple a handshake reaching `site`'s server at `time` gets, and whether the server
    /// fetched inside the handshake.
    private mutating func serverStaple(_ site: Int, at time: Double) -> (staple: SimStaple?, fetched: Bool) {
        switch policy {
        case .lazy:
            let index = site * workers + connections % workers
            let (staple, start) = lazy[index].lookup(now: time)
            if start {
                let answer = ask(target: site, requester: .server(site), post: false, at: time)
                let done = time + (answer.timedOut ? SimulationCore.lazyFetchTimeout * timeScale : serverFetchSeconds)
                events.push(time: done, index: index,
                            kind: .lazyFetchDone(StapleResultToken(result: answer.result, staple: SimStaple(answer.result))))
            }
            return (staple, false)
        case .blocking:
            let slot = blocking[site]
            if slot.readyAt > time { return (slot.staple, true) }        // waits for the fetch in progress
            if BlockingStapleRule.isFresh(expires: slot.expires, now: time) { return (slot.staple, false) }
            let answer = ask(target: site, requester: .server(site), post: true, at: time)
            let done = time + (answer.timedOut ? scenario.server.responderTimeout.seconds * timeScale : serverFetchSeconds)
            let (stapled, expires) = BlockingStapleRule.cache(answer.result, now: done)
            let staple = stapled == .fetched ? SimStaple(answer.result) : .errorStatus
            blocking[site] = BlockingSlot(staple: staple, expires: expires, readyAt: done)
            return (staple, true)
        case .proactive:
            let slot = proactive[site]
            guard slot.staple != nil,
                  ProactiveStapleRule.isValid(nextUpdate: slot.nextUpdate, now: time, skew: SimulationCore.skew) else {
                return (nil, false)
            }
            return (slot.staple, false)
        }
    }

    // MARK: - Responder

    /// Who asks the responder.
    enum Requester { case client(Int), server(Int) }

    /// What the responder (through the CDN, if any) answered.
    struct Answer {
        var result: StapleFetchResult
        var timedOut: Bool
    }

    /// A request at `time` about `target` (a site, or the intermediate) from `requester`.
    private mutating func ask(target: Int, requester: Requester, post: Bool, at time: Double,
                              clientTimeout: Double = .infinity) -> Answer {
        let elapsed = time
        let outage = scenario.responder.outage(at: elapsed)
        let status: Scenario.Site.Status = target == intermediateTarget ? .good : sites[target].status
        func signed() -> StapleFetchResult {
            switch status {
            case .good: return .good(thisUpdate: time, nextUpdate: time + validity)
            case .revoked: return .revoked
            case .unknown: return .unknown
            }
        }
        if case .refuse? = outage?.kind { return Answer(result: .failed, timedOut: false) }
        // The CA's front: a CDN answers cacheable GETs it holds.
        var cdnKey: Int?
        if let cdn, !post {
            let who: Int
            switch requester {
            case .client(let client): who = client
            case .server(let site): who = site
            }
            let key = (who % cdn.pops) * (sites.count + 1) + target
            if let expires = cdnCache[key], expires > time {
                edge.record(at: time, bytes: SimulationCore.responseBytes)
                return Answer(result: signed(), timedOut: false)
            }
            cdnKey = key
        }
        let result: StapleFetchResult
        var timedOut = false
        var bytes = SimulationCore.responseBytes
        switch outage?.kind {
        case .hang?:
            result = .failed
            timedOut = true
            bytes = 0
        case .tryLater?, .internalError?:
            result = .errorStatus
            bytes = SimulationCore.errorBytes
        case .malformed?:
            result = .invalid
            bytes = SimulationCore.errorBytes
        case .slow(let delay)?:
            timedOut = delay.seconds >= clientTimeout
            result = timedOut ? .failed : signed()
        case .refuse?, nil:
            result = signed()
        }
        edge.record(at: time, bytes: bytes)
        origin.record(at: time, bytes: bytes)
        if let cdnKey, let cdn, !timedOut {
            switch result {
            case .good, .revoked, .unknown: cdnCache[cdnKey] = time + (cdn.maxAge?.seconds ?? maxAgeHeader)
            case .errorStatus, .invalid, .failed: break
            }
        }
        return Answer(result: result, timedOut: timedOut)
    }

    // MARK: - Clients

    /// What a client check gave, folded over its targets (as `ClientRevocationPolicy.combine`).
    private enum Verdict { case good, revoked, notEstablished }

    /// The client's check of `targets` in order: fresh cached answers, or a fetch each.
    private mutating func check(_ targets: [Int], client: Int, profile: RevocationProfile, at time: Double,
                                fetches: inout Int, timedOut: inout Int) -> Verdict {
        let stride = sites.count + 1
        if profile.cache {
            var all: [Verdict] = []
            for target in targets {
                guard let expires = clientCache[client * stride + target],
                      ClientOCSPCacheRule.isFresh(expires: expires, now: time) else { all = []; break }
                all.append(isRevoked(target) ? .revoked : .good)
            }
            if all.count == targets.count && !targets.isEmpty { return combine(all) }
        }
        var all: [Verdict] = []
        for target in targets {
            let key = client * stride + target
            if profile.cache, let expires = clientCache[key], ClientOCSPCacheRule.isFresh(expires: expires, now: time) {
                all.append(isRevoked(target) ? .revoked : .good)
                continue
            }
            let answer = ask(target: target, requester: .client(client), post: profile.method == .post, at: time,
                             clientTimeout: profile.timeout.seconds)
            if target < sites.count { learned.insert(client: client, site: target) }
            if answer.timedOut { timedOut |= 1 << fetches }
            fetches += 1
            let kept: ClientOCSPCacheRule.Answer
            switch answer.result {
            case .good(_, let next):
                all.append(.good)
                kept = .good(nextUpdate: next)
            case .revoked:
                all.append(.revoked)
                kept = .revoked
            case .unknown, .errorStatus, .invalid, .failed:
                all.append(.notEstablished)
                kept = .other
            }
            if profile.cache, let expires = ClientOCSPCacheRule.expiry(kept, now: time, maxAge: maxAgeHeader) {
                clientCache[key] = expires
            }
        }
        return combine(all)
    }

    /// Whether the responder says `target` is revoked (what a cached answer about it says).
    private func isRevoked(_ target: Int) -> Bool {
        guard target < sites.count, case .revoked = sites[target].status else { return false }
        return true
    }

    private func combine(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.revoked) { return .revoked }
        if verdicts.contains(.notEstablished) { return .notEstablished }
        return .good
    }

    private func targets(_ site: Int, profile: RevocationProfile, leaf: Bool) -> [Int] {
        var list = leaf ? [site] : []
        if profile.check == .chain && sites[site].intermediate { list.append(intermediateTarget) }
        return list
    }

    private func decided(_ verdict: Verdict, profile: RevocationProfile) -> Outcome {
        switch verdict {
        case .good: return .connected
        case .revoked: return .hardFail
        case .notEstablished: return profile.connectsWithoutStatus ? .softFail : .hardFail
        }
    }

    // MARK: - A visit

    /// Client `client` (of kind `kind`) visits `site`, starting at `time` (scenario seconds
    /// since the part started); returns the time to first byte (or to failure), ms.
    mutating func visit(time start: Double, client: Int, kind: Int, site: Int, counted: Bool) -> (ms: Double, outcome: Outcome) {
        let profile = kinds[kind].profile
        let time = start + kinds[kind].helloOffset
        advance(to: time)
        connections += 1
        visited.insert(client: client, site: site)
        var fetches = 0, timedOut = 0
        var serverFetched = false
        var staple: SimStaple?
        var outcome = Outcome.connected
        switch mode {
        case .none, .crl, .shortLived, .pushed:
            // The revocation modes of CRLs, short-lived certificates and pushed sets are not
            // modelled yet: `simulate` refuses them before it starts (Simulator.supportedModes).
            break
        case .classic:
            switch profile.classicAction(mustStapleCertificate: sites[site].mustStaple) {
            case .reject:
                outcome = .hardFail
            case .skip, .cannotEstablish:
                break
            case .check:
                // The verdict first: a mutating call inside a call on `self` would copy every cache.
                let verdict = check(targets(site, profile: profile, leaf: true), client: client, profile: profile,
                                    at: time, fetches: &fetches, timedOut: &timedOut)
                outcome = decided(verdict, profile: profile)
            }
        case .stapled:
            if staples(site) { (staple, serverFetched) = serverStaple(site, at: time) }
            switch staple {
            case .good?:
                let rest = targets(site, profile: profile, leaf: false)
                if !rest.isEmpty && profile.onlineOCSP {
                    let verdict = check(rest, client: client, profile: profile, at: time, fetches: &fetches, timedOut: &timedOut)
                    outcome = decided(verdict, profile: profile)
                }
            case .revoked?:
                outcome = .hardFail
            case .unknown?:
                outcome = decided(.notEstablished, profile: profile)
            case .errorStatus?, nil:
                switch profile.withoutStaple(mustStapleCertificate: sites[site].mustStaple) {
                case .reject: outcome = .hardFail
                case .skip: outcome = .connected
                case .cannotEstablish: outcome = decided(.notEstablished, profile: profile)
                case .check:
                    let verdict = check(targets(site, profile: profile, leaf: true), client: client, profile: profile,
                                        at: time, fetches: &fetches, timedOut: &timedOut)
                    outcome = decided(verdict, profile: profile)
                }
            }
        }
        let network = modelMilliseconds(kind: kind, fetches: fetches, timedOut: timedOut, serverFetch: serverFetched,
                                        fetchTime: fetches > 0 ? time : nil)
        let total = network + CPUCost.milliseconds(verifiedStaple: staple != nil, fetches: fetches)
        if counted { stats.add(outcome: outcome, stapled: staple != nil, ms: total, modelMs: network) }
        return (total, outcome)
    }

    /// The delay model's prediction for this work, memoised by its shape.
    private mutating func modelMilliseconds(kind: Int, fetches: Int, timedOut: Int, serverFetch: Bool,
                                            fetchTime: Double?) -> Double {
        var slowIndex = 0
        if let fetchTime, let outage = scenario.responder.outage(at: fetchTime), case .slow = outage.kind,
           let index = scenario.responder.outages.firstIndex(of: outage) {
            slowIndex = index + 1
        }
        let key = kind << 24 | slowIndex << 12 | timedOut << 4 | min(fetches, 7) << 1 | (serverFetch ? 1 : 0)
        if let known = latencyTable[key] { return known }
        let work = LatencyModel.Work(tls12: tls12, fetches: (0..<fetches).map { (dns: true, timedOut: timedOut & (1 << $0) != 0) },
                                     serverFetch: serverFetch, serverFetchLooksUp: scenario.server.kind == .builtin,
                                     fetchTime: fetchTime)
        let value = model.predict(client: kinds[kind].instance, work: work)
        latencyTable[key] = value
        return value
    }

    /// Spreads the loads' means over `duration` scenario seconds (a replay knows its length only at the end).
    mutating func finish(duration: Double) {
        edge.duration = max(duration, 1e-9)
        origin.duration = max(duration, 1e-9)
    }

    /// Entries in the clients' and the CDN's caches (for the memory figure).
    var cacheEntries: Int { clientCache.count + cdnCache.count + lazy.count + blocking.count + proactive.count }
}
