import Foundation
import NIOCore
import Testing
import StapleCore
import StaplePKI
import StapleTLS
@testable import StapleActors

/// nginx 1.22 as the server actor, with real processes, loopback sockets and TLS: how it
/// staples (the model of the built-in `lazy` policy).
@Suite(.enabled(if: ExternalTestFixture.nginxInstalled, ExternalTestFixture.nginxMissing))
struct NginxStaplingTests {
    @Test func theFirstHandshakeIsNotStapledALaterOneIsAndOneGETFetchServesThemAll() async throws {
        let fixture = try ExternalTestFixture(slot: 10)
        let delay = Delay.seconds(1)
        let responder = fixture.responder(delay: delay)
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))

            try await ExternalTestFixture.withServer(config) { server, address async throws in
                #expect(await responder.requestCount == 0, "nginx must not fetch before a handshake asks")
                let first = try await fixture.probe(address)
                #expect(first.staple == nil, "nginx's first handshake in a worker is never stapled")
                let firstDone = Instant.now()

                // Later handshakes, until one is stapled (bounded: 10 s).
                let (stapled, unstapledAfterFirst) = try await fixture.firstStapled(address)
                let untilStapled = Instant.now().milliseconds(since: firstDone)
                // The fetch started inside the first handshake and took the responder's delay:
                // handshakes in between were not stapled, so none waited for it (one that waited
                // would have been stapled from it, as Apache's are). No bound on how long a
                // handshake takes: that is the machine's speed, not nginx's behaviour.
                #expect(unstapledAfterFirst >= 1)
                #expect(untilStapled >= delay.milliseconds - first.milliseconds - 50)
                let staple = try #require(stapled?.staple, "no staple within 10 s; nginx log:\n\(server.errorLog())")
                guard case .good = fixture.verdict(staple) else {
                    Issue.record("the staple is not a good response: \(fixture.verdict(staple))")
                    return
                }

                // One fetch, a GET (RFC 5019 style), about example.com, from nginx.
                let requests = await responder.requests
                #expect(requests.count == 1)
                #expect(requests.first?.method == "GET")
                #expect(requests.first?.hostnames == ["example.com"])
                #expect(requests.first?.answer == "good")

                // The cached response serves every later handshake: the same bytes, no new fetch.
                for _ in 0..<5 {
                    let again = try await fixture.probe(address)
                    #expect(again.staple == staple)
                }
                #expect(await responder.requestCount == 1)
                print("nginx: first handshake unstapled; \(unstapledAfterFirst) more unstapled; first staple "
                      + "\(Int(untilStapled)) ms after the first handshake ended; \(await responder.requestCount) "
                      + "responder request(s) for \(7 + unstapledAfterFirst) handshakes")
            }
        }
    }

    /// Handshakes that arrive while the fetch runs are not stapled and start no second fetch.
    @Test func concurrentFirstHandshakesAreAllUnstapledAndShareOneFetch() async throws {
        let fixture = try ExternalTestFixture(slot: 9)
        let responder = fixture.responder(delay: .seconds(2))
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))
            try await ExternalTestFixture.withServer(config) { _, address async throws in
                let results = try await fixture.concurrentProbes(address, count: 5)
                #expect(results.allSatisfy { $0.staple == nil })
                // A bound on failing (the fetch never made), not on the machine's speed.
                #expect(await ExternalTestFixture.eventually(timeout: 10) { await responder.requestCount == 1 })
                print("nginx, 5 concurrent first handshakes: " + results.map { "\(Int($0.handshakeMilliseconds)) ms" }
                        .joined(separator: ", ") + ", \(await responder.requestCount) responder request(s), none stapled")
            }
        }
    }

    @Test func eachSiteHasItsOwnStapleFetchedOnItsOwnFirstHandshake() async throws {
        let fixture = try ExternalTestFixture(slot: 11)
        let responder = fixture.responder()
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))

            try await ExternalTestFixture.withServer(config) { _, address async throws in
                _ = try await fixture.probe(address, host: "example.com")
                #expect(try await fixture.firstStapled(address).result != nil)
                // The second site's first handshake is unstapled too: its own fetch starts there.
                let second = try await fixture.probe(address, host: "second.test")
                #expect(second.staple == nil)
                let staple = try await fixture.firstStapled(address, host: "second.test").result?.staple
                let bytes = try #require(staple)
                guard case .good = fixture.verdict(bytes, host: "second.test") else {
                    Issue.record("\(fixture.verdict(bytes, host: "second.test"))")
                    return
                }
                #expect(await responder.requests.map(\.hostnames) == [["example.com"], ["second.test"]])
            }
        }
    }

    @Test func aRevokedStatusIsNeverStapledAndNotAskedForAgain() async throws {
        let fixture = try ExternalTestFixture(slot: 12)
        let responder = fixture.responder(statuses: ["example.com": .revoked(time: 1_700_000_000, reason: .keyCompromise)])
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            let config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))

            try await ExternalTestFixture.withServer(config) { server, address async throws in
                #expect(try await fixture.probe(address).staple == nil)
                #expect(await ExternalTestFixture.eventually(timeout: 5) { await responder.requestCount == 1 })
                #expect(await responder.requests.first?.answer == "revoked")
                // Handshakes over 3 s: none stapled, and nginx does not ask again (its retry window is 300 s).
                #expect(try await fixture.stapledCount(address, count: 10, spacing: 0.3) == 0)
                #expect(await responder.requestCount == 1)
                #expect(server.errorLog().contains("certificate status \"revoked\" in the OCSP response"),
                        "\(server.errorLog())")
            }
        }
    }

    /// After a failed fetch nginx waits 300 s before the next one. The test cannot wait 300 s:
    /// it shows that for several seconds after the responder is healthy again, handshakes stay
    /// unstapled and nginx asks nothing.
    @Test(arguments: [ResponderOutage.Kind.refuse, .tryLater])
    func afterAFailedFetchNginxDoesNotAskAgainEvenWhenTheResponderIsBack(outage: ResponderOutage.Kind) async throws {
        let fixture = try ExternalTestFixture(slot: outage == .refuse ? 13 : 14)
        // nginx first, pointed at a port the responder will take; the responder's outage
        // window starts when the first handshake is made, so slow start-ups do not matter.
        let port = try ExternalPortProbe.freePort(host: fixture.responderHost)
        let config = fixture.serverConfig(.nginx, responderURL: "http://\(fixture.responderHost):\(port)/")
        let window = 2.0

        try await ExternalTestFixture.withServer(config) { server, address async throws in
            let clock = PolicyClock()
            let responder = fixture.responder(port: port, outages: [ResponderOutage(kind: outage, from: 0, to: window)],
                                              clock: clock)
            try await ExternalTestFixture.withResponder(responder) { _ async throws in

                #expect(try await fixture.probe(address).staple == nil)
                let failure = outage == .refuse ? "Connection refused" : "OCSP response not successful"
                #expect(await ExternalTestFixture.eventually(timeout: 5) { server.errorLog().contains(failure) },
                        "\(server.errorLog())")
                let countAfterFailure = await responder.requestCount
                #expect(countAfterFailure == (outage == .refuse ? 0 : 1))
                // The failure in the log can only come from inside the window (refused, or tryLater):
                // no need to bound how fast it came.

                // The responder is healthy again…
                try await Task.sleep(nanoseconds: UInt64((window - clock.elapsed() + 0.2) * 1e9))
                #expect(await ExternalTestFixture.eventually(timeout: 10) {
                    ExternalPortProbe.accepts(host: fixture.responderHost, port: port)
                })
                // …but for 3 s of handshakes nginx neither staples nor asks.
                #expect(try await fixture.stapledCount(address, count: 10, spacing: 0.3) == 0)
                #expect(await responder.requestCount == countAfterFailure)
            }
        }
    }

    @Test func withTwoWorkersEachWorkerFetchesForItself() async throws {
        let fixture = try ExternalTestFixture(slot: 15)
        let responder = fixture.responder()
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))
            config.workers = 2

            try await ExternalTestFixture.withServer(config) { _, address async throws in
                // Sequential handshakes 300 ms apart: a fetch ends long before the next handshake
                // (also on a busy machine), so each worker has exactly one unstapled handshake —
                // its first — and one fetch.
                let unstapled = 12 - (try await fixture.stapledCount(address, count: 12, spacing: 0.3))
                let requests = await responder.requestCount
                #expect((1...2).contains(requests))
                #expect(unstapled == requests, "one unstapled handshake per fetching worker")
                print("nginx, 2 workers: \(unstapled) unstapled of 12 handshakes, \(requests) responder request(s)")
            }
        }
    }

    /// A leaf issued straight by the root: the response's signer (the root) is neither in
    /// the certificate file's chain nor in the response, and nginx looks for the signer only
    /// there — not in `ssl_trusted_certificate` — even with `ssl_stapling_verify off`.
    @Test(arguments: [true, false])
    func aResponseSignedByARootMissingFromTheChainIsNeverStapled(verify: Bool) async throws {
        let fixture = try ExternalTestFixture(slot: verify ? 16 : 17, intermediate: false)
        let responder = fixture.responder()
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))
            config.verify = verify
            try await ExternalTestFixture.withServer(config) { server, address async throws in
                #expect(try await fixture.firstStapled(address, timeout: 2).result == nil)
                #expect(await responder.requestCount == 1)
                #expect(server.errorLog().contains("signer certificate not found"), "\(server.errorLog())")
            }
        }
    }

    /// `ssl_stapling_verify` checks a delegated signer's chain against `ssl_trusted_certificate`:
    /// trusting another root, nginx refuses to staple with it on, staples with it off.
    @Test(arguments: [true, false])
    func verifyChecksTheSignerAgainstTheTrustedCertificate(verify: Bool) async throws {
        let fixture = try ExternalTestFixture(slot: verify ? 18 : 19, delegatedSigner: true)
        let otherRoot = try CertificateAuthority.root(name: "Another CA")
        let otherPath = fixture.folder + "/other-ca.pem"
        try otherRoot.certificate.pem().write(toFile: otherPath, atomically: true, encoding: .utf8)
        let responder = fixture.responder()
        try await ExternalTestFixture.withResponder(responder) { responderAddress async throws in
            var config = fixture.serverConfig(.nginx, responderURL: ExternalTestFixture.url(responderAddress))
            config.verify = verify
            config.trustedCertificatePath = otherPath
            try await ExternalTestFixture.withServer(config) { server, address async throws in
                let stapled = try await fixture.firstStapled(address, timeout: verify ? 2 : 10).result
                #expect(await responder.requestCount == 1)
                if verify {
                    #expect(stapled == nil)
                    #expect(server.errorLog().contains("OCSP_basic_verify() failed"), "\(server.errorLog())")
                } else {
                    // Our client trusts the real root: the response nginx did not check is good.
                    let staple = try #require(stapled?.staple, "\(server.errorLog())")
                    guard case .good = fixture.verdict(staple) else {
                        Issue.record("\(fixture.verdict(staple))")
                        return
                    }
                }
            }
        }
    }

    /// Without a responder URL override, the server asks the URL in the certificate's AIA.
    @Test func withoutAnOverrideItAsksTheResponderNamedInTheCertificate() async throws {
        let (fixture, port) = try ExternalTestFixture.withAIAResponder(slot: 8)
        let responder = fixture.responder(port: port)
        try await ExternalTestFixture.withResponder(responder) { _ async throws in
            let config = fixture.serverConfig(.nginx, responderURL: nil)
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
