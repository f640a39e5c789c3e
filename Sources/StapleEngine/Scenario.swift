import StapleCore

/// A scenario as it will be run: every field typed, every default applied, every text
/// parsed (durations as `Delay`, names as enums).
///
/// Made by `ScenarioLoader` from a YAML file (`Scenarios/*.yaml`, schema in
/// `Scenarios/README.md`); `resolvedYAML()` writes it back with every default spelled out,
/// and `sweepPoints()` expands its sweep grid into one scenario per point.
public struct Scenario: Hashable, Sendable {
    /// The scenario's name: the results folder's name (`Results/NAME/…`).
    public var name: String
    /// What the scenario shows, in a sentence or two.
    public var description: String
    /// Random seed for everything random in a run (link jitter, …).
    public var seed: UInt64
    /// Scenario seconds per real second for policy clocks (staple validity, refresh, outage windows).
    public var timeScale: Double
    /// The modes to compare, in run order.
    public var modes: [Mode]
    /// The sites (one certificate each) the server serves.
    public var sites: [Site]
    /// The clients, in the order they were written.
    public var clients: [Client]
    /// The TLS server (one for every site).
    public var server: Server
    /// The CA's OCSP responder.
    public var responder: Responder
    /// The DNS resolver.
    public var resolver: Resolver
    /// The network between every pair of parties that talk.
    public var links: Links
    /// How many connections, how many at once, how paced.
    public var workload: Workload
    /// The sweep grid's axes (empty without a sweep).
    public var sweep: [Sweep]
    /// The CA's CRLs (mode `crl`).
    public var crl = CRL()
    /// Short-lived certificates (mode `short-lived`).
    public var shortLived = ShortLived()
    /// The pushed revocation set (mode `pushed`).
    public var pushed = Pushed()
    /// The population `staplebench simulate` models (nil: the workload's own visits).
    public var simulation: Simulation? = nil

    /// A scenario with every field given.
    public init(name: String, description: String = "", seed: UInt64 = Scenario.defaultSeed,
                timeScale: Double = 1, modes: [Mode] = Scenario.defaultModes, sites: [Site],
                clients: [Client], server: Server = Server(), responder: Responder = Responder(),
                resolver: Resolver = Resolver(), links: Links = Links(), workload: Workload = Workload(),
                sweep: [Sweep] = []) {
        self.name = name
        self.description = description
        self.seed = seed
        self.timeScale = timeScale
        self.modes = modes
        self.sites = sites
        self.clients = clients
        self.server = server
        self.responder = responder
        self.resolver = resolver
        self.links = links
        self.workload = workload
        self.sweep = sweep
    }

    /// The largest `time_scale`: ten million scenario seconds per real second keeps every
    /// policy time of a run (signing times, validity, windows) within what X.509 dates hold.
    public static let timeScaleLimit: Double = 10_000_000

    /// The seed when a file gives none.
    public static let defaultSeed: UInt64 = 1
    /// The modes when a file gives none.
    public static let defaultModes: [Mode] = [.classic, .stapled]
    /// The most client instances a scenario may have (each gets its own address 127.0.1.N).
    public static let maxClientInstances = 254

    /// The site with hostname `host`, if the scenario has one.
    public func site(_ host: String) -> Site? { sites.first { $0.host == host } }

    /// The link `pair` as client `client` sees it: the scenario's link with the client's
    /// overrides applied (the link itself when `client` is nil or overrides nothing).
    public func link(_ pair: LinkPair, for client: Client? = nil) -> Link {
        let shared = links[pair]
        guard let client, let override = client.links[pair] else { return shared }
        return override.applied(to: shared)
    }
}
