import Foundation
import StapleCore
import StaplePKI
import StapleLinks
import StapleActors
import StapleReport

/// What a ``World`` will start, worked out from the scenario without a socket: every party's
/// address, each front door's route table, the PKI's options, the resolver's records, the
/// responder's statuses and publications, and the names of addresses for the privacy matrix.
struct WorldPlan: Sendable {
    /// The scenario (one sweep point).
    let scenario: Scenario
    /// The mode being run.
    let mode: Scenario.Mode
    /// Every party's loopback address.
    let addresses: AddressPlan
    /// The client instances in visit-cycle order of first appearance, each with its client.
    let instances: [(client: Scenario.Client, name: String)]
    /// Client instance name → its address.
    let clientAddresses: [String: String]

    /// The plan of one (sweep point, mode).
    init(scenario: Scenario, mode: Scenario.Mode, addresses: AddressPlan) {
        self.scenario = scenario
        self.mode = mode
        self.addresses = addresses
        instances = scenario.clients.flatMap { client in client.instanceNames.map { (client, $0) } }
        var clientAddresses: [String: String] = [:]
        for (index, instance) in instances.enumerated() { clientAddresses[instance.name] = addresses.client(index) }
        self.clientAddresses = clientAddresses
    }

    /// The server's name (its first site's host).
    var serverName: String { scenario.sites.first?.host ?? "server" }

    /// Connections a responder or server accepts at once: twice the workload's concurrency, at least 1024.
    var maxConnections: Int { max(1024, 2 * min(scenario.workload.concurrency, 1 << 20)) }

    // MARK: - Links

    /// The route table of a front door: each party's source address → its link's spec.
    func routes(to destination: Party.Role) -> [String: LinkSpec] {
        var table: [String: LinkSpec] = [:]
        let clientPair: Scenario.LinkPair, serverPair: Scenario.LinkPair?
        switch destination {
        case .server: clientPair = .clientServer; serverPair = nil
        case .responder: clientPair = .clientResponder; serverPair = .serverResponder
        default: clientPair = .clientResolver; serverPair = .serverResolver
        }
        for (index, instance) in instances.enumerated() {
            table[clientAddresses[instance.name] ?? addresses.client(index)] =
                WorldPlan.spec(scenario.link(clientPair, for: instance.client), pair: clientPair,
                               seed: WorldPlan.linkSeed(scenario.seed, clientPair, party: UInt64(index)))
        }
        if let serverPair { table[addresses.server] = serverSpec(serverPair) }
        return table
    }

    /// The spec of the server's link of `pair` (to the responder or the resolver).
    func serverSpec(_ pair: Scenario.LinkPair) -> LinkSpec {
        WorldPlan.spec(scenario.link(pair), pair: pair, seed: WorldPlan.linkSeed(scenario.seed, pair, party: WorldPlan.serverParty))
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

    /// A scenario link as a link spec: the same effects both ways, the scenario's faults as they are.
    static func spec(_ link: Scenario.Link, pair: Scenario.LinkPair, seed: UInt64) -> LinkSpec {
        let bandwidth = link.bandwidth.isUnlimited ? nil : Int(link.bandwidth.bytesPerSecond)
        let effects = PipeEffects(latency: link.delay, jitter: link.jitter, bandwidth: bandwidth)
        return LinkSpec(name: pair.rawValue, forward: effects, backward: effects, faultWindows: link.faults, seed: seed)
    }

    // MARK: - PKI, resolver, responder

    /// The OCSP URL in every certificate: the responder's name at its front door's port.
    func ocspURL(responderPort: Int) -> String { "http://\(scenario.responder.host):\(responderPort)/" }

    /// The PKI's options: one leaf per site, every certificate pointing at `ocspURL`.
    func pkiOptions(ocspURL: String) -> TestPKI.Options {
        let base = String(ocspURL.dropLast())
        return TestPKI.Options(
            sites: scenario.sites.enumerated().map { index, site in
                TestPKI.Site(host: site.host, mustStaple: site.mustStaple, algorithm: site.key,
                             viaIntermediate: site.intermediate,
                             crlURL: mode == .crl ? base + crlPath(site: index) : nil,
                             validity: mode == .shortLived ? WorldPlan.shortLivedValidity(scenario.shortLived.lifetime) : nil)
            },
            ocspURL: ocspURL, delegatedSigner: scenario.responder.signer == .delegated,
            intermediateCRLURL: mode == .crl ? base + CRLPublication.caListPath : nil)
    }

    /// The resolver: sites and the responder's name resolve to their front doors; a real
    /// program's names lead to its own doors (it connects from the kernel's choice of address).
    func resolverConfiguration() -> ResolverConfiguration {
        var table = [scenario.responder.host: addresses.responderFront]
        for site in scenario.sites { table[site.host] = addresses.serverFront }
        var configuration = ResolverConfiguration(host: addresses.resolver, records: table, processingDelay: scenario.resolver.delay)
        for instance in instances where instance.client.kind != .builtin {
            let address = clientAddresses[instance.name] ?? addresses.resolver
            configuration.recordsBySource[address] = table.mapValues { _ in address }
        }
        return configuration
    }

    /// What the responder says about each site from the start (`statuses`) and from a time on
    /// (`revocations`, a site revoked at `revoke_at`), with the clock's epoch `epoch`.
    func certificateStatuses(epoch: Double) -> (statuses: [String: CertStatus], revocations: [String: CertStatus]) {
        var statuses: [String: CertStatus] = [:]
        var revocations: [String: CertStatus] = [:]
        for site in scenario.sites {
            switch site.status {
            case .good: statuses[site.host] = .good
            case .unknown: statuses[site.host] = .unknown
            case .revoked(let reason):
                if let revokeAt = site.revokeAt {
                    revocations[site.host] = .revoked(time: epoch + revokeAt.seconds, reason: reason)
                } else {
                    statuses[site.host] = .revoked(time: epoch - 86_400, reason: reason)
                }
            }
        }
        return (statuses, revocations)
    }

    /// The responder's configuration, for `pki` and the clock's epoch `epoch`.
    func responderConfig(pki: TestPKI, epoch: Double, ocspURL: String) -> ResponderConfig {
        let (statuses, revocations) = certificateStatuses(epoch: epoch)
        let base = String(ocspURL.dropLast())
        return ResponderConfig(
            host: addresses.responder,
            // nginx looks for the signer only in the chain and the response: a root-issued leaf's
            // responses embed the root for it; with the default intermediate none is needed.
            authorities: pki.authorities(includeSignerCertificates:
                scenario.server.kind == .nginx && scenario.sites.contains { !$0.intermediate } ? true : nil),
            statuses: statuses, revocations: revocations,
            processingDelay: scenario.responder.delay, validity: scenario.responder.validity,
            maxAge: scenario.responder.maxAge, outages: scenario.responder.outages,
            maxConnections: maxConnections, keepLog: true,
            crl: mode == .crl ? crlPublication(pki: pki, baseURL: base)
                : mode == .pushed ? pushedPublication(pki: pki, baseURL: base) : nil)
    }

    // MARK: - CRLs and short-lived certificates

    /// The CRL path of site `index`: its issuer's list (`N.crl` for the intermediate's,
    /// `root-N.crl` for a leaf straight from the root), shard N by issuance order.
    func crlPath(site index: Int) -> String {
        let shard = CRLPublication.shard(ofSite: index, shards: scenario.crl.shards)
        let path = CRLPublication.path(ofShard: shard)
        return scenario.sites[index].intermediate ? path : path.replacingOccurrences(of: "/crl/", with: "/crl/root-")
    }

    /// What the responder publishes as CRLs: one list per (issuing CA, shard) that has sites,
    /// the scenario's padding split evenly across the shards.
    func crlPublication(pki: TestPKI, baseURL: String) -> CRLPublication {
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
    func pushedPublication(pki: TestPKI, baseURL: String) -> CRLPublication {
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

    // MARK: - Addresses

    /// The addresses the server's own traffic leaves from: its planned address, and for nginx
    /// or Apache (`external`) 127.0.0.1 (the kernel's choice for them).
    func serverAddresses(external: Bool) -> Set<String> {
        external ? [addresses.server, "127.0.0.1"] : [addresses.server]
    }

    /// Names for addresses, for the privacy matrix; `program` is nginx's or Apache's name when one plays the server.
    func addressNames(program: String?) -> [String: String] {
        var names: [String: String] = [addresses.server: program.map { "server (\($0))" } ?? "server",
                                       "127.0.0.1": program.map { "server (\($0))" } ?? "localhost",
                                       addresses.responder: "responder", addresses.resolver: "resolver",
                                       addresses.serverFront: "server front", addresses.responderFront: "responder front",
                                       addresses.resolverFront: "resolver front"]
        for (name, address) in clientAddresses { names[address] = name }
        return names
    }
}
