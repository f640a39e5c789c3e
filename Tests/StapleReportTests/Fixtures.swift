import Foundation
import StapleCore
@testable import StapleReport

/// Inputs shared by the golden tests: small, hand-made, with every awkward value the files must survive.
enum Fixtures {
    /// Handshakes of two modes with a warm-up, every outcome, and fields that need quoting.
    static let handshakes: [HandshakeRecord] = [
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "classic", client: "Alice", site: "example.com",
                        seq: 0, warmup: true, startedMs: 0.0004, dnsMs: 1.2, tcpMs: 20.5, tlsMs: 95.25,
                        ocspMs: 60.125, verifyMs: 0.75, ttfbMs: 140.0005, modelMs: 120, ocspStatus: "good",
                        outcome: .connected, clientAddress: "127.0.1.1", connection: ConnectionID(7)),
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "classic", client: "Alice", site: "example.com",
                        seq: 1, startedMs: 150.5, dnsMs: 1, tcpMs: 20, tlsMs: 90, ocspMs: 58.5, verifyMs: 0.5,
                        ttfbMs: 134.4567, modelMs: 120, ocspStatus: "good", outcome: .connected,
                        clientAddress: "127.0.1.1", connection: ConnectionID(8)),
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "classic", client: "Bob, Jr.", site: "bücher.example",
                        seq: 2, startedMs: 300, dnsMs: 1, tcpMs: 20, tlsMs: 2000, ocspMs: 2000, ttfbMs: 2045.5,
                        modelMs: 121, ocspStatus: "none", outcome: .softFail,
                        error: "responder said \"try later\"", clientAddress: "127.0.1.2",
                        connection: ConnectionID(9)),
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "stapled", client: "Alice", site: "example.com",
                        seq: 0, startedMs: 2400, tcpMs: 20.1, tlsMs: 30.2, verifyMs: 0.3, ttfbMs: 52.4,
                        modelMs: 40, stapled: true, ocspStatus: "good", outcome: .connected,
                        clientAddress: "127.0.1.1", connection: ConnectionID(10)),
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "stapled", client: "Alice", site: "example.com",
                        seq: 1, startedMs: 2460, tcpMs: 20, tlsMs: 31, ttfbMs: nil, modelMs: 40, stapled: true,
                        ocspStatus: "revoked", outcome: .hardFail, error: " certificate revoked\n(reason 1)",
                        clientAddress: "127.0.1.1", connection: ConnectionID(11)),
        HandshakeRecord(scenario: "classic-vs-stapled", mode: "stapled", client: "", site: "example.com",
                        seq: 2, startedMs: 2500, outcome: .error, error: "connect: refused, twice",
                        connection: .none),
    ]

    /// The responder's requests for `handshakes`.
    static let responderRequests: [SummaryKey: Int] = [SummaryKey(mode: "classic"): 3, SummaryKey(mode: "stapled"): 1]

    /// Observations under classic OCSP (with duplicates to count).
    static let classicObservations: [Observation] = {
        let t = Instant(nanoseconds: 1)
        return [
            Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .ocspCertID, time: t),
            Observation(observer: .tap("client-responder"), observerAddress: "127.0.0.9", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .ocspSerial, time: t),
            Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .ocspCertID, time: t),
            Observation(observer: .server("example.com"), observerAddress: "127.0.0.3", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .sni, time: t),
            Observation(observer: .resolver(), observerAddress: "127.0.0.2", hostname: "ocsp.ca.test",
                        clientAddress: "127.0.1.1", via: .dnsQuery, time: t),
            Observation(observer: .resolver(), observerAddress: "127.0.0.2", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .dnsQuery, time: t),
            Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "bücher.example",
                        clientAddress: "127.0.1.2", via: .ocspCertID, time: t),
            Observation(observer: .tap("client-responder"), observerAddress: "127.0.0.9", hostname: "ocsp.ca.test",
                        clientAddress: "127.0.1.1", via: .httpHost, time: t),
        ]
    }()

    /// Observations under stapling.
    static let stapledObservations: [Observation] = {
        let t = Instant(nanoseconds: 1)
        return [
            Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "example.com",
                        clientAddress: "127.0.0.3", via: .ocspCertID, time: t),
            Observation(observer: .server("example.com"), observerAddress: "127.0.0.3", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .sni, time: t),
            Observation(observer: .resolver(), observerAddress: "127.0.0.2", hostname: "example.com",
                        clientAddress: "127.0.1.1", via: .dnsQuery, time: t),
        ]
    }()

    /// The two ledgers.
    static var ledgers: [PrivacyLedger] {
        [PrivacyLedger(scenario: "classic-vs-stapled", mode: "classic", observations: classicObservations),
         PrivacyLedger(scenario: "classic-vs-stapled", mode: "stapled", observations: stapledObservations,
                       warmup: [Observation(observer: .responder(), observerAddress: "127.0.0.4", hostname: "example.com",
                                            clientAddress: "127.0.1.1", via: .ocspCertID)])]
    }

    /// Who the addresses belong to.
    static let addressNames = ["127.0.1.1": "Alice", "127.0.1.2": "Bob", "127.0.0.3": "server"]

    /// Responder requests with an unknown serial and an HTTP error.
    static let responderLog: [ResponderLogEntry] = [
        ResponderLogEntry(scenario: "classic-vs-stapled", mode: "classic", timeMs: 81.25, requesterAddress: "127.0.1.1",
                          method: "POST", hostname: "example.com", status: "good", bytes: 1523),
        ResponderLogEntry(scenario: "classic-vs-stapled", mode: "classic", timeMs: 231.5,
                          requesterAddress: "127.0.1.2", method: "GET", hostname: "bücher.example",
                          status: "503", bytes: 0),
        ResponderLogEntry(scenario: "classic-vs-stapled", mode: "stapled", timeMs: 2390.0001,
                          requesterAddress: "127.0.0.3", method: "POST", hostname: "", status: "unknown", bytes: 1400),
    ]

    /// The run's origin for events.
    static let origin = Instant(nanoseconds: 5_000_000_000)

    /// A trace, out of time order, with an event before the origin.
    static let events: [TraceEvent] = [
        TraceEvent(time: Instant(nanoseconds: 5_020_500_000), party: .client("Alice"), kind: .clientHelloSent,
                   connection: ConnectionID(7), bytes: 517, detail: "sni=example.com"),
        TraceEvent(time: Instant(nanoseconds: 5_000_000_001), party: .client("Alice"), kind: .tcpConnectStart,
                   connection: ConnectionID(7)),
        TraceEvent(time: Instant(nanoseconds: 4_999_000_000), party: .responder(), kind: EventKind("actor.started"),
                   detail: "listening on 127.0.0.4:40001"),
        TraceEvent(time: Instant(nanoseconds: 5_020_500_000), party: .tap("client-server"), kind: .tapObserved,
                   connection: ConnectionID(7), detail: "sni \"example.com\", status_request"),
        TraceEvent(time: Instant(nanoseconds: 5_100_000_000), party: .link("client-responder"), kind: .linkFault,
                   connection: ConnectionID(7), detail: "reset\nafter 0 bytes"),
    ]

    /// A finished and an interrupted run.
    static let meta = RunMeta(
        toolVersion: "0.1.0", scenario: "classic-vs-stapled", seed: 42,
        machine: MachineInfo(hostname: "bench-1", cores: 2, os: "Debian GNU/Linux 12 (bookworm); Linux 6.1.0 x86_64"),
        opensslVersion: "OpenSSL 3.0.15 3 Sep 2024",
        started: Date(timeIntervalSince1970: 1_738_324_800.25), ended: Date(timeIntervalSince1970: 1_738_324_812),
        complete: true, commandLine: ["staplebench", "run", "Scenarios/classic-vs-stapled.yaml", "--out", "/tmp/r \"1\""])
}
