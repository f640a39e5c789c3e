import Foundation
import NIOCore
import StapleTestSupport
import StaplePKI
@testable import StapleTLS

/// The PKI `staplebench pki init` makes by default (root → issuing intermediate → leaf), in one
/// of its variants, written to disk, with a responder and staples for real programs to check.
struct DefaultPKISetup {
    /// The `pki init` options, one at a time.
    enum Variant: String, CaseIterable, Sendable, CustomStringConvertible {
        case plain, mustStaple, delegatedSigner, rsa
        var description: String { rawValue }
    }

    let pki: TestPKI
    let dir: TemporaryDirectory
    let responder: OCSPResponder
    let server: TLSContext
    let now = Date().timeIntervalSince1970

    /// `ocspPort`: the port written into the certificates' AIA (`http://127.0.0.1:PORT/`).
    init(_ variant: Variant, ocspPort: Int = 9) throws {
        pki = try TestPKI.make(.init(
            sites: [.init(host: "example.com", mustStaple: variant == .mustStaple), .init(host: "revoked.test")],
            ocspURL: "http://127.0.0.1:\(ocspPort)/", delegatedSigner: variant == .delegatedSigner,
            algorithm: variant == .rsa ? .rsa2048 : .ecP256))
        dir = try TemporaryDirectory()
        try pki.write(to: dir.path)
        responder = OCSPResponder(authorities: pki.authorities()) { _, host in
            host == "revoked.test" ? .revoked(time: 1_700_000_000, reason: .keyCompromise) : .good
        }
        server = try TLSContext(server: pki.leaves.map { ($0.host, $0.identity) })
    }

    /// The staple a server would fetch for `host`: the responder's answer to a request naming
    /// the leaf's real issuer (the intermediate).
    func staple(for host: String = "example.com") throws -> [UInt8] {
        let leaf = pki.leaf(for: host)!.certificate
        let request = try OCSPRequest(certificate: leaf, issuer: pki.issuer(of: leaf)!)
        return responder.respond(to: request, timing: .init(now: now, validity: 3600)).der
    }

    var caFile: String { dir.path + "/ca.pem" }
    func path(_ name: String) -> String { dir.path + "/" + name }
}

/// Staples the fixed bytes for one site only (as a server's per-certificate cache does).
struct PerSiteStaple: StapleProvider {
    var staples: [String: [UInt8]]
    func lookup(host: String, connection: TLSConnectionContext) -> StapleLookup {
        .answer(staples[host].map { .staple($0) } ?? .none("no staple for \(host)"))
    }
    func fetch(host: String, connection: TLSConnectionContext) -> EventLoopFuture<StapleAnswer> {
        connection.eventLoop.makeSucceededFuture(lookup(host: host, connection: connection).answer)
    }
}

extension StapleLookup {
    var answer: StapleAnswer {
        switch self {
        case .answer(let answer): return answer
        case .fetch: return .none("fetch")
        }
    }
}
