import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
import StapleTLS
@testable import StapleActors

/// Apache httpd 2.4 (mod_ssl) as the server actor, with real processes, loopback sockets and
/// TLS: how it staples (the model of the built-in `blocking` policy).
@Suite(.enabled(if: ExternalTestFixture.apacheInstalled, ExternalTestFixture.apacheMissing))
struct ApacheStaplingTests {
    @Test func theFirstHandshakeIsStapledBecauseItWaitsForTheFetch() async throws {
        let fixture = try ExternalTestFixture(slot: 20)
        let delay = Delay.milliseconds(500)
        let responder = fixture.responder(delay: delay)
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            try await ExternalTestFixture.withServer(config) { server, address async throws in
                #expect(await responder.requestCount == 0, "Apache must not fetch before a handshake asks")
                let first = try await fixture.probe(address)
                let staple = try #require(first.staple, "Apache's first handshake is stapled; log:\n\(server.errorLog())")
                guard case .good = fixture.verdict(staple) else {
                    Issue.record("the staple is not a good response: \(fixture.verdict(staple))")
                    return
                }
                // The fetch ran inside the handshake: it took at least the responder's delay.
                #expect(first.handshakeMilliseconds >= delay.milliseconds)
                let requests = await responder.requests
                #expect(requests.count == 1)
                #expect(requests.first?.method == "POST")
                #expect(requests.first?.hostnames == ["example.com"])

                // Later handshakes are stapled from the shared cache, without the delay.
                var later: [Double] = []
                for _ in 0..<5 {
                    let again = try await fixture.probe(address)
                    #expect(again.staple == staple)
                    later.append(again.handshakeMilliseconds)
                }
                let baseline = ExternalTestFixture.median(later)
                // Halfway to the wrong answer (a later handshake that waited the delay too), on the
                // fastest: a busy machine slows some handshakes, never removes the delay from the first.
                #expect(later.min()! < first.handshakeMilliseconds - delay.milliseconds / 2,
                        "first \(first.handshakeMilliseconds) ms, later \(later) ms")
                #expect(await responder.requestCount == 1)
                print("apache: first handshake stapled after \(Int(first.handshakeMilliseconds)) ms "
                      + "(responder delay \(delay)), later ones \(String(format: "%.1f", baseline)) ms (median), "
                      + "\(await responder.requestCount) responder request(s) for 6 handshakes")
            }
        }
    }

    /// Handshakes that arrive while a fetch runs wait for it (one global refresh mutex) and
    /// are stapled from it: one fetch for all of them.
    @Test func concurrentFirstHandshakesWaitForOneSharedFetch() async throws {
        let fixture = try ExternalTestFixture(slot: 29)
        let delay = Delay.milliseconds(500)
        let responder = fixture.responder(delay: delay)
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            try await ExternalTestFixture.withServer(config) { _, address async throws in
                let results = try await fixture.concurrentProbes(address, count: 5)
                #expect(results.allSatisfy { $0.staple != nil && $0.staple == results[0].staple })
                #expect(await responder.requestCount == 1)
                print("apache, 5 concurrent first handshakes: " + results.map { "\(Int($0.handshakeMilliseconds)) ms" }
                        .joined(separator: ", ") + ", \(await responder.requestCount) responder request(s)")
            }
        }
    }

    /// With the responder down, mod_ssl makes up a tryLater response and staples it
    /// (`SSLStaplingFakeTryLater`), then keeps serving it from its cache without asking again.
    @Test(arguments: [ResponderOutage.Kind.hang, .refuse])
    func withTheResponderDownApacheStaplesTryLater(outage: ResponderOutage.Kind) async throws {
        let fixture = try ExternalTestFixture(slot: outage == .hang ? 21 : 22)
        let timeout = Delay.seconds(2)
        let responder = fixture.responder(outages: [ResponderOutage(kind: outage, from: 0, to: 3600)])
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            config.responderTimeout = timeout
            try await ExternalTestFixture.withServer(config) { server, address async throws in
                let first = try await fixture.probe(address)
                let staple = try #require(first.staple, "expected a tryLater staple; log:\n\(server.errorLog())")
                #expect(fixture.verdict(staple) == .rejected(.errorStatus(.tryLater)))
                #expect(staple == OCSPResponder.errorResponse(.tryLater), "a bare tryLater OCSPResponse")
                if outage == .hang {
                    #expect(first.handshakeMilliseconds >= timeout.milliseconds * 0.95,
                            "the handshake waited for SSLStaplingResponderTimeout")
                    #expect(await responder.requestCount == 1)
                } else {
                    #expect(await responder.requestCount == 0)
                }
                #expect(server.errorLog().contains("stapling_renew_response: responder error"), "\(server.errorLog())")

                // The made-up tryLater sits in the error cache: the next handshake gets it at once.
                let countAfterFirst = await responder.requestCount
                let second = try await fixture.probe(address)
                #expect(second.staple == staple)
                #expect(await responder.requestCount == countAfterFirst)
                // Not a second wait for the hung responder: that would be a second request (the
                // responder counts a hung one as it arrives) and a second renew error in the log.
                #expect(server.errorLog().components(separatedBy: "stapling_renew_response: responder error").count == 2,
                        "one renew error: \(server.errorLog())")
                print("apache, responder \(outage): first handshake \(Int(first.handshakeMilliseconds)) ms with a "
                      + "tryLater staple, second \(String(format: "%.1f", second.handshakeMilliseconds)) ms from the "
                      + "cache, \(await responder.requestCount) responder request(s)")
            }
        }
    }

    /// A tryLater the responder really sent is kept for `SSLStaplingErrorCacheTimeout`:
    /// stapled (ReturnResponderErrors on) or withheld (off), without a new fetch, until it expires.
    @Test(arguments: [true, false])
    func aRealTryLaterIsKeptForTheErrorCacheTimeoutThenAGoodOneIsFetched(returnErrors: Bool) async throws {
        let fixture = try ExternalTestFixture(slot: returnErrors ? 23 : 24)
        let port = try ExternalPortProbe.freePort(host: fixture.responderHost)
        var config = fixture.serverConfig(.apache, responderURL: "http://\(fixture.responderHost):\(port)/")
        let errorCache = Delay.seconds(4)
        config.errorCacheTimeout = errorCache
        config.returnResponderErrors = returnErrors
        let tryLater = returnErrors ? OCSPResponder.errorResponse(.tryLater) : nil
        try await ExternalTestFixture.withServer(config) { _, address async throws in
            // The responder answers tryLater for its first second, good afterwards.
            let responder = fixture.responder(port: port, outages: [ResponderOutage(kind: .tryLater, from: 0, to: 1)])
            try await ExternalTestFixture.withResponder(responder) { _ async throws in
                let fetched = Instant.now()
                let first = try await fixture.probe(address)
                #expect(first.staple == tryLater)
                #expect(await responder.requests.map(\.answer) == ["tryLater"])

                // After the outage, but inside the error cache time: the same answer, no fetch.
                // Apache stored the answer after `fetched` and looked it up before the second
                // probe ended: if that end is under the error cache time after `fetched`, the
                // lookup surely fell inside it. A machine slow enough to miss that proves nothing
                // about the cache (either answer is right then): the check is made when it is sound.
                try await Task.sleep(nanoseconds: 1_200_000_000)
                let second = try await fixture.probe(address)
                let secondEnd = Instant.now()
                if secondEnd.milliseconds(since: fetched) < errorCache.milliseconds {
                    #expect(second.staple == tryLater)
                    #expect(await responder.requestCount == 1)
                } else {
                    print("apache error cache: the second probe ended \(Int(secondEnd.milliseconds(since: fetched))) ms "
                          + "after the first fetch, past the \(errorCache) error cache: not checked inside it")
                }

                // Once the error cache entry expired: a new fetch inside the handshake, a good staple.
                // Probe until it comes (Apache's clock and ours differ by the fetch's own time), and
                // check it came no earlier than the error cache timeout after the first fetch.
                var good: Instant?
                let deadline = fetched.adding(seconds: errorCache.seconds + 15)
                while good == nil && Instant.now() < deadline {
                    try await Task.sleep(nanoseconds: 250_000_000)
                    let start = Instant.now()
                    let probe = try await fixture.probe(address)
                    if let staple = probe.staple, case .good = fixture.verdict(staple) {
                        good = start
                    } else {
                        #expect(probe.staple == tryLater, "until it expires, the cached tryLater (or nothing)")
                    }
                }
                let goodAt = try #require(good, "no good staple within 15 s after the error cache timeout")
                #expect(goodAt.adding(seconds: 0.5).milliseconds(since: fetched) >= errorCache.milliseconds,
                        "a good staple \(goodAt.milliseconds(since: fetched)) ms after the first fetch; the error cache keeps \(errorCache)")
                #expect(await responder.requests.map(\.answer) == ["tryLater", "good"])
            }
        }
    }

    /// mod_ssl caches the tryLater it made up itself as if it were a good response: for
    /// `SSLStaplingStandardCacheTimeout`, not for the (shorter) error cache timeout.
    @Test func aMadeUpTryLaterIsKeptForTheStandardCacheTimeout() async throws {
        let fixture = try ExternalTestFixture(slot: 25)
        let responder = fixture.responder(outages: [ResponderOutage(kind: .hang, from: 0, to: 3600)])
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            config.responderTimeout = .seconds(1)
            config.errorCacheTimeout = .seconds(1)
            // Six seconds: room for a loaded machine's slow first probe before the second one's check.
            let standard = Delay.seconds(6)
            config.standardCacheTimeout = standard
            try await ExternalTestFixture.withServer(config) { _, address async throws in
                let firstStart = Instant.now()
                let first = try await fixture.probe(address)
                let stored = Instant.now()
                #expect(first.staple == OCSPResponder.errorResponse(.tryLater))
                #expect(await responder.requestCount == 1)

                // Past the error cache timeout: still served from the cache, no fetch. (Apache
                // stored it after `firstStart`; it looked it up before the second probe ended: the
                // check is sound while that end is under the standard timeout after `firstStart`.)
                try await Task.sleep(nanoseconds: 1_800_000_000)
                let second = try await fixture.probe(address)
                #expect(second.staple == OCSPResponder.errorResponse(.tryLater))
                guard Instant.now().milliseconds(since: firstStart) < standard.milliseconds else {
                    print("apache standard cache: the second probe ended past the \(standard) standard cache: not checked")
                    return
                }
                #expect(await responder.requestCount == 1, "served from the cache: no fetch")

                // Past the standard cache timeout: fetched again (and the handshake waits again).
                let remaining = standard.seconds - Instant.now().milliseconds(since: stored) / 1000 + 0.3
                try await Task.sleep(nanoseconds: UInt64(max(remaining, 0) * 1e9))
                let third = try await fixture.probe(address)
                #expect(third.staple == OCSPResponder.errorResponse(.tryLater))
                #expect(await responder.requestCount == 2, "fetched again once, whenever the second probe came")
                #expect(third.handshakeMilliseconds >= 950)
            }
        }
    }

    /// With `SSLStaplingReturnResponderErrors off` and the responder down, the made-up
    /// tryLater is still stapled, and it is never served from the cache: every handshake
    /// fetches again and waits for the responder timeout.
    @Test func withReturnResponderErrorsOffEveryHandshakeWaitsForTheDownResponder() async throws {
        let fixture = try ExternalTestFixture(slot: 26)
        let responder = fixture.responder(outages: [ResponderOutage(kind: .hang, from: 0, to: 3600)])
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            config.responderTimeout = .seconds(1)
            config.returnResponderErrors = false
            try await ExternalTestFixture.withServer(config) { _, address async throws in
                var times: [Double] = []
                for attempt in 1...3 {
                    let result = try await fixture.probe(address)
                    #expect(result.staple == OCSPResponder.errorResponse(.tryLater))
                    #expect(await responder.requestCount == attempt)
                    times.append(result.handshakeMilliseconds)
                }
                #expect(times.allSatisfy { $0 >= 950 }, "\(times)")
            }
        }
    }

    /// mod_ssl 2.4.71 treats a signed `revoked` answer as a valid response: it staples it and
    /// caches it like a good one, whether ReturnResponderErrors is on or off.
    @Test(arguments: [true, false])
    func aRevokedStatusIsStapledWhateverReturnResponderErrorsSays(returnErrors: Bool) async throws {
        let fixture = try ExternalTestFixture(slot: returnErrors ? 27 : 28)
        let revoked = CertStatus.revoked(time: 1_700_000_000, reason: .keyCompromise)
        let responder = fixture.responder(statuses: ["example.com": revoked])
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.apache, responderURL: ExternalTestFixture.url(responderAddress))
            config.returnResponderErrors = returnErrors
            try await ExternalTestFixture.withServer(config) { server, address async throws in
                for _ in 0..<2 {
                    let result = try await fixture.probe(address)
                    let staple = try #require(result.staple)
                    #expect(fixture.verdict(staple) == .revoked(time: 1_700_000_000, reason: .keyCompromise))
                }
                #expect(await responder.requests.map(\.answer) == ["revoked"])
                #expect(server.errorLog().contains("response has certificate status revoked"), "\(server.errorLog())")
                // The other site is good and stapled.
                let other = try await fixture.probe(address, host: "second.test")
                let staple = try #require(other.staple)
                guard case .good = fixture.verdict(staple, host: "second.test") else {
                    Issue.record("\(fixture.verdict(staple, host: "second.test"))")
                    return
                }
            }
        }
    }

    /// Without a responder URL override, the server asks the URL in the certificate's AIA.
    @Test func withoutAnOverrideItAsksTheResponderNamedInTheCertificate() async throws {
        let (fixture, port) = try ExternalTestFixture.withAIAResponder(slot: 30)
        let responder = fixture.responder(port: port)
        try await ExternalTestFixture.withResponder(responder) { _ async throws in
            let config = fixture.serverConfig(.apache, responderURL: nil)
            try await ExternalTestFixture.withServer(config) { _, address async throws in
                let staple = try #require(try await fixture.firstStapled(address).result?.staple)
                guard case .good = fixture.verdict(staple) else {
                    Issue.record("\(fixture.verdict(staple))")
                    return
                }
                #expect(await responder.requests.map(\.hostnames) == [["example.com"]])
            }
        }
    }
}
