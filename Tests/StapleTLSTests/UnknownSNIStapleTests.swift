import Foundation
import NIOCore
import Testing
import StapleTestSupport
import StapleCore
import StaplePKI
@testable import StapleTLS

/// A ClientHello naming a site the server does not have gets the default certificate, and
/// with it that certificate's staple (not none: the staple is looked up for the site served).
@Suite(.serialized) struct UnknownSNIStapleTests {
    @Test func theServedSiteIsTheSNIsOnlyWhenTheServerHasIt() throws {
        let setup = try DefaultPKISetup(.plain)
        #expect(setup.server.servedHost(for: "revoked.test") == "revoked.test")
        #expect(setup.server.servedHost(for: "REVOKED.test") == "REVOKED.test")
        #expect(setup.server.servedHost(for: "unknown.test") == "example.com")
        #expect(setup.server.servedHost(for: nil) == "example.com")
    }

    @Test(.enabled(if: BoundedCommand.find("openssl") != nil, "openssl is not installed"),
          arguments: ["unknown.test", nil] as [String?])
    func anUnknownOrMissingSNIGetsTheDefaultCertificateWithItsStaple(sni: String?) async throws {
        let setup = try DefaultPKISetup(.plain)
        let trace = Trace()
        let channel = try await TLSTestHarness.startServer(
            setup.server, provider: PerSiteStaple(staples: ["example.com": try setup.staple()]), trace: trace)
        defer { channel.close(promise: nil) }
        let port = channel.localAddress!.port!
        let out = try await Task.detached {
            try BoundedCommand.run("openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-status",
                                               "-CAfile", setup.caFile] + (sni.map { ["-servername", $0] } ?? ["-noservername"]))
        }.value
        #expect(out.stdout.contains("subject=CN = example.com"), "\(out)")
        #expect(out.stdout.contains("OCSP Response Status: successful"), "\(out)")
        #expect(out.stdout.contains("Cert Status: good"), "\(out)")
        let serials = out.stdout.components(separatedBy: "Serial Number: ").dropFirst().map { $0.prefix(while: { $0.isHexDigit }) }
        #expect(serials.first.map(String.init) == setup.pki.leaf(for: "example.com")!.certificate.serialHex, "\(out)")
    }
}
