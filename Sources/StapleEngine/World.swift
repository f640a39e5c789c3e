import Foundation
import NIOCore
import NIOPosix
import StapleCore
import StaplePKI
import StapleTLS
import StapleLinks
import StapleActors
import StapleReport
import Synchronization

/// One (sweep point, mode) of a run, live: a fresh PKI, resolver, responder and server on
/// their own loopback addresses, a front door (link) before each, and the clients.
///
/// Every run of a mode starts fresh (a cold server cache, a policy clock at 0), so outage
/// windows count from the start of each mode and modes do not leak state into each other.
final class World: @unchecked Sendable {
    // @unchecked Sendable: the state set in `start` is written before the world is shared, then
    // only read; the one thing a run replaces later (nginx or Apache, on a restart) is behind a lock.
    let scenario: Scenario
    let mode: Scenario.Mode
    let plan: AddressPlan
    let trace: Trace
    let clock: PolicyClock
    let group: any EventLoopGroup
    private(set) var pki: TestPKI!
    private(set) var resolver: ResolverActor!
    private(set) var responder: ResponderActor!
    private(set) var server: ServerActor?
    /// nginx or Apache, when the scenario asks for one instead of the built-in server.
    var externalServer: ExternalServer? { external.withLock { $0 } }
    private let external = Mutex<ExternalServer?>(nil)
    private(set) var resolverLink: FrontDoor!
    private(set) var responderLink: FrontDoor!
    private(set) var serverLink: FrontDoor!
    /// Client instances by name (built-in actors and real programs), in visit-cycle order of first appearance.
    private(set) var clients: [String: any SiteClient] = [:]
    /// Client instance name → its address.
    private(set) var clientAddresses: [String: String] = [:]
    /// The port sites are reached on (the server's front door).
    private(set) var sitePort = 0

    init(scenario: Scenario, mode: Scenario.Mode, trace: Trace, group: any EventLoopGroup,
         plan: AddressPlan = AddressPlan.next()) {
        self.scenario = scenario
        self.mode = mode
        self.plan = plan
        self.trace = trace
        self.clock = PolicyClock(scale: scenario.timeScale)
        self.group = group
    }

    /// Starts everything, in the order that lets each party reach the ones it needs.
    func start() async throws {
        let instances = scenario.clients.flatMap { client in client.instanceNames.map { (client, $0) } }
        for (index, (_, name)) in instances.enumerated() { clientAddresses[name] = plan.client(index) }

        // 1. Front doors first: their ports go into URLs and certificates.
        resolverLink = FrontDoor(.udp, name: "resolver", listen: plan.resolverFront, routes: routes(to: .resolver, instances),
                               trace: trace, clock: clock, group: group, tap: trace.isEnabled)
        responderLink = FrontDoor(.tcp, name: "responder", listen: plan.responderFront, routes: routes(to: .responder, instances),
                                trace: trace, clock: clock, group: group, tap: trace.isEnabled)
        serverLink = FrontDoor(.tcp, name: "server", listen: plan.serverFront, routes: routes(to: .server, instances),
                             trace: trace, clock: clock, group: group, tap: trace.isEnabled)
        let resolverFront = try await resolverLink.start()
        resolverFrontAddress = resolverFront
        let responderFront = try await responderLink.start()
        let serverFront = try await serverLink.start()
        sitePort = serverFront.port ?? 0

        // 2. The PKI: every certificate points at the responder's front door.
        let ocspURL = "http://\(scenario.responder.host):\(responderFront.port ?? 80)/"
        pki = try TestPKI.make(.init(
            sites: scenario.sites.enumerated().map { index, site in
                TestPKI.Site(host: site.host, mustStaple: site.mustStaple,
                             algorithm: site.key, viaIntermediate: site.intermediate,
                             crlURL: mode == .crl ? String(ocspURL.dropLast()) + crlPath(site: index) : nil,
                             validity: mode == .shortLived ? World.shortLivedValidity(scenario.shortLived.lifetime) : nil)
            },
            ocspURL: ocspURL,
            delegatedSigner: scenario.responder.signer == .delegated,
            intermediateCRLURL: mode == .crl ? String(ocspURL.dropLast()) + CRLPublication.caListPath : nil))

        // 3. The resolver: sites and the responder's name resolve to their front doors.
        var table = [scenario.responder.host: plan.responderFront]
        for site in scenario.sites { table[site.host] = plan.serverFront }
        var resolverConfig = ResolverConfiguration(host: plan.resolver, records: table, processingDelay: scenario.resolver.delay)
        // A real program connects from the kernel's choice of address: its names lead to its own doors.
        for (client, name) in instances where client.kind != .builtin {
            let address = clientAddresses[name]!
            resolverConfig.recordsBySource[address] = table.mapValues { _ in address }
        }
        resolver = ResolverActor(configuration: resolverConfig, trace: trace, group: group)
        resolverLink.setTarget(try await resolver.start())

        // 4. The responder.
        var statuses: [String: CertStatus] = [:]
        var revocations: [String: CertStatus] = [:]
        for site in scenario.sites {
            switch site.status {
            case .good: statuses[site.host] = .good
            case .unknown: statuses[site.host] = .unknown
            case .revoked(let reason) where site.revokeAt != nil:
                revocations[site.host] = .revoked(time: clock.epoch + site.revokeAt!.seconds, reason: reason)
            case .revoked(let reason):
                statuses[site.host] = .revoked(time: clock.epoch - 86_400, reason: reason)
            }
        }
        let responderConfig = ResponderConfig(
            host: plan.responder,
            // nginx looks for the signer only in the chain and the response: a root-issued leaf's
            // responses embed the root for it; with the default intermediate none is needed.
            authorities: pki.authorities(includeSignerCertificates:
                scenario.server.kind == .nginx && scenario.sites.contains { !$0.intermediate } ? true : nil),
            statuses: statuses, revocations: revocations,
            processingDelay: scenario.responder.delay, validity: scenario.responder.validity,
            maxAge: scenario.responder.maxAge, outages: scenario.responder.outages,
            maxConnections: max(1024, 2 * min(scenario.workload.concurrency, 1 << 20)), keepLog: true,
            crl: mode == .crl ? crlPublication(baseURL: String(ocspURL.dropLast()))
                : mode == .pushed ? pushedPublication(baseURL: String(ocspURL.dropLast())) : nil)
        responder = ResponderActor(config: responderConfig, trace: trace, clock: clock, group: group)
        responderLink.setTarget(try await responder.start())

        // 5. The server (a proactive one fetches through the links before it serves).
        let server = scenario.server
        let serverName = scenario.sites.first?.host ?? "server"
        if let kind = server.kind.external {
            serverLink.setTarget(try await startExternal(kind, name: serverName, responderFront: responderFront,
                                                         resolverFront: resolverFront))
        } else {
            let serverConfig = ServerConfig(
                name: serverName, host: plan.server, pki: pki,
                versions: server.tls.serverRange,
                stapling: server.staples(in: mode), verify: server.verify,
                responderURL: server.responderURL?.absoluteString,
                policy: server.policy,
                workers: server.workers, fetchTimeout: server.fetchTimeout, responderTimeout: server.responderTimeout,
                cacheDirectory: server.policy == .proactive ? temporaryFolder("staples") : nil,
                maxConnections: max(1024, 2 * min(scenario.workload.concurrency, 1 << 20)))
            let actor = try ServerActor(config: serverConfig, resolver: dns(from: plan.server, party: .server(serverName)),
                                        trace: trace, clock: clock, group: group)
            self.server = actor
            serverLink.setTarget(try await actor.start())
        }

        // 6. The clients.
        let trust = try pki.trustStore()
        for (client, name) in instances {
            let address = clientAddresses[name]!
            if let program = client.kind.program {
                clients[name] = try await startRealClient(program, client: client, name: name, address: address,
                                                          fronts: (serverFront, responderFront, resolverFront))
                continue
            }
            clients[name] = try ClientActor(
                config: ClientConfig(name: name, sourceIP: address, profile: client.profile, trust: trust,
                                     attemptTimeout: scenario.workload.timeout,
                                     pushURL: mode == .pushed
                                         ? "http://\(scenario.responder.host):\(responderFront.port ?? 80)" + CRLPublication.pushedSetPath
                                         : nil),
                resolver: dns(from: address, party: .client(name)), trace: trace, clock: clock, group: group)
        }
    }

    /// Stops every actor, link and real client's doors.
    func stop() async {
        for client in clients.values { await client.stop() }
        await server?.stop()
        if let externalServer {
            collectExternalObservations(externalServer)
            await externalServer.stop()
        }
        await responder?.stop()
        await resolver?.stop()
        await serverLink?.stop()
        await responderLink?.stop()
        await resolverLink?.stop()
        // STAPLEBENCH_KEEP_TEMP=1 keeps the PKI and the nginx/Apache folders for a post-mortem.
        if ProcessInfo.processInfo.environment["STAPLEBENCH_KEEP_TEMP"] == nil {
            for folder in temporaryFolders { try? FileManager.default.removeItem(atPath: folder) }
        }
    }

    /// A restart of the server: the built-in one loses its caches (a proactive one reloads from
    /// disk); nginx or Apache are stopped and started again (their caches are in memory).
    func restartServer() async {
        if let server {
            await server.restart()
        } else if let externalServer {
            collectExternalObservations(externalServer)
            await externalServer.stop()
            let again = ExternalServer(config: externalServer.config)
            external.withLock { $0 = again }
            if let address = try? await again.start() { serverLink.setTarget(address) }
        }
    }

    // MARK: - CRLs and short-lived certificates

    /// The CRL path of site `index`: its issuer's list (`N.crl` for the intermediate's,
    /// `root-N.crl` for a leaf straight from the root), shard N by issuance order.
    private func crlPath(site index: Int) -> String {
        let shard = CRLPublication.shard(ofSite: index, shards: scenario.crl.shards)
        let path = CRLPublication.path(ofShard: shard)
        return scenario.sites[index].intermediate ? path : path.replacingOccurrences(of: "/crl/", with: "/crl/root-")
    }

    /// What the responder publishes as CRLs: one list per (issuing CA, shard) that has sites,
    /// the scenario's padding split evenly across the shards.
    private func crlPublication(baseURL: String) -> CRLPublication {
        var shards: [CRLPublication.Shard] = []
        for (index, site) in scenario.sites.enumerated() {
            let path = crlPath(site: index)
            guard let leaf = pki.leaf(for: site.host) else { continue }
            if let existing = shards.firstIndex(where: { $0.path == path }) {
                shards[existing].members.append((site.host, leaf.certificate))
                continue
            }
            let issuer = site.intermediate ? pki.issuingCA : pki.root
            shards.append(CRLPublication.Shard(path: path, url: baseURL + path, issuer: issuer,
                                               members: [(site.host, leaf.certificate)],
                                               partitioned: scenario.crl.shards > 1))
        }
        // The root's list of its CAs (the intermediate), unpadded: whole-chain clients check it too.
        if let intermediate = pki.intermediate, scenario.sites.contains(where: \.intermediate) {
            shards.append(CRLPublication.Shard(path: CRLPublication.caListPath, url: baseURL + CRLPublication.caListPath,
                                               issuer: pki.root, members: [(intermediate.certificate.commonName ?? "intermediate",
                                                                            intermediate.certificate)],
                                               partitioned: false, padded: false))
        }
        return CRLPublication(shards: shards, padding: scenario.crl.entries / scenario.crl.shards,
                              interval: scenario.crl.nextUpdate)
    }

    /// The pushed set: one list of every site's certificate, signed by the root.
    private func pushedPublication(baseURL: String) -> CRLPublication {
        let members = scenario.sites.compactMap { site in pki.leaf(for: site.host).map { (site.host, $0.certificate) } }
        return CRLPublication(shards: [.init(path: CRLPublication.pushedSetPath, url: baseURL + CRLPublication.pushedSetPath,
                                             issuer: pki.root, members: members, partitioned: false)],
                              padding: scenario.pushed.entries, interval: scenario.pushed.interval)
    }

    /// A short-lived certificate's window: notBefore an hour ago (Let's Encrypt backdates by
    /// an hour), notAfter `lifetime` later. Handshakes check it against the wall clock.
    static func shortLivedValidity(_ lifetime: Delay) -> Validity {
        let notBefore = (PolicyClock.wallTime() - 3600).rounded(.down)
        return Validity(notBefore: notBefore, notAfter: notBefore + lifetime.seconds)
    }

    // MARK: - Real clients

    /// Starts a real program's client: its own doors on its address lead to the front doors.
    private func startRealClient(_ program: RealClientProgram, client: Scenario.Client, name: String, address: String,
                                 fronts: (server: SocketAddress, responder: SocketAddress, resolver: SocketAddress))
        async throws -> RealClient {
        let folder = temporaryFolder("\(program.rawValue)-\(name)")
        // It trusts the root alone, as a browser trusts its store's roots (the server sends the intermediate).
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try pki.root.identity.certificate.pem().write(toFile: folder + "/ca.pem", atomically: true, encoding: .utf8)
        let config = RealClientConfig(name: name, program: program, address: address, caFile: folder + "/ca.pem",
                                      askResponder: client.profile.onlineOCSP, attemptTimeout: scenario.workload.timeout,
                                      responderHost: scenario.responder.host, folder: folder + "/run",
                                      keepsBrowser: program == .firefox && client.profile.cache)
        let real = try RealClient(config: config, siteFront: fronts.server, responderFront: fronts.responder,
                                  resolverFront: fronts.resolver, trace: trace, group: group)
        try await real.start()
        return real
    }

    // MARK: - nginx and Apache

    /// Starts nginx or Apache with the scenario's levers behind the server's front door.
    ///
    /// Their own fetches and lookups leave from 127.0.0.1 (the kernel's choice: neither program
    /// can bind them to an address), so the responder's and the resolver's front doors route
    /// 127.0.0.1 as the server. Both resolve the responder's name with the system resolver at
    /// start-up, so both get the responder's front door by address (`ssl_stapling_responder`,
    /// `SSLStaplingForceURL`); the model then counts no server-side DNS lookup for them.
    private func startExternal(_ kind: ExternalServerKind, name: String, responderFront: SocketAddress,
                               resolverFront: SocketAddress) async throws -> SocketAddress {
        let server = scenario.server
        let folder = temporaryFolder("\(kind.rawValue)")
        let pkiFolder = folder + "/pki"
        try pki.write(to: pkiFolder)
        // The trust anchors for `ssl_stapling_verify`: the root and any intermediate.
        var trusted = try String(contentsOfFile: pkiFolder + "/ca.pem", encoding: .utf8)
        if pki.intermediate != nil {
            trusted += try String(contentsOfFile: pkiFolder + "/intermediate.pem", encoding: .utf8)
        }
        try trusted.write(toFile: pkiFolder + "/trusted.pem", atomically: true, encoding: .utf8)
        // Both programs resolve the responder's name with the system resolver when they start
        // (nginx: "host not found in OCSP responder", stapling off), and the scenario's names are
        // not in the system's: give them the responder's front door by address.
        let responderURL = server.responderURL?.absoluteString
            ?? "http://\(responderFront.ipAddress ?? plan.responderFront):\(responderFront.port ?? 80)/"
        var config = ExternalServerConfig(
            kind: kind, host: plan.server,
            sites: scenario.sites.map { .pki(pkiFolder, host: $0.host) },
            stapling: server.staples(in: mode), tlsVersions: server.tls.serverRange, verify: server.verify,
            responderURL: responderURL, trustedCertificatePath: pkiFolder + "/trusted.pem", workers: server.workers,
            resolver: kind == .nginx ? "\(resolverFront.ipAddress ?? plan.resolverFront):\(resolverFront.port ?? 53)" : nil,
            responderTimeout: server.responderTimeout, returnResponderErrors: server.stapleErrors,
            workingDirectory: folder + "/run")
        // If the run is killed (SIGKILL: none of our code runs), the server's watchdog kills its
        // process group and removes this folder with the keys in it.
        config.removedIfAbandoned = folder
        let external = ExternalServer(config: config)
        self.external.withLock { $0 = external }
        // Route the program's own traffic (from 127.0.0.1) as the server's.
        responderLink.update(source: "127.0.0.1",
                             spec: World.spec(scenario.link(.serverResponder), pair: .serverResponder,
                                               seed: World.linkSeed(scenario.seed, .serverResponder, party: World.serverParty)))
        resolverLink.update(source: "127.0.0.1",
                            spec: World.spec(scenario.link(.serverResolver), pair: .serverResolver,
                                              seed: World.linkSeed(scenario.seed, .serverResolver, party: World.serverParty)))
        return try await external.start()
    }

    /// What nginx or Apache learned, from its access log (client address and SNI per request).
    private func collectExternalObservations(_ external: ExternalServer) {
        let party = Party.server(scenario.sites.first?.host ?? "server")
        for entry in external.accessLog() {
            guard let name = entry.serverName, !name.isEmpty, name != "-" else { continue }
            trace.observe(Observation(observer: party, observerAddress: plan.server, hostname: name,
                                      clientAddress: entry.clientAddress, via: .sni))
        }
    }

    /// The addresses the server's own traffic leaves from: its planned address, and for nginx
    /// or Apache 127.0.0.1 (the kernel's choice for them).
    var serverAddresses: Set<String> {
        externalServer == nil ? [plan.server] : [plan.server, "127.0.0.1"]
    }

    /// Names for addresses, for the privacy matrix.
    var addressNames: [String: String] {
        var names: [String: String] = [plan.server: externalServer.map { "server (\($0.config.kind.rawValue))" } ?? "server",
                                       "127.0.0.1": externalServer.map { "server (\($0.config.kind.rawValue))" } ?? "localhost",
                                       plan.responder: "responder", plan.resolver: "resolver",
                                       plan.serverFront: "server front", plan.responderFront: "responder front",
                                       plan.resolverFront: "resolver front"]
        for (name, address) in clientAddresses { names[address] = name }
        return names
    }

    // MARK: - Helpers

    /// How late each front door's delayed deliveries went out against their deadlines.
    public var deliveryLateness: [String: LatenessHistogram] {
        var lateness: [String: LatenessHistogram] = [:]
        if let resolverLink { lateness["resolver"] = resolverLink.deliveryLateness }
        if let responderLink { lateness["responder"] = responderLink.deliveryLateness }
        if let serverLink { lateness["server"] = serverLink.deliveryLateness }
        return lateness
    }

    private var temporaryFolders: [String] = []
    private var resolverFrontAddress: SocketAddress?

    /// A private folder removed when the world stops.
    private func temporaryFolder(_ purpose: String) -> String {
        let folder = NSTemporaryDirectory() + "staplebench-\(purpose)-\(UUID().uuidString)"
        temporaryFolders.append(folder)
        return folder
    }

    private func dns(from address: String, party: Party) -> any HostResolver {
        DNSHostResolver(server: resolverFrontAddress!, sourceIP: address, trace: trace, timeout: .seconds(5), group: group)
    }

    /// The route table of a front door: each party's source address → its link's spec.
    private func routes(to destination: Party.Role, _ instances: [(Scenario.Client, String)]) -> [String: LinkSpec] {
        var table: [String: LinkSpec] = [:]
        let clientPair: Scenario.LinkPair, serverPair: Scenario.LinkPair?
        switch destination {
        case .server: clientPair = .clientServer; serverPair = nil
        case .responder: clientPair = .clientResponder; serverPair = .serverResponder
        default: clientPair = .clientResolver; serverPair = .serverResolver
        }
        for (index, (client, name)) in instances.enumerated() {
            table[clientAddresses[name] ?? plan.client(index)] =
                World.spec(scenario.link(clientPair, for: client), pair: clientPair,
                           seed: World.linkSeed(scenario.seed, clientPair, party: UInt64(index)))
        }
        if let serverPair {
            table[plan.server] = World.spec(scenario.link(serverPair), pair: serverPair,
                                            seed: World.linkSeed(scenario.seed, serverPair, party: World.serverParty))
        }
        return table
    }

    /// The party number of the server (built-in, nginx or Apache) in ``linkSeed(_:_:party:)``;
    /// clients are numbered from 0.
    static let serverParty = UInt64.max

    /// The jitter seed of `pair`'s link for one party (a client's index, or ``serverParty``): the
    /// scenario's seed mixed with both, so that no two links and no two parties share a stream
    /// (before, the server's links to the responder and to the resolver both used seed + 1000,
    /// which client 1000 shared too). The same party keeps its seed whichever program plays the server.
    static func linkSeed(_ seed: UInt64, _ pair: Scenario.LinkPair, party: UInt64) -> UInt64 {
        let pairIndex = UInt64(Scenario.LinkPair.allCases.firstIndex(of: pair) ?? 0)
        var mixer = SplitMix64(seed: seed ^ (pairIndex &* 0x9E37_79B9_7F4A_7C15) ^ (party &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// A scenario link as a link spec: the same effects both ways.
    static func spec(_ link: Scenario.Link, pair: Scenario.LinkPair, seed: UInt64) -> LinkSpec {
        let bandwidth = link.bandwidth.isUnlimited ? nil : Int(link.bandwidth.bytesPerSecond)
        let effects = PipeEffects(latency: link.delay, jitter: link.jitter, bandwidth: bandwidth)
        return LinkSpec(name: pair.rawValue, forward: effects, backward: effects, faultWindows: link.faults, seed: seed)
    }
}

/// Why the engine cannot run a scenario.
public enum EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A feature the scenario asks for is not available.
    case unsupported(String)
    /// Something needed to start a run failed.
    case startFailed(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .unsupported(let what): return what
        case .startFailed(let what): return "could not start the run: \(what)"
        }
    }
}
