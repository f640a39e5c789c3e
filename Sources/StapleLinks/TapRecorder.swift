import StapleCore

/// Turns what a tap read into the trace: an `Observation` (observer `.tap(link)`) for each
/// hostname or serial learned, a `.tapObserved` event for each finding, and a `.wireMessage`
/// event (party `.link(link)`) for each message seen crossing.
struct TapRecorder: Sendable {
    /// The link's name (the tap's party name).
    let link: String
    /// Where the tap sits: the front door's address.
    let observerAddress: String
    /// Where records go.
    let trace: Trace

    /// Records `finding` about the party at `clientAddress`.
    func record(_ finding: TapFinding, clientAddress: String, connection: ConnectionID, at time: Instant = .now()) {
        let hostname: String?
        let channel: Observation.Channel
        let detail: String
        switch finding {
        case .serverName(let name):
            (hostname, channel, detail) = (name, .sni, "sni=\(name)")
        case .httpRequest(let line, let host):
            let shown = line.count > 160 ? String(line.prefix(160)) + "…" : line
            // An address in the Host header (`Host: 127.0.0.5:8080`) names no site: nothing learned.
            let name = host.flatMap { TapRecorder.isAddressLiteral($0) ? nil : $0 }
            (hostname, channel, detail) = (name, .httpHost, "http-request \(shown)" + (host.map { " host=\($0)" } ?? ""))
        case .ocspRequestSerial(let token):
            (hostname, channel, detail) = (token, .ocspSerial, "ocsp-request \(token)")
        case .ocspResponseSerial(let token):
            (hostname, channel, detail) = (token, .ocspSerial, "ocsp-response \(token)")
        case .stapleSerial(let token):
            (hostname, channel, detail) = (token, .stapleCleartext, "tls12-certificate-status \(token)")
        case .certificateName(let name):
            (hostname, channel, detail) = (name, .certificateCleartext, "tls12-certificate \(name)")
        case .dnsQuery(let name):
            (hostname, channel, detail) = (name, .dnsQuery, "dns-query \(name)")
        }
        trace.record(.tap(link), .tapObserved, connection: connection, detail: detail, at: time)
        if let hostname {
            trace.observe(Observation(observer: .tap(link), observerAddress: observerAddress, hostname: hostname,
                                      clientAddress: clientAddress, via: channel, time: time, connection: connection))
        }
    }

    /// Records a message the front door saw cross it (party `.link(link)`, kind `wire.message`, at its `sentAt`).
    func record(_ event: WireEvent, connection: ConnectionID) {
        trace.record(.link(link), .wireMessage, connection: connection, detail: event.description,
                     payload: .wire(event), at: event.sentAt)
    }

    /// Whether `host` (without its port) is an IPv4 or IPv6 address rather than a name.
    static func isAddressLiteral(_ host: String) -> Bool {
        IPv4Text.parse(host) != nil || host.contains(":")
    }
}
