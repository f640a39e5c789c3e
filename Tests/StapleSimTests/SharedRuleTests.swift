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

    @Test func listsAreIssuedEachIntervalAndKeptUntilTheirNextUpdate() {
        #expect(RevocationListRule.period(elapsed: 0, interval: 3_600) == 0)
        #expect(RevocationListRule.period(elapsed: 3_599.9, interval: 3_600) == 0)
        #expect(RevocationListRule.period(elapsed: 3_600, interval: 3_600) == 1)
        #expect(RevocationListRule.issued(elapsed: 7_300, interval: 3_600) == (7_200, 10_800))
        #expect(RevocationListRule.issued(elapsed: 0.5, interval: 0.2) == (0, 1), "an interval under 1 s counts as 1 s")
        #expect(RevocationListRule.isCurrent(nextUpdate: 3_600, now: 3_599.9))
        #expect(!RevocationListRule.isCurrent(nextUpdate: 3_600, now: 3_600))
        // A revocation shows up in the first list issued at or after it.
        #expect(!RevocationListRule.lists(revokedAt: 7_200.5, thisUpdate: 7_200))
        #expect(RevocationListRule.lists(revokedAt: 7_200, thisUpdate: 7_200))
        #expect(RevocationListRule.shard(ofSite: 5, shards: 4) == 1 && RevocationListRule.shard(ofSite: 5, shards: 0) == 0)
    }

    @Test func shortLivedCertificatesAreNotCheckedUnderTheThreshold() {
        let day = 86_400.0
        #expect(RevocationProfile.firefox.shortLivedAction(lifetime: 10 * day) == .skip)
        #expect(RevocationProfile.firefox.shortLivedAction(lifetime: 10 * day + 1) == .check)
        #expect(RevocationProfile.chrome.shortLivedAction(lifetime: 90 * day) == .skip)
        #expect(RevocationProfile.strict.shortLivedAction(lifetime: 3_600) == .check, "strict's threshold is 0")
        var noFallback = RevocationProfile.firefox
        noFallback.fallback = .none
        #expect(noFallback.shortLivedAction(lifetime: 90 * day) == .cannotEstablish)
    }
}
