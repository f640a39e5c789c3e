import Foundation
import NIOCore
import NIOPosix
import StapleCore
import StaplePKI
import StapleTLS
import StapleLinks
import StapleActors
import StapleReport

/// One (sweep point, mode) of a run, live: a fresh PKI, resolver, responder and server on
/// their own loopback addresses, a front door (link) before each, and the clients.
///
/// Three parts: the ``WorldPlan`` (every address, route, status and configuration, worked out
/// without a socket), the ``FrontDoors`` and the ``ServerSlot`` (the built-in server, or nginx
/// or Apache). Every run of a mode starts fresh (a cold server cache, a policy clock at 0), so
/// outage windows count from the start of each mode and modes do not leak state into each other.
final class World: @unchecked Sendable {
    // @unchecked Sendable: the state set in `start` is written before the world is shared, then
    // only read; the one thing a run replaces later (nginx or Apache, on a restart) is in the
    // slot, behind its lock.
    let scenario: Scenario
    let mode: Scenario.Mode
    let plan: AddressPlan
    let trace: Trace
    let clock: PolicyClock
    let group: any EventLoopGroup
    /// What this world starts, worked out without a socket.
    let worldPlan: WorldPlan
    /// The front doors before the resolver, the responder and the server.
    let doors: FrontDoors
    private(set) var pki: TestPKI!
    private(set) var resolver: ResolverActor!
    private(set) var responder: ResponderActor!
    /// The built-in server or nginx / Apache (nil until started).
    private(set) var slot: ServerSlot?
    /// The built-in server, when it plays.
    var server: ServerActor? { slot?.builtin }
    /// nginx or Apache, when the scenario asks for one instead of the built-in server.
    var externalServer: ExternalServer? { slot?.external }
    /// Client instances by name (built-in actors and real programs), in visit-cycle order of first appearance.
    private(set) var clients: [String: any SiteClient] = [:]
    /// Client instance name → its address.
    var clientAddresses: [String: String] { worldPlan.clientAddresses }
    /// The port sites are reached on (the server's front door).
    private(set) var sitePort = 0

    init(scenario: Scenario, mode: Scenario.Mode, trace: Trace, group: any EventLoopGroup,
         plan: AddressPlan = AddressPlan.next()) {
        self.scenario = scenario
        self.mode = mode
        self.plan = plan
        self.trace = trace
        let clock = PolicyClock(scale: scenario.timeScale)
        self.clock = clock
        self.group = group
        worldPlan = WorldPlan(scenario: scenario, mode: mode, addresses: plan)
        doors = FrontDoors(plan: worldPlan, trace: trace, clock: clock, group: group)
    }

    /// Starts everything, in the order that lets each party reach the ones it needs.
    func start() async throws {
        // 1. Front doors first: their ports go into URLs and certificates.
        let fronts = try await doors.start()
        resolverFrontAddress = fronts.resolver
        sitePort = fronts.server.port ?? 0

        // 2. The PKI: every certificate points at the responder's front door.
        let ocspURL = worldPlan.ocspURL(responderPort: fronts.responder.port ?? 80)
        pki = try TestPKI.make(worldPlan.pkiOptions(ocspURL: ocspURL))

        // 3. The resolver: sites and the responder's name resolve to their front doors.
        resolver = ResolverActor(configuration: worldPlan.resolverConfiguration(), trace: trace, group: group)
        doors.resolver.setTarget(try await resolver.start())

        // 4. The responder.
        responder = ResponderActor(config: worldPlan.responderConfig(pki: pki, epoch: clock.epoch, ocspURL: ocspURL),
                                   trace: trace, clock: clock, group: group)
        doors.responder.setTarget(try await responder.start())

        // 5. The server (a proactive one fetches through the links before it serves).
        let server = scenario.server
        if let kind = server.kind.external {
            doors.server.setTarget(try await startExternal(kind, responderFront: fronts.responder, resolverFront: fronts.resolver))
        } else {
            let serverConfig = ServerConfig(
                name: worldPlan.serverName, host: plan.server, pki: pki,
                versions: server.tls.serverRange,
                stapling: server.staples(in: mode), verify: server.verify,
                responderURL: server.responderURL?.absoluteString,
                policy: server.policy,
                workers: server.workers, fetchTimeout: server.fetchTimeout, responderTimeout: server.responderTimeout,
                cacheDirectory: server.policy == .proactive ? temporaryFolder("staples") : nil,
                maxConnections: worldPlan.maxConnections)
            let actor = try ServerActor(config: serverConfig, resolver: dns(from: plan.server, party: .server(worldPlan.serverName)),
                                        trace: trace, clock: clock, group: group)
            slot = ServerSlot(.builtin(actor))
            doors.server.setTarget(try await actor.start())
        }

        // 6. The clients.
        let trust = try pki.trustStore()
        for (client, name) in worldPlan.instances {
            let address = clientAddresses[name] ?? plan.client(0)
            if let program = client.kind.program {
                clients[name] = try await startRealClient(program, client: client, name: name, address: address,
                                                          fronts: (fronts.server, fronts.responder, fronts.resolver))
                continue
            }
            clients[name] = try ClientActor(
                config: ClientConfig(name: name, sourceIP: address, profile: client.profile, trust: trust,
                                     attemptTimeout: scenario.workload.timeout,
                                     pushURL: mode == .pushed
                                         ? "http://\(scenario.responder.host):\(fronts.responder.port ?? 80)" + CRLPublication.pushedSetPath
                                         : nil),
                resolver: dns(from: address, party: .client(name)), trace: trace, clock: clock, group: group)
        }
    }

    /// Stops every actor, link and real client's doors.
    func stop() async {
        for client in clients.values { await client.stop() }
        await slot?.stop(collect: collectExternalObservations)
        await responder?.stop()
        await resolver?.stop()
        await doors.stop()
        // STAPLEBENCH_KEEP_TEMP=1 keeps the PKI and the nginx/Apache folders for a post-mortem.
        if ProcessInfo.processInfo.environment["STAPLEBENCH_KEEP_TEMP"] == nil {
            for folder in temporaryFolders { try? FileManager.default.removeItem(atPath: folder) }
        }
    }

    /// A restart of the server: the built-in one loses its caches (a proactive one reloads from
    /// disk); nginx or Apache are stopped and started again (their caches are in memory).
    func restartServer() async {
        if let address = await slot?.restart(collect: collectExternalObservations) { doors.server.setTarget(address) }
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
    private func startExternal(_ kind: ExternalServerKind, responderFront: SocketAddress,
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
        slot = ServerSlot(.external(external))
        doors.routeExternalServer(worldPlan)
        return try await external.start()
    }

    /// What nginx or Apache learned, from its access log (client address and SNI per request).
    private func collectExternalObservations(_ external: ExternalServer) {
        let party = Party.server(worldPlan.serverName)
        for entry in external.accessLog() {
            guard let name = entry.serverName, !name.isEmpty, name != "-" else { continue }
            trace.observe(Observation(observer: party, observerAddress: plan.server, hostname: name,
                                      clientAddress: entry.clientAddress, via: .sni))
        }
    }

    /// The addresses the server's own traffic leaves from: its planned address, and for nginx
    /// or Apache 127.0.0.1 (the kernel's choice for them).
    var serverAddresses: Set<String> { worldPlan.serverAddresses(external: externalServer != nil) }

    /// Names for addresses, for the privacy matrix.
    var addressNames: [String: String] { worldPlan.addressNames(program: externalServer?.config.kind.rawValue) }

    /// How late each front door's delayed deliveries went out against their deadlines.
    var deliveryLateness: [String: LatenessHistogram] { doors.deliveryLateness }

    // MARK: - Helpers

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
