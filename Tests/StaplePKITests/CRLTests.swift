import Foundation
import Testing
import StapleTestSupport
@testable import StaplePKI

/// CRLs made by the test CA: read back by us, and checked by the `openssl` command.
@Suite struct CRLTests {
    static let now = 1_800_000_000.0
    static let opensslInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    static let opensslMissing: Comment = "the openssl command is not installed (apt-get install openssl)"

    /// A PKI whose two leaves carry a CRL distribution point, and the intermediate's CRL revoking `revoked.test`.
    struct Fixture {
        let pki: TestPKI
        let good: IssuedCertificate
        let revoked: IssuedCertificate
        let crl: RevocationList

        init(padding: Int = 0, shard: String? = nil) throws {
            let url = shard ?? "http://crl.ca.test/crl/0.crl"
            pki = try TestPKI.make(.init(sites: [.init(host: "example.com", crlURL: url),
                                                 .init(host: "revoked.test", crlURL: url)],
                                         ocspURL: nil))
            good = pki.leaf(for: "example.com")!
            revoked = pki.leaf(for: "revoked.test")!
            crl = try pki.issuingCA.issueCRL(.init(
                entries: [RevocationEntry(certificate: revoked.certificate, time: CRLTests.now - 3600, reason: .keyCompromise)],
                padding: try RevocationEntry.paddingSerials(count: padding),
                thisUpdate: CRLTests.now - 60, nextUpdate: CRLTests.now + 86_400, number: 7,
                distributionPoint: shard))
        }
    }

    @Test func theListReadsBackAsSigned() throws {
        let f = try Fixture(padding: 3)
        let again = try RevocationList(der: try f.crl.der())
        #expect(again.count == 4)
        #expect(again.number == 7)
        #expect(again.thisUpdate == Self.now - 60)
        #expect(again.nextUpdate == Self.now + 86_400)
        #expect(again.issuer == f.pki.issuingCA.certificate.subject)
        #expect(again.isSigned(by: f.pki.issuingCA.certificate))
        #expect(!again.isSigned(by: f.pki.root.certificate))
        #expect(again.entry(for: f.good.certificate) == nil)
        let entry = try #require(again.entry(for: f.revoked.certificate))
        #expect(entry.time == Self.now - 3600 && entry.reason == .keyCompromise)
        #expect(f.good.certificate.crlURLs == ["http://crl.ca.test/crl/0.crl"])
        #expect(again.distributionPoint == nil)
    }

    @Test func eachPaddingEntryAddsThirtyFiveBytes() throws {
        let small = try Fixture(padding: 0).crl.der().count
        let padded = try Fixture(padding: 1000).crl.der().count
        // 1000 entries of SEQUENCE { INTEGER (16 bytes), UTCTime } = 35 bytes each; the
        // revokedCertificates SEQUENCE's length field grows from 1 to 3 bytes (+2), the
        // TBSCertList's from 2 to 3 (+1); the CertificateList's is 3 bytes in both. An ECDSA
        // signature's DER is 70 to 72 bytes, so the two lists' signatures differ by up to 2.
        #expect((35_003 - 2)...(35_003 + 2) ~= padded - small, "\(small) → \(padded)")
    }

    @Test func ourVerifierRefusesTheRevokedSerialAndAcceptsTheOther() throws {
        let f = try Fixture(padding: 10)
        let verifier = CRLVerifier(trust: try f.pki.trustStore())
        let chain = { (leaf: IssuedCertificate) in [leaf.certificate] + leaf.chain }
        #expect(verifier.verify(chain: chain(f.good), crls: [f.crl], now: Self.now) == .good(nextUpdate: Self.now + 86_400))
        #expect(verifier.verify(chain: chain(f.revoked), crls: [f.crl], now: Self.now)
                == .revoked(time: Self.now - 3600, reason: .keyCompromise))
        #expect(verifier.verify(chain: chain(f.good), crls: [], now: Self.now) == .rejected(.noCRL))
        #expect(verifier.verify(chain: chain(f.good), crls: [f.crl], now: Self.now + 2 * 86_400) == .rejected(.expired))
        #expect(verifier.verify(chain: chain(f.good), crls: [f.crl], now: Self.now - 3600) == .rejected(.notYetValid))
        // A CRL signed by another CA under the same name does not verify.
        let other = try CertificateAuthority(identity: IssuedCertificate(certificate: f.pki.issuingCA.certificate,
                                                                         key: try PrivateKey.generate(.ecP256)))
            .issueCRL(.init(entries: [], thisUpdate: Self.now - 60, nextUpdate: Self.now + 60, number: 1))
        #expect(verifier.verify(chain: chain(f.good), crls: [other], now: Self.now) == .rejected(.badSignature))
    }

    @Test func aShardCoversOnlyTheCertificatesThatNameIt() throws {
        let f = try Fixture(shard: "http://crl.ca.test/crl/1.crl")
        #expect(f.crl.distributionPoint == "http://crl.ca.test/crl/1.crl")
        let verifier = CRLVerifier(trust: try f.pki.trustStore())
        #expect(verifier.verify(chain: [f.good.certificate] + f.good.chain, crls: [f.crl], now: Self.now)
                == .good(nextUpdate: Self.now + 86_400))
        let elsewhere = try f.pki.issuingCA.issueCRL(.init(entries: [], thisUpdate: Self.now - 60, nextUpdate: Self.now + 60,
                                                           number: 1, distributionPoint: "http://crl.ca.test/crl/2.crl"))
        #expect(verifier.verify(chain: [f.good.certificate] + f.good.chain, crls: [elsewhere], now: Self.now)
                == .rejected(.differentScope))
    }

    @Test(.enabled(if: opensslInstalled, opensslMissing))
    func opensslAcceptsOurCRLAndRefusesTheRevokedCertificate() throws {
        // Now, not a fixed date: `openssl verify` checks dates against the wall clock.
        let now = Date().timeIntervalSince1970
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com", crlURL: "http://crl.ca.test/0.crl"),
                                                 .init(host: "revoked.test", crlURL: "http://crl.ca.test/0.crl")],
                                         ocspURL: nil))
        let revoked = pki.leaf(for: "revoked.test")!
        let crl = try pki.issuingCA.issueCRL(.init(
            entries: [RevocationEntry(certificate: revoked.certificate, time: now - 3600, reason: .superseded)],
            padding: try RevocationEntry.paddingSerials(count: 5), thisUpdate: now - 60, nextUpdate: now + 3600, number: 3))
        let dir = try TemporaryDirectory()
        try pki.write(to: dir.path)
        let crlPath = try dir.write(Array(try crl.pem().utf8), "intermediate.crl.pem")
        let checked = try OpenSSLCommand.run(["crl", "-in", crlPath, "-noout", "-text",
                                              "-CAfile", dir.path + "/intermediate.pem", "-verify"])
        #expect(checked.status == 0, "\(checked.combined)")
        #expect(checked.stderr.contains("verify OK"), "\(checked.combined)")
        #expect(checked.stdout.contains("X509v3 CRL Number: \n                3")
                || checked.stdout.contains("X509v3 CRL Number:"), "\(checked.stdout)")
        #expect(checked.stdout.contains("Superseded"), "\(checked.stdout)")

        let leafPath = try dir.write(Array(try pki.leaf(for: "example.com")!.certificate.pem().utf8), "good-leaf.pem")
        let revokedPath = try dir.write(Array(try revoked.certificate.pem().utf8), "revoked-leaf.pem")
        let arguments = ["verify", "-crl_check", "-CAfile", dir.path + "/ca.pem",
                         "-untrusted", dir.path + "/intermediate.pem", "-CRLfile", crlPath]
        let good = try OpenSSLCommand.run(arguments + [leafPath])
        #expect(good.status == 0, "\(good.combined)")
        #expect(good.stdout.contains("good-leaf.pem: OK"), "\(good.combined)")
        let refused = try OpenSSLCommand.run(arguments + [revokedPath])
        #expect(refused.status != 0)
        #expect(refused.combined.contains("certificate revoked"), "\(refused.combined)")

        // A tampered CRL (one byte of the signature flipped) fails `openssl crl -verify`.
        var der = try crl.der()
        der[der.count - 3] ^= 0x01
        let tampered = try dir.write(der, "tampered.crl")
        let bad = try OpenSSLCommand.run(["crl", "-inform", "DER", "-in", tampered, "-noout",
                                          "-CAfile", dir.path + "/intermediate.pem", "-verify"])
        #expect(bad.combined.contains("verify failure"), "\(bad.combined)")
    }

    @Test(.enabled(if: opensslInstalled, opensslMissing))
    func theWholeChainCheckAgreesWithOpensslCrlCheckAll() throws {
        // root → intermediate (naming the root's list of its CAs) → leaf; both lists signed here.
        let now = Date().timeIntervalSince1970
        func pki() throws -> TestPKI {
            try TestPKI.make(.init(sites: [.init(host: "example.com", crlURL: "http://crl.ca.test/crl/0.crl")], ocspURL: nil,
                                   intermediateCRLURL: "http://crl.ca.test/crl/cas.crl"))
        }
        let made = try pki()
        let intermediate = try #require(made.intermediate)
        #expect(intermediate.certificate.crlURLs == ["http://crl.ca.test/crl/cas.crl"])
        let leaf = try #require(made.leaf(for: "example.com"))
        let leafList = try intermediate.issueCRL(.init(entries: [], padding: [], thisUpdate: now - 60, nextUpdate: now + 3600, number: 1))
        func caList(revoking: Bool) throws -> RevocationList {
            try made.root.issueCRL(.init(
                entries: revoking ? [RevocationEntry(certificate: intermediate.certificate, time: now - 3600, reason: .caCompromise)] : [],
                padding: [], thisUpdate: now - 60, nextUpdate: now + 3600, number: 1))
        }
        let chain = [leaf.certificate] + leaf.chain
        let verifier = CRLVerifier(trust: try made.trustStore(), wholeChain: true)
        #expect(verifier.verify(chain: chain, crls: [leafList, try caList(revoking: false)], now: now) == .good(nextUpdate: (now + 3600).rounded(.down)))
        #expect(verifier.verify(chain: chain, crls: [leafList, try caList(revoking: true)], now: now)
                == .revoked(time: (now - 3600).rounded(.down), reason: .caCompromise))
        #expect(verifier.verify(chain: chain, crls: [leafList], now: now) == .rejected(.noCRL), "no list for the intermediate")

        let dir = try TemporaryDirectory()
        try made.write(to: dir.path)
        let leafPath = try dir.write(Array(try leaf.certificate.pem().utf8), "leaf.pem")
        let leafCRL = try dir.write(Array(try leafList.pem().utf8), "leaf.crl.pem")
        for revoking in [false, true] {
            let casCRL = try dir.write(Array(try caList(revoking: revoking).pem().utf8), "cas-\(revoking).crl.pem")
            let result = try OpenSSLCommand.run(["verify", "-crl_check_all", "-CAfile", dir.path + "/ca.pem",
                                                 "-untrusted", dir.path + "/intermediate.pem",
                                                 "-CRLfile", leafCRL, "-CRLfile", casCRL, leafPath])
            if revoking {
                #expect(result.status != 0 && result.combined.contains("certificate revoked"), "\(result.combined)")
            } else {
                #expect(result.status == 0 && result.stdout.contains("leaf.pem: OK"), "\(result.combined)")
            }
        }
    }
}
