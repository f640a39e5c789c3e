import NIOCore
import NIOHTTP1
import StapleCore
import StaplePKI

extension ResponderCore {
    /// Answers `GET /crl/N.crl`: the shard's current list as `application/pkix-crl`, cacheable
    /// until its nextUpdate. Outage windows apply as to OCSP (hang, refuse, slow; tryLater is
    /// an HTTP 503, internalError a 500, malformed bytes are HTML). The request is logged; the
    /// CA learns the requester's address and which shard it wanted, never a hostname.
    func crlReply(shard index: Int, store: CRLStore, requester: String, received: Instant) -> Reply? {
        let outage = currentOutage()
        var reply: Reply?
        defer {
            let entry = ResponderRequest(time: received, requester: requester, method: "GET", hostnames: [], serials: [],
                                         answer: reply?.answer ?? "no answer", bytes: reply?.body.count ?? 0,
                                         outage: outage?.kind)
            log.withLock { $0.append(entry) }
            trace.record(party, .crlResponseSent, bytes: entry.bytes,
                         detail: "GET \(store.publication.shards[index].path) from \(requester): \(entry.answer)", at: .now())
        }
        observeListRequest(shard: store.publication.shards[index], requester: requester, received: received)
        let delay = Delay(seconds: config.processingDelay.seconds + (outage?.kind.delay.seconds ?? 0))
        func failure(_ status: HTTPResponseStatus, _ answer: String, body: [UInt8] = []) -> Reply {
            Reply(status: status, body: body, headers: [("Content-Type", "text/plain"), ("Cache-Control", "no-store")],
                  delay: delay, answer: answer)
        }
        switch outage?.kind {
        case .hang?:
            return nil
        case .tryLater?:
            reply = failure(.serviceUnavailable, "crl-503")
        case .internalError?:
            reply = failure(.internalServerError, "crl-500")
        case .malformed?:
            reply = Reply(status: .ok, body: Array("<html>503 Service Unavailable</html>".utf8),
                          headers: [("Content-Type", "application/pkix-crl")], delay: delay, answer: "malformed-bytes")
        case .refuse?, .slow?, nil:
            do {
                let list = try store.list(shard: index, now: clock.now(), epoch: clock.epoch) { host, time in
                    self.status(of: host, at: time)
                }
                let maxAge = max(0, Int(list.nextUpdate - clock.now()))
                reply = Reply(status: .ok, body: list.der,
                              headers: [("Content-Type", "application/pkix-crl"),
                                        ("Cache-Control", "max-age=\(maxAge), public, no-transform"),
                                        ("Last-Modified", HTTPDate.format(list.thisUpdate)),
                                        ("Expires", HTTPDate.format(list.nextUpdate)),
                                        ("ETag", "\"\(ResponderCore.fnv1a(list.der))\"")],
                              delay: delay,
                              answer: "crl-\(index) (\(list.revoked.count) listed)")
            } catch {
                reply = failure(.internalServerError, "crl-build-failed")
            }
        }
        return reply
    }

    /// What the request told the CA, from the request it parsed (path and peer): which list
    /// (the shard's path and the CA that signs it) and the requester's address, no hostname —
    /// a CRL names no site, and every certificate of the shard shares it.
    func observeListRequest(shard: CRLPublication.Shard, requester: String, received: Instant) {
        let pushed = shard.path == CRLPublication.pushedSetPath
        let issuer = shard.issuer.certificate.commonName ?? shard.issuer.certificate.subject
        trace.observe(Observation(observer: party, observerAddress: listenAddress, hostname: "",
                                  clientAddress: ResponderCore.ip(of: requester), via: pushed ? .pushRequest : .crlRequest,
                                  time: received, requested: "\(shard.path) (\(issuer))"))
    }

    /// Builds every shard's list for the current interval now (later intervals are built on
    /// their first request).
    func prepareCRLs() {
        guard let crls else { return }
        for index in crls.publication.shards.indices {
            _ = try? crls.list(shard: index, now: clock.now(), epoch: clock.epoch) { host, time in
                self.status(of: host, at: time)
            }
        }
    }
}

extension EventKind {
    /// The responder sent a CRL (bytes: its size; detail: the path and what it listed).
    public static let crlResponseSent = EventKind("crl.response-sent")
}
