import Testing
import StapleCore

/// The stapling and client-cache rules the actors and the simulator share, at set times.
@Suite struct SharedRuleTests {
    @Test func lazyEntryRefreshesHourlyAndWaitsAfterAFailure() {
        var entry = LazyStapleEntry<Int>()
        // Cold: no staple, the first handshake starts the one update; the next one does not.
        #expect(entry.lookup(now: 1_000) == (nil, true))
        #expect(entry.lookup(now: 1_001) == (nil, false))
        entry.store(.good(thisUpdate: 1_002, nextUpdate: 1_002 + 7 * 86_400), payload: 7, now: 1_002, retryAfterFailure: 300)
        // max(min(nextUpdate − 5 min, now + 1 h), now + 5 min) = now + 1 h.
        #expect(entry.refreshAt == 1_002 + 3_600)
        #expect(entry.lookup(now: 4_602) == (7, false))
        #expect(entry.lookup(now: 4_603) == (7, true))
        // A failed update keeps the staple and waits 300 s.
        entry.store(.failed, payload: nil, now: 4_700, retryAfterFailure: 300)
        #expect(entry.refreshAt == 5_000)
        #expect(entry.lookup(now: 5_000) == (7, false))
        #expect(entry.lookup(now: 5_001) == (7, true))
        // A short validity refreshes 5 minutes before nextUpdate, never sooner than 5 minutes on.
        entry.store(.good(thisUpdate: 6_000, nextUpdate: 6_600), payload: 8, now: 6_000, retryAfterFailure: 300)
        #expect(entry.refreshAt == 6_300)
        entry.store(.good(thisUpdate: 7_000, nextUpdate: 7_100), payload: 9, now: 7_000, retryAfterFailure: 300)
        #expect(entry.refreshAt == 7_300)
        #expect(entry.lookup(now: 7_101).staple == nil, "expired responses are never stapled")
    }

    @Test func blockingCachesAnHourCappedAtNextUpdateAndFakesTryLater() {
        #expect(BlockingStapleRule.cache(.good(thisUpdate: 0, nextUpdate: 600), now: 10) == (.fetched, 600))
        #expect(BlockingStapleRule.cache(.good(thisUpdate: 0, nextUpdate: 86_400), now: 10) == (.fetched, 3_610))
        #expect(BlockingStapleRule.cache(.revoked, now: 10) == (.fetched, 3_610))
        #expect(BlockingStapleRule.cache(.errorStatus, now: 10) == (.fetched, 610))
        #expect(BlockingStapleRule.cache(.failed, now: 10) == (.fakeTryLater, 3_610))
        #expect(BlockingStapleRule.cache(.invalid, now: 10) == (.fakeTryLater, 3_610))
        #expect(BlockingStapleRule.isFresh(expires: 600, now: 599.9) && !BlockingStapleRule.isFresh(expires: 600, now: 600))
    }

    @Test func proactiveRefreshesAtHalfTheValidity() throws {
        let kept = try #require(ProactiveStapleRule.keep(.good(thisUpdate: 100, nextUpdate: 700), now: 120))
        #expect(kept.thisUpdate == 100 && kept.nextUpdate == 700)
        #expect(ProactiveStapleRule.refreshTime(thisUpdate: 100, nextUpdate: 700, now: 120) == 400)
        #expect(ProactiveStapleRule.keep(.revoked, now: 50).map { [$0.thisUpdate, $0.nextUpdate ?? -1] } == [50, 3_650])
        #expect(ProactiveStapleRule.keep(.errorStatus, now: 50) == nil)
        #expect(ProactiveStapleRule.isValid(nextUpdate: 700, now: 999, skew: 300))
        #expect(!ProactiveStapleRule.isValid(nextUpdate: 700, now: 1_000, skew: 300))
    }

    @Test func clientCacheKeepsUntilNextUpdateOrMaxAge() {
        #expect(ClientOCSPCacheRule.expiry(.good(nextUpdate: 5_000), now: 1_000, maxAge: nil) == 5_000)
        #expect(ClientOCSPCacheRule.expiry(.good(nextUpdate: 5_000), now: 1_000, maxAge: 600) == 1_600)
        #expect(ClientOCSPCacheRule.expiry(.revoked, now: 1_000, maxAge: nil) == 4_600)
        #expect(ClientOCSPCacheRule.expiry(.other, now: 1_000, maxAge: 600) == nil)
        #expect(ClientOCSPCacheRule.expiry(.good(nextUpdate: 900), now: 1_000, maxAge: nil) == nil)
    }

    @Test func profilesWithoutAStaple() {
        #expect(RevocationProfile.firefox.withoutStaple(mustStapleCertificate: true) == .reject)
        #expect(RevocationProfile.firefox.withoutStaple(mustStapleCertificate: false) == .check)
        #expect(RevocationProfile.chrome.withoutStaple(mustStapleCertificate: true) == .skip)
        #expect(RevocationProfile.chrome.classicAction(mustStapleCertificate: true) == .skip)
        #expect(RevocationProfile.firefox.classicAction(mustStapleCertificate: true) == .reject)
        #expect(RevocationProfile.firefox.classicAction(mustStapleCertificate: false) == .check)
        var noFallback = RevocationProfile.firefox
        noFallback.fallback = .none
        #expect(noFallback.withoutStaple(mustStapleCertificate: false) == .cannotEstablish)
        #expect(RevocationProfile.firefox.connectsWithoutStatus && !RevocationProfile.strict.connectsWithoutStatus)
    }
}
