/// How a server keeps and refreshes the OCSP response it staples, each modelled on a real server.
public enum StaplingPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// nginx (`ssl_stapling on`): a handshake that finds no valid cached response gets no
    /// staple and starts a background fetch (GET); after a failed fetch there is no retry for
    /// 300 s; a good response is refreshed at max(min(nextUpdate − 5 min, now + 1 h),
    /// now + 5 min) and kept (stale-but-valid) until its nextUpdate while refreshes fail;
    /// fetch timeout 60 s; only a `good` status is ever stapled (revoked and unknown are
    /// dropped); each worker process has its own cache.
    case lazy
    /// Apache mod_ssl (`SSLUseStapling on`): a handshake without a cached response fetches it
    /// inside the handshake (POST), waiting up to the responder timeout (default 10 s);
    /// concurrent handshakes share that one fetch. Responses are cached for 1 h
    /// (`SSLStaplingStandardCacheTimeout`, capped at nextUpdate); error statuses the responder
    /// sent for 10 min (`SSLStaplingErrorCacheTimeout`). When the responder cannot be reached
    /// it staples a made-up `tryLater` response (`SSLStaplingFakeTryLater`) and, as Apache 2.4
    /// really does, caches it for the standard hour; responder errors and revoked statuses are
    /// stapled too (`SSLStaplingReturnResponderErrors`). One cache for all workers.
    case blocking
    /// Caddy (certmagic): fetches at start-up before serving, refreshes in the background at
    /// half the response's validity (retrying every minute of scenario time after a failure),
    /// staples whatever valid response it holds, and keeps it on disk so that a restart
    /// staples from the first handshake.
    case proactive
}
