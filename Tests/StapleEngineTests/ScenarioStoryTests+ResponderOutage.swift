import Testing
import StapleCore
import StapleReport
import StapleTestSupport
@testable import StapleEngine

extension ScenarioStoryTests {
    /// When `record` started, in scenario minutes since its mode started: its end on the policy
    /// clock less its real duration scaled by `timeScale`.
    static func startMinute(_ record: HandshakeRecord, timeScale: Double) throws -> Double {
        let end = try #require(record.scenarioTimeS, "seq \(record.seq) has no scenario time")
        let duration = try #require(record.durationMs, "seq \(record.seq) has no duration")
        return (end - duration / 1000 * timeScale) / 60
    }

    // MARK: responder-outage

    /// Run as shipped (40 scenario minutes, its six parts at once: about half a minute). Each
    /// claim is checked on the handshakes that started well inside its window (at least half a
    /// scenario minute, a quarter of a real second, from each edge), never on the edges, where
    /// a busy machine decides which side a handshake falls on.
    @Test func responderOutage() async throws {
        let scenario = try Self.shipped("responder-outage")
        let result = await RunEngine(scenario: scenario).run()
        #expect(result.complete, "\(result.stoppedEarly ?? "")")
        let summary = RunWriter.summary(result)
        for policy in ["lazy", "blocking", "proactive"] {
            for mode in [Scenario.Mode.classic, .stapled] {
                let part = try Self.part(result, mode, "server.policy=\(policy)")
                let rows = try part.records.sorted { $0.seq < $1.seq }.map { ($0, try Self.startMinute($0, timeScale: scenario.timeScale)) }
                func within(_ from: Double, _ to: Double) -> [HandshakeRecord] { rows.filter { $0.1 >= from && $0.1 <= to }.map(\.0) }
                let label = "\(policy) \(mode)"
                #expect(part.records.filter { $0.client == "Alice" }.count == 20 && part.records.filter { $0.client == "Bob" }.count == 20, "\(label)")
                // During the outage, whoever has no good staple asks the hung responder himself:
                // Alice (soft-fail) connects after her 2 s, Bob (hard-fail) is refused after his 3 s.
                func failsAsEachClientSays(_ records: [HandshakeRecord], _ what: String) {
                    #expect(!records.isEmpty, "\(label) \(what): no handshake")
                    for record in records {
                        #expect(record.outcome == (record.client == "Alice" ? .softFail : .hardFail) && record.ocspStatus == "unreachable:timeout",
                                "\(label) \(what) seq \(record.seq) \(record.client): \(record.outcome) \(record.ocspStatus)")
                    }
                }
                let row = try #require(summary.row(sweepPoint: "server.policy=\(policy)", mode: mode.rawValue))
                #expect(row.failureMs(.softFail, 50) != nil && row.failureMs(.hardFail, 50) != nil, "\(label): the table has both")
                // Every failure for want of an answer took the client's whole timeout (a proactive
                // server's staple that expires under a handshake is refused at once, on the edge of
                // nextUpdate, which a busy machine decides: those are not timeouts).
                for record in part.records where record.ocspStatus == "unreachable:timeout" {
                    #expect((record.durationMs ?? 0) >= (record.client == "Alice" ? 2000 : 3000),
                            "\(label) seq \(record.seq) \(record.client): failed after \(record.durationMs ?? -1) ms")
                }
                // After minute 30 the responder answers again: every client connects with a good status.
                let after = within(30.5, .infinity)
                #expect(!after.isEmpty && after.allSatisfy { $0.outcome == .connected && $0.ocspStatus == "good" }, "\(label)")
                // (The lazy and proactive servers' fetch started in the outage still hangs until its 60 s
                // real timeout, two scenario hours: stapled or not after minute 30 is checked only before it.)
                let beforeFetchTimeout = after.filter { ($0.endedMs ?? .infinity) < 60_000 }
                switch (mode, policy) {
                case (.classic, _):
                    #expect(within(0, 5.5).allSatisfy { $0.outcome == .connected && $0.ocspStatus == "good" && !$0.stapled }, "\(label)")
                    failsAsEachClientSays(within(6.5, 27), "in the outage")
                case (.stapled, "lazy"):
                    // Cold at minute 0; then the response fetched then, until its nextUpdate (minute 10);
                    // the refresh tried at minute 6 hangs: nothing stapled from then on.
                    #expect(rows.first.map { !$0.0.stapled && $0.0.outcome == .connected } == true, "\(label)")
                    #expect(within(1, 9.5).allSatisfy { $0.stapled && $0.ocspStatus == "good" && $0.outcome == .connected }, "\(label)")
                    let gone = within(11, 27)
                    #expect(gone.allSatisfy { !$0.stapled }, "\(label)")
                    failsAsEachClientSays(gone, "past nextUpdate")
                    #expect(beforeFetchTimeout.allSatisfy { !$0.stapled && $0.ocspMs != nil }, "\(label)")
                case (.stapled, "blocking"):
                    // Stapled from the first handshake; after the response expires (minute 10) the next
                    // handshake waits inside the server for 2 s, then gets a made-up tryLater, which
                    // Apache 2.4 keeps an hour: every later one is stapled tryLater at once, and its
                    // client asks the responder itself.
                    #expect(within(0, 9.5).allSatisfy { $0.stapled && $0.ocspStatus == "good" && $0.outcome == .connected }, "\(label)")
                    let expired = within(11, 27)
                    #expect(expired.allSatisfy { $0.stapled }, "\(label)")
                    failsAsEachClientSays(expired, "after expiry")
                    // Which handshake after minute 10 meets the expired cache first is a race (two run at
                    // once, and the edge is the machine's): one of them waited the server's 2 s and
                    // then its client's own timeout.
                    let waiting = within(10, 27).filter { record in
                        (record.durationMs ?? 0) >= 2000 + (record.client == "Alice" ? 2000.0 : 3000.0)
                    }
                    let seen = within(10, 27).map { "seq \($0.seq) \($0.client) \($0.durationMs ?? -1) ms" }
                    #expect(!waiting.isEmpty, "\(label): no handshake waited the server's 2 s and its client's own: \(seen)")
                    #expect(after.allSatisfy { $0.stapled && $0.ocspMs != nil }, "\(label): tryLater stapled, then the client asked")
                default:
                    // proactive: refreshed at minute 5, before the outage: a valid staple until minute 15; the
                    // refresh at minute 10 hangs, and past its 5-minute allowance the server staples
                    // nothing. (Between minutes 15 and 22 the clients' own leeway decides: not checked.)
                    // The refresh timer fires 0.35 real seconds before the outage: should a starved
                    // machine fire it late, into the outage, the staple of minute 0 is the last (until 10).
                    let server = try Self.address("server", in: part)
                    let refreshed = part.responderLog.filter { $0.requesterAddress == server && $0.status == "good" }.count >= 2
                    let validUntil = refreshed ? 15.0 : 10.0
                    #expect(within(0, validUntil - 0.5).allSatisfy { $0.stapled && $0.ocspStatus == "good" && $0.outcome == .connected },
                            "\(label) (refreshed before the outage: \(refreshed))")
                    let gone = within(validUntil + 7.5, 27)
                    #expect(gone.allSatisfy { !$0.stapled }, "\(label)")
                    failsAsEachClientSays(gone, "past nextUpdate")
                    #expect(beforeFetchTimeout.allSatisfy { !$0.stapled && $0.ocspMs != nil }, "\(label)")
                }
            }
        }
    }
}
