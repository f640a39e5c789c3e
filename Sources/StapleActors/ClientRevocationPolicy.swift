import NIOCore
import StapleCore
import StaplePKI
import StapleTLS

/// How a ``ClientActor`` decides on a server certificate's status, from its mode (what the run
/// compares) and its profile (how this browser behaves):
///
/// - `none`: no staple asked for, nothing checked.
/// - `classic`: after the certificate arrives the handshake pauses; the client resolves the
///   responder's name from the AIA URL, fetches (POST or GET), verifies, and resumes or fails.
///   A fresh cached answer skips the fetch. A must-staple certificate (which came without a
///   staple: a classic server staples nothing) fails at once when the profile enforces it.
/// - `stapled`: the client asks for a staple and verifies it. A good staple is enough (for a
///   whole-chain check, the intermediates are still fetched); a revoked one fails; an invalid
///   one (bad signature, another certificate, expired) fails; a staple that is only a responder
///   error (tryLater) counts as no staple. Without a staple: a must-staple certificate fails
///   when the profile enforces it; otherwise the profile's fallback applies (fetch as in classic,
///   or carry on without a status).
///
/// - `crl`: the client downloads the CRL named by the leaf's CRL distribution point (unless it
///   holds one whose nextUpdate has not come), and OpenSSL checks the chain against it
///   (signature, dates, shard scope, serial): listed is a failure; a list it cannot get or
///   rely on is "cannot establish". Every profile does this in `crl` mode (the mode is what
///   the run compares); the profile gives the timeout, soft/hard-fail and caching. A leaf-only
///   profile (`check: leaf`: Firefox and Chrome, which cover intermediates with pushed lists,
///   OneCRL and CRLSets) checks the leaf's list; a whole-chain one (`check: chain`) also
///   downloads each intermediate's (the root's list), one after the other, and OpenSSL checks
///   every certificate (`X509_V_FLAG_CRL_CHECK_ALL`).
/// - `short-lived`: a leaf whose lifetime (notAfter − notBefore) is at most the profile's
///   threshold is accepted with no check at all; a longer-lived one falls back as the
///   profile says (`fallback: classic`: ask the responder; `none`: cannot establish;
///   no online OCSP: accept unchecked).
///
/// - `pushed`: the client checks the leaf's serial against its copy of the pushed set (a
///   signed list of every revoked serial; exact, no false positives), downloaded once before
///   its first check and again in the background once its copy is past its nextUpdate (the
///   handshake that notices does not wait, and still uses the old copy).
///
/// When the status cannot be established (timeout, refused, error status, unknown) a
/// soft-fail profile connects anyway and a hard-fail profile refuses. In every mode a leaf
/// past its notAfter on the scenario clock is refused (OpenSSL only sees the wall clock).
struct ClientRevocationPolicy: CertificateStatusPolicy {
    let mode: RevocationMode
    let profile: RevocationProfile
    let verifier: OCSPVerifier
    let fetcher: OCSPFetcher
    let cache: ClientOCSPCache?
    let crlVerifier: CRLVerifier
    let crlCache: ClientCRLCache?
    let pushedSet: ClientPushedSet
    let pushURL: String?
    let clock: PolicyClock
    /// What the check concluded (read once by the actor to write `client.status-decided`).
    let report: ClientCheckState

    var requestsStaple: Bool { mode == .stapled }

    func evaluate(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
        // OpenSSL checks the dates on the wall clock, which a scaled scenario outruns: a leaf
        // past its notAfter on the scenario clock is refused here, in every mode (so a
        // short-lived certificate's exposure ends with its lifetime).
        if clock.now() >= peer.leaf.notAfter {
            report.update { $0.status = "expired" }
            return .decided(.reject("certificate expired (notAfter \(HTTPDate.format(peer.leaf.notAfter)), scenario time)"))
        }
        switch mode {
        case .none:
            return .decided(.accept("no check"))
        case .classic:
            return classic(peer)
        case .stapled:
            return stapled(peer)
        case .crl:
            return crl(peer, connection: connection)
        case .shortLived:
            return shortLived(peer)
        case .pushed:
            return pushed(peer, connection: connection)
        }
    }

    private func pushed(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
        guard let pushURL else {
            report.update { $0.status = "no-pushed-set" }
            return .decided(cannotEstablish("no pushed revocation set is published"))
        }
        guard let set = pushedSet.current else { return .fetch } // the first download, before the first check
        if pushedSet.claimRefresh(now: clock.now()) {
            // In the background, as a browser's scheduled update: this handshake does not wait.
            downloadPushedSet(pushURL, connection: .none, on: connection.eventLoop).whenComplete { _ in }
        }
        return .decided(decidePushed(peer, set, source: "pushed-set", connection: connection))
    }

    /// Downloads the set, keeps it when a trusted root signed it; nil when it could not.
    private func downloadPushedSet(_ url: String, connection: ConnectionID,
                                   on loop: any EventLoop) -> EventLoopFuture<RevocationList?> {
        fetcher.downloadCRL(url: url, timeout: profile.timeout, connection: connection, on: loop)
            .map { response -> RevocationList? in
                guard let set = try? RevocationList(der: response.body),
                      crlVerifier.trust.roots.contains(where: { set.isSigned(by: $0) }) else { return nil }
                return set
            }
            .recover { _ in nil }
            .map { set in
                self.pushedSet.store(set)
                return set
            }
    }

    /// A local lookup in the pushed set.
    private func decidePushed(_ peer: PeerCertificates, _ set: RevocationList, source: String,
                              connection: TLSConnectionContext) -> StatusDecision {
        let start = Instant.now()
        let listed = set.listsSerial(of: peer.leaf)
        connection.trace.record(connection.party, .crlVerifyStart, connection: connection.connection, at: start)
        connection.record(.crlVerified, detail: listed ? "revoked" : "good")
        report.update { $0.status = listed ? "revoked" : "good"; $0.source = source }
        return listed ? .reject("revoked (\(source))") : .accept("good (\(source))")
    }

    private func shortLived(_ peer: PeerCertificates) -> StatusEvaluation {
        let lifetime = peer.leaf.notAfter - peer.leaf.notBefore
        if lifetime <= profile.shortLivedThreshold.seconds {
            report.update { $0.status = "short-lived"; $0.source = "lifetime" }
            return .decided(.accept("short-lived (\(Delay(seconds: lifetime)) ≤ \(profile.shortLivedThreshold)): no check"))
        }
        switch profile.shortLivedAction(lifetime: lifetime) {
        case .check: return classic(peer)
        case .cannotEstablish: return .decided(cannotEstablish("not short-lived (\(Delay(seconds: lifetime))) and no fallback"))
        case .skip, .reject: return .decided(.accept("no online OCSP (\(profile.base.rawValue))"))
        }
    }

    private func crl(_ peer: PeerCertificates, connection: TLSConnectionContext) -> StatusEvaluation {
        guard peer.leaf.crlURLs.first != nil else {
            report.update { $0.status = "no-crl-url" }
            return .decided(cannotEstablish("the certificate names no CRL distribution point"))
        }
        let urls = crlURLs(peer)
        if let crlCache {
            let cached = urls.compactMap { crlCache.list(for: $0, now: clock.now()) }
            if cached.count == urls.count {
                return .decided(decide(check(peer, against: cached, connection: connection), source: "cached-crl"))
            }
        }
        return .fetch
    }

    /// The CRLs to check, in chain order: the leaf's distribution point, and with a whole-chain
    /// check (`check: chain`) each intermediate's (the list its issuer, the root, publishes).
    private func crlURLs(_ peer: PeerCertificates) -> [String] {
        let leaf = peer.leaf.crlURLs.first.map { [$0] } ?? []
        guard profile.check == .chain else { return leaf }
        return leaf + peer.chain.dropFirst().filter { !$0.isSelfSigned }.compactMap(\.crlURLs.first)
    }

    /// Downloads every list the chain needs (one after the other, a fresh one held in the cache
    /// is used instead), checks the chain against them, keeps each until its nextUpdate.
    private func fetchCRL(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
        let urls = crlURLs(peer)
        return lists(urls[...], got: [], connection: connection)
            .map { lists -> StatusDecision in
                guard let lists else {
                    connection.record(.crlVerified, detail: CRLRejection.malformed.code)
                    return self.decide(.rejected(.malformed), source: "crl")
                }
                let verdict = self.check(peer, against: lists, connection: connection)
                switch verdict {
                case .good, .revoked: for (url, list) in zip(urls, lists) { self.crlCache?.store(list, for: url) }
                case .rejected: break
                }
                return self.decide(verdict, source: "crl")
            }
            .recover { error in
                let why = (error as? OCSPFetchError) ?? .other("\(error)")
                self.report.update { $0.status = "unreachable:\(why.code)"; $0.source = "crl" }
                return self.cannotEstablish("no CRL: \(why)")
            }
    }

    /// The lists at `urls`, cached or downloaded in order; nil when one is not a CRL.
    private func lists(_ urls: ArraySlice<String>, got: [RevocationList],
                       connection: TLSConnectionContext) -> EventLoopFuture<[RevocationList]?> {
        guard let url = urls.first else { return connection.eventLoop.makeSucceededFuture(got) }
        if let cached = crlCache?.list(for: url, now: clock.now()) {
            return lists(urls.dropFirst(), got: got + [cached], connection: connection)
        }
        return fetcher.downloadCRL(url: url, timeout: profile.timeout, connection: connection.connection,
                                   on: connection.eventLoop)
            .flatMap { response in
                guard let list = try? RevocationList(der: response.body) else {
                    return connection.eventLoop.makeSucceededFuture(nil)
                }
                return self.lists(urls.dropFirst(), got: got + [list], connection: connection)
            }
    }

    /// OpenSSL's CRL check of the chain, timed in the trace: every certificate of the chain
    /// (`X509_V_FLAG_CRL_CHECK_ALL`) when more than the leaf's list is given, else the leaf.
    private func check(_ peer: PeerCertificates, against lists: [RevocationList],
                       connection: TLSConnectionContext) -> CRLVerdict {
        let start = Instant.now()
        var verifier = crlVerifier
        verifier.wholeChain = lists.count > 1
        let verdict = verifier.verify(chain: peer.chain, crls: lists, now: clock.now())
        connection.trace.record(connection.party, .crlVerifyStart, connection: connection.connection, at: start)
        connection.record(.crlVerified, detail: verdict.statusName)
        return verdict
    }

    /// A CRL verdict as a decision.
    private func decide(_ verdict: CRLVerdict, source: String) -> StatusDecision {
        switch verdict {
        case .good:
            report.update { $0.status = "good"; $0.source = source }
            return .accept("good (\(source))")
        case .revoked(_, let reason):
            report.update { $0.status = "revoked"; $0.source = source }
            return .reject(reason.map { "revoked (\($0.name)) (\(source))" } ?? "revoked (\(source))")
        case .rejected(let why):
            report.update { $0.status = why.code; $0.source = source }
            return cannotEstablish("\(why)")
        }
    }

    private func classic(_ peer: PeerCertificates) -> StatusEvaluation {
        switch profile.classicAction(mustStapleCertificate: peer.leaf.mustStaple) {
        case .reject:
            // A must-staple certificate without a staple: refused before asking anyone.
            report.update { $0.status = "no-staple" }
            return .decided(.reject("no staple for a must-staple certificate"))
        case .skip, .cannotEstablish:
            return .decided(.accept("no online OCSP (\(profile.base.rawValue))"))
        case .check:
            if let decided = fromCache(targets(peer)) { return .decided(decided) }
            return .fetch
        }
    }

    private func stapled(_ peer: PeerCertificates) -> StatusEvaluation {
        if let staple = peer.staple, let issuer = peer.issuer {
            let verdict = verifier.verify(staple, certificate: peer.leaf, issuer: issuer, now: clock.now())
            switch verdict {
            case .good:
                report.update { $0.status = "good"; $0.source = "staple"; $0.leafFromStaple = true }
                let rest = remainingTargets(peer)
                if rest.isEmpty { return .decided(.accept("good (staple)")) }
                if let decided = fromCache(rest) { return .decided(decided) }
                return profile.onlineOCSP ? .fetch : .decided(.accept("good (staple)"))
            case .revoked(_, let reason):
                report.update { $0.status = "revoked"; $0.source = "staple" }
                return .decided(.reject(reason.map { "revoked (\($0.name)) (staple)" } ?? "revoked (staple)"))
            case .unknown:
                report.update { $0.status = "unknown"; $0.source = "staple" }
                return .decided(cannotEstablish("the staple says unknown"))
            case .rejected(.errorStatus(let status)):
                // A stapled responder error (Apache's tryLater) is no status at all: as if no staple.
                report.update { $0.status = "staple-\(status)" ; $0.source = "staple" }
                return withoutStaple(peer)
            case .rejected(let why):
                report.update { $0.status = "invalid-staple:\(why.code)"; $0.source = "staple" }
                return .decided(.reject("invalid staple: \(why)"))
            }
        }
        return withoutStaple(peer)
    }

    private func withoutStaple(_ peer: PeerCertificates) -> StatusEvaluation {
        switch profile.withoutStaple(mustStapleCertificate: peer.leaf.mustStaple) {
        case .reject:
            report.update { $0.status = "no-staple" }
            return .decided(.reject("no staple for a must-staple certificate"))
        case .skip:
            return .decided(.accept("no online OCSP (\(profile.base.rawValue))"))
        case .check:
            if let decided = fromCache(targets(peer)) { return .decided(decided) }
            return .fetch
        case .cannotEstablish:
            return .decided(cannotEstablish("no staple"))
        }
    }

    func fetch(_ peer: PeerCertificates, connection: TLSConnectionContext) -> EventLoopFuture<StatusDecision> {
        if mode == .crl { return fetchCRL(peer, connection: connection) }
        if mode == .pushed, let pushURL {
            return downloadPushedSet(pushURL, connection: connection.connection, on: connection.eventLoop)
                .map { set -> StatusDecision in
                    guard let set else {
                        self.report.update { $0.status = "no-pushed-set"; $0.source = "pushed-set" }
                        return self.cannotEstablish("could not download a signed revocation set")
                    }
                    return self.decidePushed(peer, set, source: "pushed-set", connection: connection)
                }
        }
        return checkInOrder(remainingTargets(peer)[...], done: [], connection: connection)
            .map { self.combine($0, source: "fetched") }
    }

    /// One certificate after the other: a whole-chain check costs one exchange per certificate.
    private func checkInOrder(_ list: ArraySlice<Target>, done: [Outcome],
                              connection: TLSConnectionContext) -> EventLoopFuture<[Outcome]> {
        guard let target = list.first else { return connection.eventLoop.makeSucceededFuture(done) }
        let next: EventLoopFuture<Outcome>
        if let cached = cache?.verdict(for: target.certificate.serialHex, now: clock.now()) {
            next = connection.eventLoop.makeSucceededFuture(.verdict(cached))
        } else {
            next = fetchOne(target, connection: connection)
        }
        return next.flatMap { outcome in
            self.checkInOrder(list.dropFirst(), done: done + [outcome], connection: connection)
        }
    }

    /// What one certificate's check gave: a verdict, or no answer at all.
    enum Outcome: Sendable {
        case verdict(OCSPVerdict)
        case unreachable(OCSPFetchError)

        var description: String {
            switch self {
            case .verdict(let verdict): return verdict.description
            case .unreachable(let error): return error.description
            }
        }

        var statusName: String {
            switch self {
            case .verdict(let verdict): return verdict.statusName
            case .unreachable(let error): return "unreachable:\(error.code)"
            }
        }
    }

    private func fetchOne(_ target: Target, connection: TLSConnectionContext) -> EventLoopFuture<Outcome> {
        let loop = connection.eventLoop
        let request: OCSPRequest
        do {
            request = try OCSPRequest(certificate: target.certificate, issuer: target.issuer)
        } catch {
            return loop.makeSucceededFuture(.unreachable(.other("cannot build the OCSP request: \(error)")))
        }
        let url = target.certificate.ocspURLs.first ?? ""
        return fetcher.fetch(request, url: url, method: profile.method, timeout: profile.timeout,
                             connection: connection.connection, on: loop)
            .map { response -> Outcome in
                let start = Instant.now()
                let verdict = self.verifier.verify(response.body, certificate: target.certificate, issuer: target.issuer,
                                                   request: request, now: self.clock.now())
                connection.trace.record(connection.party, .ocspVerifyStart, connection: connection.connection, at: start)
                connection.record(.ocspResponseVerified, detail: verdict.statusName,
                                  payload: .ocspVerdict(status: verdict.statusName))
                self.cache?.store(verdict, for: target.certificate.serialHex, now: self.clock.now(), maxAge: response.maxAge)
                return .verdict(verdict)
            }
            .recover { error in .unreachable((error as? OCSPFetchError) ?? .other("\(error)")) }
    }

    /// Folds the verdicts of every checked certificate into one decision.
    private func combine(_ outcomes: [Outcome], source: String) -> StatusDecision {
        if let revoked = outcomes.first(where: { if case .verdict(.revoked) = $0 { return true } else { return false } }) {
            report.update { $0.status = "revoked"; $0.source = source }
            return .reject(revoked.description)
        }
        if let problem = outcomes.first(where: { if case .verdict(.good) = $0 { return false } else { return true } }) {
            report.update { if $0.source.isEmpty || !$0.leafFromStaple { $0.status = problem.statusName; $0.source = source } }
            return cannotEstablish(problem.description)
        }
        report.update { state in
            if !state.leafFromStaple { state.status = "good"; state.source = source }
        }
        return .accept(report.current.leafFromStaple ? "good (staple, chain \(source))" : "good (\(source))")
    }

    /// Soft-fail carries on, hard-fail refuses.
    private func cannotEstablish(_ reason: String) -> StatusDecision {
        guard profile.connectsWithoutStatus else { return .reject(reason) }
        report.update { $0.softFailReason = reason }
        return .accept("soft-fail: \(reason)")
    }

    /// A decision from cached answers only, when every target has one.
    private func fromCache(_ list: [Target]) -> StatusDecision? {
        guard let cache, profile.cache else { return nil }
        var outcomes: [Outcome] = []
        for target in list {
            guard let verdict = cache.verdict(for: target.certificate.serialHex, now: clock.now()) else { return nil }
            outcomes.append(.verdict(verdict))
        }
        return combine(outcomes, source: "cached")
    }

    struct Target {
        let certificate: Certificate
        let issuer: Certificate
    }

    /// The certificates to check: the leaf, and with a whole-chain check every intermediate.
    private func targets(_ peer: PeerCertificates) -> [Target] {
        let chain = peer.chain
        guard chain.count >= 2 else { return [] }
        let last = profile.check == .chain ? chain.count - 2 : 0
        return (0...last).map { Target(certificate: chain[$0], issuer: chain[$0 + 1]) }
    }

    /// The targets still to check (the leaf is done when a good staple covered it).
    private func remainingTargets(_ peer: PeerCertificates) -> [Target] {
        let all = targets(peer)
        return report.current.leafFromStaple ? Array(all.dropFirst()) : all
    }
}

extension EventKind {
    /// A client starts checking a fetched OCSP response (signature, CertID, dates).
    public static let ocspVerifyStart = EventKind("ocsp.verify-start")
    /// A client finished checking a fetched OCSP response (detail: the verdict).
    public static let ocspResponseVerified = EventKind("ocsp.response-verified")
}
