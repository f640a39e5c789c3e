import StapleCore

/// What the configured delays alone predict for one connection, with no CPU cost: the time
/// to first byte if handshakes, signatures and lookups took no time at all.
///
/// For a client C visiting site S (round trips from the scenario's links, C's overrides applied):
///
///     DNS(S)        = RTT(C↔resolver) + resolver delay
///     TCP           = RTT(C↔server)                    (the link's emulated handshake)
///     TLS           = 1 × RTT(C↔server) for TLS 1.3, 2 × for TLS 1.2
///     request       = RTT(C↔server)
///     each OCSP fetch or CRL download the client made:
///                   = DNS(responder) + RTT(C↔responder) (TCP) + RTT(C↔responder) (HTTP)
///                     + responder delay (+ a `slow` outage's delay)
///                     + the bytes it received ÷ the C↔responder link's bandwidth (when limited)
///                   or, when it timed out, the client's timeout
///     a server's fetch inside this handshake (built-in `blocking`, Apache):
///                   = RTT(server↔resolver) + resolver delay (built-in server only: nginx and
///                     Apache are given the responder by address) + 2 × RTT(server↔responder)
///                     + responder delay
///
/// So stapled TLS 1.3 predicts DNS + 3 RTT(C↔server), and classic adds the responder's DNS
/// lookup, TCP connect and HTTP exchange plus its processing delay; `crl` the same for the
/// list's download plus its transfer time (a 10 MB list at 8 Mbit/s: 10 s). Not modelled: the
/// bandwidth of the handshakes themselves (a few kilobytes) and jitter (its mean is zero).
public struct LatencyModel: Sendable {
    /// The scenario the delays come from.
    public let scenario: Scenario

    /// Makes a model.
    public init(scenario: Scenario) { self.scenario = scenario }

    /// What one connection's work was, as far as the model needs it.
    public struct Work: Sendable {
        /// The negotiated TLS version (nil: the handshake never got that far; TLS 1.3 assumed).
        public var tls12: Bool
        /// The client's OCSP fetches: whether each looked up the responder's name, and whether it timed out.
        public var fetches: [(dns: Bool, timedOut: Bool)]
        /// Whether the server fetched inside this handshake (blocking policy).
        public var serverFetch: Bool
        /// Whether that fetch looked up the responder's name first (the built-in server does;
        /// nginx and Apache are given the responder's address).
        public var serverFetchLooksUp: Bool
        /// Scenario time (seconds since the mode started) of the first fetch, to find a `slow` outage.
        public var fetchTime: Double?
        /// Bytes the client's fetches received (response bodies: OCSP responses, CRLs).
        public var fetchedBytes: Int

        /// Makes a work description.
        public init(tls12: Bool = false, fetches: [(dns: Bool, timedOut: Bool)] = [], serverFetch: Bool = false,
                    serverFetchLooksUp: Bool = true, fetchTime: Double? = nil, fetchedBytes: Int = 0) {
            self.fetchedBytes = fetchedBytes
            self.serverFetchLooksUp = serverFetchLooksUp
            self.tls12 = tls12
            self.fetches = fetches
            self.serverFetch = serverFetch
            self.fetchTime = fetchTime
        }
    }

    /// The prediction in milliseconds for `client` (an instance name) visiting a site.
    public func predict(client instance: String, work: Work) -> Double {
        let client = scenario.clients.first { $0.instanceNames.contains(instance) }
        func rtt(_ pair: Scenario.LinkPair) -> Double { scenario.link(pair, for: client).rtt.milliseconds }
        let resolverDelay = scenario.resolver.delay.milliseconds
        let cs = rtt(.clientServer)
        var total = rtt(.clientResolver) + resolverDelay          // DNS for the site
        total += cs                                                // TCP
        total += (work.tls12 ? 2 : 1) * cs                         // TLS
        total += cs                                                // request → first byte
        let timeout = client?.profile.timeout.milliseconds ?? 0
        var slow = 0.0
        if let time = work.fetchTime, let outage = scenario.responder.outage(at: time), case .slow(let delay) = outage.kind {
            slow = delay.milliseconds
        }
        for fetch in work.fetches {
            if fetch.timedOut {
                total += timeout
                continue
            }
            if fetch.dns { total += rtt(.clientResolver) + resolverDelay }
            total += 2 * rtt(.clientResponder) + scenario.responder.delay.milliseconds + slow
        }
        let bandwidth = scenario.link(.clientResponder, for: client).bandwidth
        if !work.fetches.isEmpty, !bandwidth.isUnlimited {
            total += Double(work.fetchedBytes) / bandwidth.bytesPerSecond * 1000
        }
        if work.serverFetch {
            if work.serverFetchLooksUp { total += rtt(.serverResolver) + resolverDelay }
            total += 2 * rtt(.serverResponder) + scenario.responder.delay.milliseconds
        }
        return total
    }
}
