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
/// time instead of a `PolicyClock`'s reading; so are the revocation modes' ones:
/// ``StapleCore/RevocationListRule`` (which CRL or pushed set the CA serves when, what it lists,
/// how long a client uses its copy) and ``StapleCore/RevocationProfile/shortLivedAction(lifetime:)``.
/// Latency is ``StapleEngine/LatencyModel``'s prediction for the work done plus ``CPUCost``.
struct SimulationCore {
    /// A site as the simulation needs it.
    struct SiteInfo: Sendable {
        var mustStaple: Bool
        var status: Scenario.Site.Status
        var intermediate: Bool
        /// Whether its server staples at all (the stapling share).
        var staples: Bool
        /// When the CA revokes its certificate (scenario seconds since the part started), if mid-run.
        var revokeAt: Double? = nil
    }

    /// A kind of client: its profile and the instance name the delay model knows it by.
    struct ClientKind: Sendable {
        var profile: RevocationProfile
        var instance: String
        /// Scenario seconds from a visit's start to its ClientHello reaching the server.
        var helloOffset: Double
        /// Scenario seconds from a visit's start to the certificate reaching the client (its check).
        var checkOffset: Double
        /// Scenario seconds from the check to its request reaching the CA (DNS, TCP, half a round trip).
        var requestOffset: Double
        /// Scenario seconds a download from the CA takes (DNS, TCP, the exchange, the CA's delay).
        var downloadSeconds: Double
    }

    /// How a visit ended.
    enum Outcome: Sendable { case connected, softFail, hardFail }

    /// The real server's default times (scenario seconds), the ones `ServerConfig` starts with.
    static let retryAfterFailure = ServerDefaults.retryAfterFailure.seconds
    static let skew = ServerDefaults.skew.seconds

    /// Response sizes (bytes), from `Results/reference/…/responder.csv`: a CA-signed ECDSA
    /// response is 325–326 bytes; an unsigned error status is 5.
    static let responseBytes = 326
    static let errorBytes = 5
    /// A signed CRL or pushed set without entries (ECDSA P-256, the CA's name, the
    /// authorityKeyIdentifier and cRLNumber extensions), bytes: the 0-entry point of
    /// `Scenarios/crl-size.yaml` (measured: 254 B).
    static let listBaseBytes = 254
    /// What the first entry adds beyond its own bytes (the revokedCertificates sequence, longer
    /// lengths): 1,050,262 B measured at 30,000 entries, 105,261 B at 3,000.
    static let listEntriesHeaderBytes = 8
    /// One entry of padding (a 16-byte serial and its revocation date, no reason code).
    static let listEntryBytes = 35
    /// One of the run's own revocations (with its reason code extension).
    static let listRevokedBytes = 48
    /// A partitioned CRL's issuingDistributionPoint extension (critical, with the shard's URL).
    static let listScopeBytes = 45
    /// How long before the part's 0 the CA's lists are counted from, scenario seconds: the
    /// responder starts its intervals at the whole second at or before its clock's epoch (X.509
    /// times are whole seconds), a fraction of a second unknown in advance — half on average. A
    /// revocation at an interval's boundary is therefore listed only from the next list, as in a run.
    static let listEpochOffset = 0.5
    /// The HTML a `malformed` outage serves instead of a list.
    static let malformedListBytes = 36

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

    /// One list the CA publishes (a CRL shard of one issuer, or the pushed set), as `World` builds it.
    struct ListInfo: Sendable {
        /// Other revoked serials it carries.
        var padding = 0
        /// Its sites whose certificate is revoked from the start.
        var revoked = 0
        /// When its sites revoked mid-run are revoked (scenario seconds).
        var revokeAts: [Double] = []
        /// Whether it carries an issuingDistributionPoint (a partitioned CRL).
        var scoped = false

        /// Its size, bytes, as issued at `thisUpdate`.
        func bytes(thisUpdate: Double) -> Int {
            let listed = revoked + revokeAts.filter { RevocationListRule.lists(revokedAt: $0, thisUpdate: thisUpdate) }.count
            return SimulationCore.listBaseBytes + (scoped ? SimulationCore.listScopeBytes : 0)
                + (padding + listed > 0 ? SimulationCore.listEntriesHeaderBytes : 0)
                + padding * SimulationCore.listEntryBytes + listed * SimulationCore.listRevokedBytes
        }
    }

    /// The lists of `mode` (none outside `crl` and `pushed`): under `crl` one per (issuer, shard),
    /// intermediate-issued first (index `shard`, root-issued `shards + shard`), the padding split
    /// evenly across the shards; under `pushed` one set of every site with the pushed padding.
    static func lists(scenario: Scenario, mode: Scenario.Mode, sites: [SiteInfo]) -> [ListInfo] {
        let shards = max(1, scenario.crl.shards)
        var lists: [ListInfo]
        switch mode {
        case .crl: lists = Array(repeating: ListInfo(padding: scenario.crl.entries / shards, scoped: shards > 1), count: 2 * shards)
        case .pushed: lists = [ListInfo(padding: scenario.pushed.entries)]
        case .none, .classic, .stapled, .shortLived: return []
        }
        for (index, site) in sites.enumerated() {
            let list = listIndex(site: index, intermediate: site.intermediate, mode: mode, shards: shards)
            if let at = site.revokeAt { lists[list].revokeAts.append(at) }
            else if case .revoked = site.status { lists[list].revoked += 1 }
        }
        return lists
    }

    /// Which list names site `index` (`World`'s CRL path: its issuer's list, shard by issuance order).
    static func listIndex(site index: Int, intermediate: Bool, mode: Scenario.Mode, shards: Int) -> Int {
        guard mode == .crl else { return 0 }
        let shard = RevocationListRule.shard(ofSite: index, shards: shards)
        return intermediate ? shard : shards + shard
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
    /// Whether some client's link to the responder has a bandwidth limit (list sizes then take time).
    private let bandwidthLimited: Bool

    private var lazy: [LazyStapleEntry<SimStaple>]
    private var blocking: [BlockingSlot]
    private var proactive: [ProactiveSlot]
    private var disk: [ProactiveSlot]
    private var events = EventQueue()
    private var clientCache: [Int: Double] = [:]
    /// The client cache's keys whose answer is `revoked` (a few: only revoked sites').
    private var cachedRevoked: Set<Int> = []
    /// Modes `crl` and `pushed`: the CA's lists (CRL shards by issuer, or the one pushed set).
    private let lists: [ListInfo]
    /// The lists' issuing interval (crl.next_update or pushed.interval), scenario seconds.
    private let listInterval: Double
    /// Each client's CRLs: client × lists + list → the copy's nextUpdate (`cache: true` profiles).
    private var crlCache: [Int: Double] = [:]
    /// The CDN's copies of the lists: point of presence × lists + list → until when.
    private var cdnLists: [Int: Double] = [:]
    /// Mode `pushed`, per client: the held copy's thisUpdate (nan: none yet), when a background
    /// refresh in progress ends (infinity: none) and the thisUpdate it brings (nan: it fails).
    private var pushedHeld: [Double] = []
    private var pushedRefreshEnds: [Double] = []
    private var pushedRefreshBrings: [Double] = []
    /// Mode `short-lived`: the certificates' lifetime, seconds.
    private let leafLifetime: Double
    /// Per (client, revoked-mid-run site) pair: the exposure so far (see `ExposureWindow`).
    private var exposure: [Int: Double] = [:]
    private var cdnCache: [Int: Double] = [:]
    private var connections = 0
    private var latencyTable: [Int: Double] = [:]

    /// Every request that reached the CA (its CDN's edge, or the responder itself without one).
    private(set) var edge: ResponderLoad
    /// Every request that reached the responder.
    private(set) var origin: ResponderLoad
    /// Counted handshakes and how they ended.
    private(set) var stats = PartStats()
    /// Bytes of revocation data the clients downloaded (OCSP responses, CRLs, pushed sets), every
    /// visit and background refresh included.
    private(set) var revocationBytes = 0
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
            let server = scenario.link(.clientServer, for: client).rtt.milliseconds
            let ca = scenario.link(.clientResponder, for: client).rtt.milliseconds
            let scale = timeScale / 1000
            return ClientKind(profile: client.profile, instance: client.instanceNames[0], helloOffset: (dns + 1.5 * server) * scale,
                              checkOffset: (dns + 2 * server) * scale, requestOffset: (dns + 1.5 * ca) * scale,
                              downloadSeconds: (dns + 2 * ca + scenario.responder.delay.milliseconds) * scale)
        }
        bandwidthLimited = kindProfiles.contains { !scenario.link(.clientResponder, for: $0).bandwidth.isUnlimited }
        lists = SimulationCore.lists(scenario: scenario, mode: mode, sites: sites)
        listInterval = mode == .pushed ? scenario.pushed.interval.seconds : scenario.crl.nextUpdate.seconds
        leafLifetime = scenario.shortLived.lifetime.seconds
        if mode == .pushed {
            pushedHeld = Array(repeating: .nan, count: clients)
            pushedRefreshEnds = Array(repeating: .infinity, count: clients)
            pushedRefreshBrings = Array(repeating: .nan, count: clients)
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
                let done = time + (answer.timedOut ? scenario.server.fetchTimeout.seconds * timeScale : serverFetchSeconds)
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
        /// The body's size, bytes (0 without an answer).
        var bytes = 0
    }

    /// A request at `time` about `target` (a site, or the intermediate) from `requester`.
    private mutating func ask(target: Int, requester: Requester, post: Bool, at time: Double,
                              clientTimeout: Double = .infinity) -> Answer {
        let elapsed = time
        let outage = scenario.responder.outage(at: elapsed)
        let status: Scenario.Site.Status = target == intermediateTarget ? .good : self.status(target, at: time)
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
                return Answer(result: signed(), timedOut: false, bytes: SimulationCore.responseBytes)
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
        return Answer(result: result, timedOut: timedOut, bytes: bytes)
    }

    /// What the CA says about `site`'s certificate at `time`: a site revoked mid-run is good before.
    private func status(_ site: Int, at time: Double) -> Scenario.Site.Status {
        if let at = sites[site].revokeAt, time < at { return .good }
        return sites[site].status
    }

    /// Whether `site` is listed in a list issued at `thisUpdate` (unknown is not revoked: not listed).
    private func listed(_ site: Int, thisUpdate: Double) -> Bool {
        guard case .revoked = sites[site].status else { return false }
        guard let at = sites[site].revokeAt else { return true }
        return RevocationListRule.lists(revokedAt: at, thisUpdate: thisUpdate)
    }

    /// A client's download of list `list`, its request reaching the CA at `time`: the thisUpdate
    /// of the list it got (nil: none, or nothing it could use) and the body's size. A CDN, if
    /// any, keeps a list until its nextUpdate (the responder's `Cache-Control: max-age`).
    private mutating func download(_ list: Int, client: Int, at time: Double, timeout: Double)
        -> (thisUpdate: Double?, timedOut: Bool, bytes: Int) {
        let outage = scenario.responder.outage(at: time)
        if case .refuse? = outage?.kind { return (nil, false, 0) }
        // The CA counts its lists from the whole second at or before the part's epoch (CRLStore):
        // on average half a second before the simulation's 0.
        let shift = SimulationCore.listEpochOffset
        let counted = RevocationListRule.issued(elapsed: time + shift, interval: listInterval)
        let issued = (thisUpdate: counted.thisUpdate - shift, nextUpdate: counted.nextUpdate - shift)
        let size = lists[list].bytes(thisUpdate: issued.thisUpdate)
        var cdnKey: Int?
        if let cdn {
            let key = (client % cdn.pops) * lists.count + list
            if let until = cdnLists[key], RevocationListRule.isCurrent(nextUpdate: until, now: time) {
                edge.record(at: time, bytes: size)
                return (issued.thisUpdate, false, size)
            }
            cdnKey = key
        }
        var answer: (thisUpdate: Double?, timedOut: Bool, bytes: Int)
        switch outage?.kind {
        case .hang?: answer = (nil, true, 0)
        case .tryLater?, .internalError?: answer = (nil, false, 0)
        case .malformed?: answer = (nil, false, SimulationCore.malformedListBytes)
        case .slow(let delay)?: answer = delay.seconds >= timeout ? (nil, true, 0) : (issued.thisUpdate, false, size)
        case .refuse?, nil: answer = (issued.thisUpdate, false, size)
        }
        edge.record(at: time, bytes: answer.bytes)
        origin.record(at: time, bytes: answer.bytes)
        if let cdnKey, answer.thisUpdate != nil { cdnLists[cdnKey] = issued.nextUpdate }
        return answer
    }

    /// Counts `bytes` of revocation data a client downloaded.
    private mutating func downloaded(_ bytes: Int) { revocationBytes += bytes }

    // MARK: - Clients

    /// What a client check gave, folded over its targets (as `ClientRevocationPolicy.combine`).
    private enum Verdict { case good, revoked, notEstablished }

    /// The client's check of `targets` in order: fresh cached answers, or a fetch each.
    private mutating func check(_ targets: [Int], client: Int, profile: RevocationProfile, at time: Double,
                                requestOffset: Double, fetches: inout Int, timedOut: inout Int) -> Verdict {
        let stride = sites.count + 1
        if profile.cache {
            var all: [Verdict] = []
            for target in targets {
                let key = client * stride + target
                guard let expires = clientCache[key],
                      ClientOCSPCacheRule.isFresh(expires: expires, now: time) else { all = []; break }
                all.append(cachedRevoked.contains(key) ? .revoked : .good)
            }
            if all.count == targets.count && !targets.isEmpty { return combine(all) }
        }
        var all: [Verdict] = []
        for target in targets {
            let key = client * stride + target
            if profile.cache, let expires = clientCache[key], ClientOCSPCacheRule.isFresh(expires: expires, now: time) {
                all.append(cachedRevoked.contains(key) ? .revoked : .good)
                continue
            }
            let answer = ask(target: target, requester: .client(client), post: profile.method == .post,
                             at: time + requestOffset, clientTimeout: profile.timeout.seconds)
            downloaded(answer.bytes)
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
                if case .revoked = kept { cachedRevoked.insert(key) } else { cachedRevoked.remove(key) }
            }
        }
        return combine(all)
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
        let checkTime = start + kinds[kind].checkOffset
        let requestOffset = kinds[kind].requestOffset
        advance(to: time)
        connections += 1
        visited.insert(client: client, site: site)
        var fetches = 0, timedOut = 0, listBytes = 0
        var serverFetched = false
        var staple: SimStaple?
        var outcome = Outcome.connected
        // The client's own OCSP check of the leaf (and the chain, with `check: chain`).
        func ocspCheck(_ core: inout SimulationCore) -> Outcome {
            // The verdict first: a mutating call inside a call on `self` would copy every cache.
            let verdict = core.check(core.targets(site, profile: profile, leaf: true), client: client, profile: profile,
                                     at: checkTime, requestOffset: requestOffset, fetches: &fetches, timedOut: &timedOut)
            return core.decided(verdict, profile: profile)
        }
        // Classic mode's decision (and short-lived's fallback to it): a must-staple certificate
        // refused, no online OCSP accepted unchecked, else the check.
        func classicPath(_ core: inout SimulationCore) -> Outcome {
            switch profile.classicAction(mustStapleCertificate: core.sites[site].mustStaple) {
            case .reject: return .hardFail
            case .skip, .cannotEstablish: return .connected
            case .check: return ocspCheck(&core)
            }
        }
        switch mode {
        case .none:
            break
        case .classic:
            outcome = classicPath(&self)
        case .stapled:
            if staples(site) { (staple, serverFetched) = serverStaple(site, at: time) }
            switch staple {
            case .good?:
                let rest = targets(site, profile: profile, leaf: false)
                if !rest.isEmpty && profile.onlineOCSP {
                    let verdict = check(rest, client: client, profile: profile, at: checkTime, requestOffset: requestOffset,
                                        fetches: &fetches, timedOut: &timedOut)
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
                case .check: outcome = ocspCheck(&self)
                }
            }
        case .shortLived:
            switch profile.shortLivedAction(lifetime: leafLifetime) {
            case .skip, .reject: outcome = .connected
            case .cannotEstablish: outcome = decided(.notEstablished, profile: profile)
            case .check: outcome = classicPath(&self)
            }
        case .crl:
            let verdict = crlCheck(site, client: client, kind: kind, at: checkTime, fetches: &fetches,
                                   timedOut: &timedOut, bytes: &listBytes)
            outcome = decided(verdict, profile: profile)
        case .pushed:
            let verdict = pushedCheck(site, client: client, kind: kind, at: checkTime, fetches: &fetches,
                                      timedOut: &timedOut, bytes: &listBytes)
            outcome = decided(verdict, profile: profile)
        }
        let network = modelMilliseconds(kind: kind, fetches: fetches, timedOut: timedOut, serverFetch: serverFetched,
                                        fetchTime: fetches > 0 ? checkTime : nil, fetchedBytes: listBytes)
        let total = network + CPUCost.milliseconds(verifiedStaple: staple != nil, fetches: fetches, listBytes: listBytes)
        if counted { stats.add(outcome: outcome, stapled: staple != nil, ms: total, modelMs: network) }
        noteExposure(client: client, site: site, end: start + total / 1000 * timeScale, outcome: outcome)
        return (total, outcome)
    }

    /// Mode `crl`: the client's CRL for `site` (its cached copy until the nextUpdate, else a download).
    private mutating func crlCheck(_ site: Int, client: Int, kind: Int, at time: Double, fetches: inout Int,
                                   timedOut: inout Int, bytes: inout Int) -> Verdict {
        let profile = kinds[kind].profile
        let list = SimulationCore.listIndex(site: site, intermediate: sites[site].intermediate, mode: .crl,
                                            shards: max(1, scenario.crl.shards))
        let key = client * lists.count + list
        if profile.cache, let nextUpdate = crlCache[key], RevocationListRule.isCurrent(nextUpdate: nextUpdate, now: time) {
            return listed(site, thisUpdate: nextUpdate - RevocationListRule.step(listInterval)) ? .revoked : .good
        }
        let got = download(list, client: client, at: time + kinds[kind].requestOffset, timeout: profile.timeout.seconds)
        fetches += 1
        if got.timedOut { timedOut |= 1 }
        bytes += got.bytes
        downloaded(got.bytes)
        guard let thisUpdate = got.thisUpdate else { return .notEstablished }
        if profile.cache { crlCache[key] = thisUpdate + RevocationListRule.step(listInterval) }
        return listed(site, thisUpdate: thisUpdate) ? .revoked : .good
    }

    /// Mode `pushed`: the client's copy of the pushed set (downloaded in the handshake the first
    /// time; once stale, refreshed in the background while the old copy is used, as
    /// `ClientPushedSet` does).
    private mutating func pushedCheck(_ site: Int, client: Int, kind: Int, at time: Double, fetches: inout Int,
                                      timedOut: inout Int, bytes: inout Int) -> Verdict {
        let profile = kinds[kind].profile
        let interval = RevocationListRule.step(listInterval)
        if pushedRefreshEnds[client] <= time {
            let brought = pushedRefreshBrings[client]
            if !brought.isNaN, pushedHeld[client].isNaN || brought >= pushedHeld[client] { pushedHeld[client] = brought }
            pushedRefreshEnds[client] = .infinity
        }
        let held = pushedHeld[client]
        if held.isNaN {
            let got = download(0, client: client, at: time + kinds[kind].requestOffset, timeout: profile.timeout.seconds)
            fetches += 1
            if got.timedOut { timedOut |= 1 }
            bytes += got.bytes
            downloaded(got.bytes)
            guard let thisUpdate = got.thisUpdate else { return .notEstablished }
            pushedHeld[client] = thisUpdate
            return listed(site, thisUpdate: thisUpdate) ? .revoked : .good
        }
        if pushedRefreshEnds[client] == .infinity, !RevocationListRule.isCurrent(nextUpdate: held + interval, now: time) {
            let got = download(0, client: client, at: time + kinds[kind].requestOffset, timeout: profile.timeout.seconds)
            downloaded(got.bytes)
            pushedRefreshBrings[client] = got.thisUpdate ?? .nan
            pushedRefreshEnds[client] = time + (got.timedOut ? profile.timeout.seconds * timeScale : kinds[kind].downloadSeconds)
        }
        return listed(site, thisUpdate: held) ? .revoked : .good
    }

    /// Keeps the exposure of (client, site) when the site was revoked mid-run (`ExposureWindow`'s
    /// rule: the first refusal after the revocation ends it; a visit after it that connects
    /// leaves the pair exposed until one does).
    private mutating func noteExposure(client: Int, site: Int, end: Double, outcome: Outcome) {
        guard let at = sites[site].revokeAt, end >= at else { return }
        let key = client * sites.count + site
        if let known = exposure[key], known.isFinite { return }
        exposure[key] = outcome == .hardFail ? end - at : .infinity
    }

    /// The longest exposure over the pairs (nil: no site revoked mid-run was visited after its revocation).
    var exposureWindow: Double? { exposure.values.max() }

    /// The delay model's prediction for this work, memoised by its shape.
    private mutating func modelMilliseconds(kind: Int, fetches: Int, timedOut: Int, serverFetch: Bool,
                                            fetchTime: Double?, fetchedBytes: Int = 0) -> Double {
        var slowIndex = 0
        if let fetchTime, let outage = scenario.responder.outage(at: fetchTime), case .slow = outage.kind,
           let index = scenario.responder.outages.firstIndex(of: outage) {
            slowIndex = index + 1
        }
        // Only a bandwidth limit makes the bytes matter: then every size is its own prediction.
        let bytes = bandwidthLimited ? fetchedBytes : 0
        let key = kind << 24 | slowIndex << 12 | timedOut << 4 | min(fetches, 7) << 1 | (serverFetch ? 1 : 0)
        if bytes == 0, let known = latencyTable[key] { return known }
        let work = LatencyModel.Work(tls12: tls12, fetches: (0..<fetches).map { (dns: true, timedOut: timedOut & (1 << $0) != 0) },
                                     serverFetch: serverFetch, serverFetchLooksUp: scenario.server.kind == .builtin,
                                     fetchTime: fetchTime, fetchedBytes: bytes)
        let value = model.predict(client: kinds[kind].instance, work: work)
        if bytes == 0 { latencyTable[key] = value }
        return value
    }

    /// Spreads the loads' means over `duration` scenario seconds (a replay knows its length only at the end).
    mutating func finish(duration: Double) {
        edge.duration = max(duration, 1e-9)
        origin.duration = max(duration, 1e-9)
    }

    /// Entries in the clients' and the CDN's caches (for the memory figure).
    var cacheEntries: Int {
        clientCache.count + cdnCache.count + lazy.count + blocking.count + proactive.count + crlCache.count + cdnLists.count
            + pushedHeld.count
    }

    /// Entries in the clients' own OCSP and CRL caches (each (client, site) pair the CA learns
    /// from a caching client's request leaves one, so for caching profiles the CA's pairs are at most these).
    var clientCacheEntries: Int { clientCache.count + crlCache.count }
}
