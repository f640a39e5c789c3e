import NIOCore
import StapleCore
import StaplePKI

/// A server's fetch of its own OCSP response, and what it makes of the answer.
struct StapleFetch: Sendable {
    /// What came back.
    enum Outcome: Sendable {
        /// A response that parsed (and verified, with `verify` on), with what it says.
        case response(der: [UInt8], verdict: OCSPVerdict, maxAge: Double?)
        /// A response that did not check out (bad signature, error status, garbage): kept for
        /// policies that staple responder errors.
        case rejected(der: [UInt8], reason: OCSPRejection)
        /// No response at all (timeout, refused, DNS).
        case failed(String)
    }

    let config: ServerConfig
    let fetcher: OCSPFetcher
    let verifier: OCSPVerifier
    let clock: PolicyClock

    init(config: ServerConfig, resolver: any HostResolver, trace: Trace, clock: PolicyClock) throws {
        self.config = config
        self.clock = clock
        self.fetcher = OCSPFetcher(resolver: resolver, sourceIP: config.host, party: .server(config.name), trace: trace)
        self.verifier = OCSPVerifier(trust: try config.pki.trustStore(), skew: config.skew.seconds,
                                     checkSignature: config.verify)
    }

    /// Fetches the response for `host`'s certificate.
    func fetch(host: String, method: OCSPFetcher.Method, timeout: Delay, on loop: any EventLoop) -> EventLoopFuture<Outcome> {
        guard let leaf = config.pki.leaf(for: host)?.certificate, let issuer = config.pki.issuer(of: leaf) else {
            return loop.makeSucceededFuture(.failed("no certificate for \(host)"))
        }
        let url = config.responderURL ?? leaf.ocspURLs.first ?? ""
        let request: OCSPRequest
        do {
            request = try OCSPRequest(certificate: leaf, issuer: issuer)
        } catch {
            return loop.makeSucceededFuture(.failed("cannot build the OCSP request: \(error)"))
        }
        let verifier = self.verifier, clock = self.clock
        return fetcher.fetch(request, url: url, method: method, timeout: timeout, connection: .next(), on: loop)
            .map { response -> Outcome in
                let verdict = verifier.verify(response.body, certificate: leaf, issuer: issuer, now: clock.now())
                if case .rejected(let reason) = verdict { return .rejected(der: response.body, reason: reason) }
                return .response(der: response.body, verdict: verdict, maxAge: response.maxAge)
            }
            .recover { .failed(($0 as? OCSPFetchError)?.description ?? "\($0)") }
    }
}
