import Foundation
import Testing
import StapleCore
import StapleReport
import StapleActors
import StapleTestSupport
@testable import StapleEngine

/// Each shipped scenario's header comment tells a story ("Alice refuses revoked.example",
/// "the responder sees each (client, site) about once"). One test per scenario runs it,
/// shortened, and checks that story against the run's records, summary, ledgers and responder
/// log, so a change that breaks a story fails here. Latency claims are checked as orderings
/// and against the model's network time (a floor: links only delay), never as upper bounds.
@Suite(.serialized) struct ScenarioStoryTests {
    /// The shipped scenario `name`, as loaded from `Scenarios/<name>.yaml`.
    static func shipped(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: ScenarioTestSupport.packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
    }

    /// Every link (and every client's own link override) set to a one-way delay of `ms`,
    /// for stories about who does what rather than how long it takes.
    static func shortLinks(_ scenario: inout Scenario, ms: Double = 0.5) {
        for pair in Scenario.LinkPair.allCases {
            scenario.links[pair].delay = Delay(seconds: ms / 1000)
            scenario.links[pair].jitter = Delay(seconds: 0)
        }
        for index in scenario.clients.indices { scenario.clients[index].links = [:] }
    }

    /// The address the run gave party `name` in `part`.
    static func address(_ name: String, in part: ModeRun) throws -> String {
        try #require(part.addressNames.first { $0.value == name }?.key, "no address for \(name)")
    }

    /// The part of `result` for `mode` at the sweep point whose label contains `point`.
    static func part(_ result: RunResult, _ mode: Scenario.Mode, _ point: String = "") throws -> ModeRun {
        try #require(result.parts.first { $0.mode == mode && (point.isEmpty || $0.sweepPoint.contains(point)) },
                     "no \(mode) part at \(point)")
    }

    /// The counted records of `part`, in sequence order.
    static func counted(_ part: ModeRun) -> [HandshakeRecord] {
        part.records.filter { !$0.warmup }.sorted { $0.seq < $1.seq }
    }

    // MARK: classic-vs-stapled

    @Test(.tags(.timing)) func classicVsStapled() async throws {
        var scenario = try Self.shipped("classic-vs-stapled")
        scenario.workload.handshakes = 3
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let classic = try Self.part(result, .classic), stapled = try Self.part(result, .stapled)
        let alice = try Self.address("Alice", in: classic), server = try Self.address("server", in: stapled)
        let aliceStapled = try Self.address("Alice", in: stapled)

        // Every counted handshake connects; every counted stapled one carries a staple.
        #expect(Self.counted(classic).map(\.outcome) == [.connected, .connected, .connected])
        #expect(Self.counted(stapled).map(\.stapled) == [true, true, true])
        #expect(Self.counted(classic).allSatisfy { !$0.stapled && $0.ocspStatus == "good" && $0.ocspMs != nil })
        #expect(Self.counted(stapled).allSatisfy { $0.ocspStatus == "good" && $0.ocspMs == nil })
        // Stapled seq 0 (a warm-up) has no staple: the lazy server only starts its fetch then.
        let first = try #require(stapled.records.first { $0.seq == 0 })
        #expect(first.warmup && !first.stapled)

        // The model: stapled = DNS 10 + 3 x 40; classic adds DNS 10 + TCP 80 + HTTP 80 + 1 ms signing.
        let summary = RunWriter.summary(result)
        let classicRow = try #require(summary.row(mode: "classic")), stapledRow = try #require(summary.row(mode: "stapled"))
        #expect(stapledRow.modelMs == 130)
        #expect(classicRow.modelMs == 301)
        for record in Self.counted(classic) + Self.counted(stapled) {
            let ttfb = try #require(record.ttfbMs), model = try #require(record.modelMs)
            #expect(ttfb >= model, "\(record.mode) seq \(record.seq): \(ttfb) ms below the model's \(model) ms")
        }
        // Classic pays the responder's lookup and two round trips (171 ms of delays) more.
        let classicP50 = try #require(classicRow.p50Ms), stapledP50 = try #require(stapledRow.p50Ms)
        #expect(classicP50 > stapledP50, "classic \(classicP50) ms, stapled \(stapledP50) ms")

        // Responder requests: one per classic handshake (warm-ups too), from Alice; one stapled, from the server.
        #expect(classic.responderLog.count == 5)
        #expect(classic.responderLog.allSatisfy { $0.requesterAddress == alice && $0.hostname == "example.com" })
        // (plus Alice's own fallback in warm-up seq 0, which had no staple; the server's fetch and
        // hers start in the same handshake, so either may reach the responder first).
        #expect(stapled.responderLog.map(\.requesterAddress).sorted() == [server, aliceStapled].sorted())

        // Privacy: under classic the responder learns Alice with example.com, the resolver sees
        // her ask for ocsp.ca.test; under stapled the responder only ever sees the server.
        let ledgers = RunWriter.ledgers(result)
        let classicRows = try #require(ledgers.first { $0.mode == "classic" }?.rows)
        let stapledRows = PrivacyLedger(scenario: "s", mode: "stapled", observations: stapled.observations).rows
        #expect(classicRows.filter { $0.observer.role == .responder }.map { "\($0.clientAddress) \($0.hostname) \($0.via)" }
                == ["\(alice) example.com ocsp-certid"])
        #expect(classicRows.contains { $0.observer.role == .resolver && $0.hostname == "ocsp.ca.test" && $0.clientAddress == alice })
        let stapledResponder = stapledRows.filter { $0.observer.role == .responder }
        #expect(stapledResponder.allSatisfy { $0.clientAddress == server })
        #expect(!stapledRows.contains { $0.observer.role == .resolver && $0.hostname == "ocsp.ca.test" && $0.clientAddress == aliceStapled })
    }

    // MARK: revoked

    @Test func revoked() async throws {
        var scenario = try Self.shipped("revoked")
        Self.shortLinks(&scenario)
        scenario.workload.handshakes = 8             // two rounds over (client, site)
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        func rows(_ part: ModeRun, _ client: String, _ site: String) -> [HandshakeRecord] {
            Self.counted(part).filter { $0.client == client && $0.site == site }
        }
        for policy in ["lazy", "blocking"] {
            // Classic: Alice asks, learns revoked and refuses (a revoked answer is never soft);
            // Carol never asks and connects.
            let classic = try Self.part(result, .classic, policy)
            #expect(rows(classic, "Alice", "revoked.example").map(\.outcome) == [.hardFail, .hardFail], "\(policy)")
            #expect(rows(classic, "Alice", "revoked.example").allSatisfy { $0.ocspStatus == "revoked" }, "\(policy)")
            #expect(rows(classic, "Carol", "revoked.example").map(\.outcome) == [.connected, .connected], "\(policy)")
            #expect(rows(classic, "Carol", "revoked.example").allSatisfy { $0.ocspMs == nil }, "Carol never asks")
            // good.example connects everywhere.
            let stapledPart = try Self.part(result, .stapled, policy)
            for part in [classic, stapledPart] {
                #expect(Self.counted(part).filter { $0.site == "good.example" }.map(\.outcome) == Array(repeating: .connected, count: 4),
                        "\(part.mode) \(policy)")
            }
        }
        // Stapled, lazy: revoked.example is never stapled; Alice falls back to the responder and
        // refuses; Carol connects anyway.
        let lazy = try Self.part(result, .stapled, "lazy")
        #expect(rows(lazy, "Alice", "revoked.example").allSatisfy { !$0.stapled && $0.ocspStatus == "revoked" })
        #expect(rows(lazy, "Alice", "revoked.example").map(\.outcome) == [.hardFail, .hardFail])
        #expect(rows(lazy, "Carol", "revoked.example").allSatisfy { !$0.stapled })
        #expect(rows(lazy, "Carol", "revoked.example").map(\.outcome) == [.connected, .connected])
        let aliceLazy = try Self.address("Alice", in: lazy)
        #expect(lazy.responderLog.contains { $0.requesterAddress == aliceLazy && $0.hostname == "revoked.example" })
        // Stapled, blocking: Apache staples the revoked response; Carol refuses too, and Alice
        // no longer needs the responder.
        let blocking = try Self.part(result, .stapled, "blocking")
        let revokedRows = Self.counted(blocking).filter { $0.site == "revoked.example" }
        #expect(revokedRows.count == 4)
        #expect(revokedRows.allSatisfy { $0.stapled && $0.ocspStatus == "revoked" && $0.outcome == .hardFail })
        let aliceBlocking = try Self.address("Alice", in: blocking)
        #expect(!blocking.responderLog.contains { $0.requesterAddress == aliceBlocking })
    }

    // MARK: must-staple-cold-start

    @Test func mustStapleColdStart() async throws {
        let scenario = try Self.shipped("must-staple-cold-start")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        // Lazy: seq 0 and the first handshake after each restart (6, 12) have no staple; Alice's
        // of those are refused (must-staple), Carol's connect; every other handshake is stapled.
        let lazy = Self.counted(try Self.part(result, .stapled, "lazy"))
        #expect(lazy.count == 18)
        // Alice's refusal usually beats the server's fetch, so Carol's next one (1, 7, 13) may be
        // unstapled too (a race: both orders were seen); nothing else is.
        let unstapled = Set(lazy.filter { !$0.stapled }.map(\.seq))
        #expect(unstapled.isSuperset(of: [0, 6, 12]) && unstapled.isSubset(of: [0, 1, 6, 7, 12, 13]), "\(lazy.map(\.stapled))")
        for record in lazy where !record.stapled {
            #expect(record.outcome == (record.client == "Alice" ? .hardFail : .connected), "seq \(record.seq) \(record.client)")
        }
        #expect(lazy.filter(\.stapled).allSatisfy { $0.outcome == .connected })
        // Proactive: stapled from seq 0 on, restarts or not; no failures.
        let proactive = Self.counted(try Self.part(result, .stapled, "proactive"))
        #expect(proactive.count == 18)
        #expect(proactive.allSatisfy { $0.stapled && $0.outcome == .connected }, "\(proactive.map(\.stapled))")
    }

    // MARK: privacy-multi-site

    @Test func privacyMultiSite() async throws {
        var scenario = try Self.shipped("privacy-multi-site")
        Self.shortLinks(&scenario)
        scenario.workload.handshakes = 5             // one counted round over the five pairs
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let pairs: Set<String> = ["Alice shop.example", "Alice bank.example", "Alice news.example",
                                  "Bob bank.example", "Bob news.example"]
        for tls in ["1.3", "1.2"] {
            let classic = try Self.part(result, .classic, "server.tls=\(tls)")
            let stapled = try Self.part(result, .stapled, "server.tls=\(tls)")
            let names = classic.addressNames
            let all = classic.observations + classic.warmupObservations
            // Classic: the CA learns, from its CertIDs, every (client, site) with the client's own
            // address: a history per user; the resolver sees each client ask for ocsp.ca.test.
            let learned = Set(all.filter { $0.observer.role == .responder && $0.via == .ocspCertID }
                .map { "\(names[$0.clientAddress] ?? $0.clientAddress) \($0.hostname)" })
            #expect(learned == pairs, "TLS \(tls)")
            let asked = Set(all.filter { $0.observer.role == .resolver && $0.hostname == "ocsp.ca.test" }
                .compactMap { names[$0.clientAddress] })
            #expect(asked == ["Alice", "Bob"], "TLS \(tls)")
            // With the OCSP cache on, the responder sees each (client, site) once, not once per connection.
            #expect(classic.responderLog.count == 5, "TLS \(tls): \(classic.responderLog.map(\.hostname))")
            // The client-responder tap reads the OCSP serials under classic.
            #expect(Set(all.filter { $0.observer == .tap("client-responder") && $0.via == .ocspSerial }.map(\.hostname))
                    == ["shop.example", "bank.example", "news.example"])

            // Stapled: the responder only ever sees the server's address.
            let server = try Self.address("server", in: stapled)
            let stapledAll = stapled.observations + stapled.warmupObservations
            let responderSaw = stapled.observations.filter { $0.observer.role == .responder }
            #expect(responderSaw.allSatisfy { $0.clientAddress == server }, "TLS \(tls)")

            // Taps: the client-server tap reads every SNI in both versions; the staple in clear
            // only under TLS 1.2.
            for part in [classic, stapled] {
                let seen = part.observations + part.warmupObservations
                #expect(Set(seen.filter { $0.observer == .tap("client-server") && $0.via == .sni }.map(\.hostname))
                        == ["shop.example", "bank.example", "news.example"], "TLS \(tls) \(part.mode)")
            }
            let cleartext = stapledAll.filter { $0.observer == .tap("client-server") && $0.via == .stapleCleartext }
            #expect(tls == "1.2" ? !cleartext.isEmpty : cleartext.isEmpty, "TLS \(tls): \(cleartext.count) staples read in clear")
        }
        // The summary's history pairs: the CA learned 5 of 5 under classic, 0 under stapled.
        let summary = RunWriter.summary(result)
        for row in summary.rows {
            #expect(row.visitedPairs == 5, "\(row.sweepPoint) \(row.mode)")
            // Stapled: only the warm-up fallbacks (a lazy server's first handshake per site is unstapled).
            if row.mode == "classic" { #expect(row.responderPairs == 5) } else { #expect((row.responderPairs ?? 5) < 5) }
        }
    }

    // MARK: chain-check

    @Test(.tags(.timing)) func chainCheck() async throws {
        var scenario = try Self.shipped("chain-check")
        scenario.workload.handshakes = 4
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let classic = try Self.part(result, .classic), stapled = try Self.part(result, .stapled)
        #expect(Self.counted(classic).allSatisfy { $0.outcome == .connected } && Self.counted(stapled).allSatisfy { $0.outcome == .connected })
        // Classic: Sam makes two OCSP exchanges per handshake (leaf, intermediate), Alice one.
        let samClassic = try Self.address("Sam", in: classic), aliceClassic = try Self.address("Alice", in: classic)
        #expect(classic.responderLog.filter { $0.requesterAddress == samClassic }.count == 6, "warm-ups included")
        #expect(classic.responderLog.filter { $0.requesterAddress == aliceClassic }.count == 3)
        // ...so his time to first byte is one more client-responder exchange (2 x 60 ms) longer.
        let rows = Self.counted(classic)
        let samModel = try #require(rows.first { $0.client == "Sam" }?.modelMs)
        let aliceModel = try #require(rows.first { $0.client == "Alice" }?.modelMs)
        #expect(samModel - aliceModel >= 120, "model Sam \(samModel) ms, Alice \(aliceModel) ms")
        let samTTFB = rows.filter { $0.client == "Sam" }.compactMap(\.ttfbMs)
        let aliceTTFB = rows.filter { $0.client == "Alice" }.compactMap(\.ttfbMs)
        #expect(samTTFB.count == 2 && aliceTTFB.count == 2)
        #expect(samTTFB.min()! > aliceTTFB.max()!, "Sam \(samTTFB), Alice \(aliceTTFB)")
        // Stapled: the staple covers the leaf only; Alice never contacts the responder, Sam still
        // asks it about the intermediate (so it learns his address, not corp.example).
        let samStapled = try Self.address("Sam", in: stapled), aliceStapled = try Self.address("Alice", in: stapled)
        let countedFrom = try #require(Self.counted(stapled).first?.startedMs)
        let countedLog = stapled.responderLog.filter { $0.timeMs >= countedFrom }
        #expect(!countedLog.contains { $0.requesterAddress == aliceStapled })
        let samAsks = countedLog.filter { $0.requesterAddress == samStapled }
        #expect(samAsks.count == 2, "\(stapled.responderLog.map { "\($0.requesterAddress) \($0.hostname)" })")
        #expect(samAsks.allSatisfy { $0.hostname != "corp.example" }, "\(samAsks.map(\.hostname))")
        #expect(Self.counted(stapled).allSatisfy { $0.stapled })
        #expect(Self.counted(stapled).filter { $0.client == "Alice" }.allSatisfy { $0.ocspMs == nil })
        #expect(Self.counted(stapled).filter { $0.client == "Sam" }.allSatisfy { $0.ocspMs != nil })
    }

    // MARK: rtt-sweep

    @Test(.tags(.timing)) func rttSweep() async throws {
        var scenario = try Self.shipped("rtt-sweep")
        scenario.sweep[0].values = [scenario.sweep[0].values[1], scenario.sweep[0].values[3]]   // 5 ms and 50 ms
        scenario.workload.warmup = 1
        scenario.workload.handshakes = 3
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let summary = RunWriter.summary(result)
        var models: [Double: [String: Double]] = [:]
        for rtt in [5.0, 50.0] {
            let point = "links.client-server.rtt=\(Int(rtt))ms"
            for mode in ["none", "classic", "stapled"] {
                let row = try #require(summary.rows.first { $0.mode == mode && $0.sweepPoint.hasPrefix(point + ",") },
                                       "\(summary.rows.map(\.sweepPoint))")
                #expect(row.connected == 3, "\(point) \(mode)")
                models[rtt, default: [:]][mode] = try #require(row.modelMs)
            }
            // none and stapled: DNS 2 + 3 x RTT; classic adds DNS 2 + 2 x RTT + 1 ms signing.
            #expect(models[rtt]?["none"] == 2 + 3 * rtt)
            #expect(models[rtt]?["stapled"] == 2 + 3 * rtt)
            #expect(models[rtt]?["classic"] == 2 + 3 * rtt + 2 + 2 * rtt + 1)
        }
        // The slope: classic grows 5/3 as steeply as stapled.
        let classicSlope = models[50]!["classic"]! - models[5]!["classic"]!
        let stapledSlope = models[50]!["stapled"]! - models[5]!["stapled"]!
        #expect(abs(classicSlope / stapledSlope - 5.0 / 3.0) < 1e-9)
        // Measured at 50 ms: classic pays 102 ms of delays more than stapled.
        let classic = try #require(summary.rows.first { $0.mode == "classic" && $0.sweepPoint.hasPrefix("links.client-server.rtt=50ms,") }?.p50Ms)
        let stapled = try #require(summary.rows.first { $0.mode == "stapled" && $0.sweepPoint.hasPrefix("links.client-server.rtt=50ms,") }?.p50Ms)
        #expect(classic > stapled, "classic \(classic) ms, stapled \(stapled) ms")
    }

    // MARK: nginx-vs-builtin

    @Test func nginxVsBuiltin() async throws {
        var scenario = try Self.shipped("nginx-vs-builtin")
        Self.shortLinks(&scenario)
        scenario.modes = [.stapled]
        scenario.workload.handshakes = 10            // 5 per site
        if !ExternalProgram.isInstalled(.nginx) {
            print("skipped the nginx point: nginx is not installed (apt-get install -y nginx-light; .ci/run does it)")
            scenario.sweep[0].values = [scenario.sweep[0].values[0]]
        }
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        #expect(result.parts.map(\.sweepPoint) == scenario.sweepPoints().map(\.label))
        for part in result.parts {
            let good = Self.counted(part).filter { $0.site == "good.example" }
            let revoked = Self.counted(part).filter { $0.site == "revoked.example" }
            #expect(good.count == 5 && revoked.count == 5, "\(part.sweepPoint)")
            // Lazy per worker: the first handshake finds a cold cache and goes unstapled; which worker
            // takes each later one is the kernel's choice, and a worker whose fetch is still in flight
            // also sends none — so the first is unstapled, a few more may be, and the staple arrives.
            let unstapled = good.filter { !$0.stapled }.count
            #expect(good.first?.stapled == false && good.contains(where: \.stapled), "\(part.sweepPoint): \(good.map(\.stapled))")
            #expect(unstapled <= 2 * scenario.server.workers, "\(part.sweepPoint): \(good.map(\.stapled))")
            #expect(good.allSatisfy { $0.outcome == .connected }, "\(part.sweepPoint)")
            // revoked.example is never stapled: Alice falls back to the responder and refuses.
            #expect(revoked.allSatisfy { !$0.stapled && $0.outcome == .hardFail && $0.ocspStatus == "revoked" },
                    "\(part.sweepPoint): \(revoked.map { "\($0.stapled) \($0.outcome) \($0.ocspStatus)" })")
        }
    }
}
