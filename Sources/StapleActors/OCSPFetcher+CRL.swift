import NIOCore
import NIOHTTP1
import StapleCore
import StaplePKI

extension OCSPFetcher {
    /// The largest CRL a client reads: 16 MiB (a padded list of the scenario limit is about 10.5 MB).
    public static let maxCRLBody = 16 << 20

    /// Downloads the CRL at `url` (plain `http://`, a certificate's CRL distribution point)
    /// within `timeout`, the same way as an OCSP fetch: the name resolved through the party's
    /// resolver, one fresh connection from its own address. Events: `crl.fetch-start`, DNS,
    /// `tcp.connected`, `crl.fetch-end` (bytes: the list's size).
    public func downloadCRL(url: String, timeout: Delay, connection: ConnectionID,
                            on eventLoop: any EventLoop) -> EventLoopFuture<Response> {
        guard let parsed = HTTPURL(url) else {
            return eventLoop.makeFailedFuture(OCSPFetchError.noUsableURL(url))
        }
        let exchange = Exchange(url: parsed, method: .GET, uri: parsed.path, body: nil, contentType: "",
                                accept: "application/pkix-crl", maxBody: OCSPFetcher.maxCRLBody,
                                start: .crlFetchStart, end: .crlFetchEnd, requestBytes: 0)
        return run(exchange, timeout: timeout, connection: connection, on: eventLoop)
    }
}

extension EventKind {
    /// A party starts downloading a CRL (detail: `GET url`).
    public static let crlFetchStart = EventKind("crl.fetch-start")
    /// A CRL download ended (bytes: the list's size; detail: `ok from …` or `failed: …`).
    public static let crlFetchEnd = EventKind("crl.fetch-end")
    /// A client starts checking a certificate against a CRL (signature, dates, scope, serial).
    public static let crlVerifyStart = EventKind("crl.verify-start")
    /// A client finished checking against a CRL (detail: the verdict).
    public static let crlVerified = EventKind("crl.verified")
}
