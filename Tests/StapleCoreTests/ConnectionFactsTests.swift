import Testing
@testable import StapleCore

/// A connection's facts are read from its typed events only, never from their detail text.
@Suite struct ConnectionFactsTests {
    let alice = Party.client("Alice"), own = ConnectionID(7)

    func event(_ ms: UInt64, _ kind: EventKind, _ payload: EventPayload = .none, detail: String = "") -> TraceEvent {
        TraceEvent(time: Instant(nanoseconds: ms * 1_000_000), party: alice, kind: kind, connection: own,
                   detail: detail, payload: payload)
    }

    @Test func noEventsMeanNoStatusNoStapleNoVersionNoVerdict() {
        let facts = ConnectionFacts([])
        #expect(facts.status == "none")
        #expect(facts.statusSource == "")
        #expect(facts.stapled == false)
        #expect(facts.tlsVersion == "")
        #expect(facts.accepted == nil)
        #expect(facts.verdict == "")
    }

    @Test func aStapledConnectionsFactsComeFromItsEventsInTimeOrder() {
        // Given out of order: the latest status-decided wins.
        let facts = ConnectionFacts([
            event(9, .statusDecided, .status("good", source: "staple")),
            event(2, .stapleReceived),
            event(5, .handshakeComplete, .handshake(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256")),
            event(4, .verifyEnd, .decision(accepted: true, note: "good")),
            event(1, .statusDecided, .status("unreachable:timeout", source: "fetched")),
        ])
        #expect(facts.status == "good")
        #expect(facts.statusSource == "staple")
        #expect(facts.stapled)
        #expect(facts.tlsVersion == "TLSv1.3")
        #expect(facts.accepted == true)
        #expect(facts.verdict == "good")
    }

    @Test func detailTextIsNeverRead() {
        let facts = ConnectionFacts([
            event(1, .handshakeComplete, detail: "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256"),
            event(2, .verifyEnd, detail: "reject: revoked"),
            event(3, .statusDecided, detail: "revoked (staple)"),
        ])
        #expect(facts.tlsVersion == "")
        #expect(facts.accepted == nil)
        #expect(facts.status == "none")
    }

    @Test func aRealClientsReportedVersionAndARejection() {
        let facts = ConnectionFacts([
            event(1, .verifyEnd, .decision(accepted: false, note: "revoked (keyCompromise)")),
            event(2, .tlsVersionReported, .handshake(version: "TLSv1.2", cipher: "")),
        ])
        #expect(facts.tlsVersion == "TLSv1.2")
        #expect(facts.accepted == false)
        #expect(facts.verdict == "revoked (keyCompromise)")
        #expect(facts.stapled == false)
    }
}
