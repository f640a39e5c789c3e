import Foundation
import Testing
import StapleTestSupport
@testable import StaplePKI

@Suite struct CertificateTests {
    @Test func leafCarriesSANAIAAndMustStaple() throws {
        let root = try CertificateAuthority.root()
        let leaf = try root.issueLeaf(hosts: ["example.com", "www.example.com"],
                                      ocspURL: "http://ocsp.ca.test:8080/", mustStaple: true)
        let cert = leaf.certificate
        #expect(cert.commonName == "example.com")
        #expect(cert.dnsNames == ["example.com", "www.example.com"])
        #expect(cert.ocspURLs == ["http://ocsp.ca.test:8080/"])
        #expect(cert.mustStaple)
        #expect(!cert.isCA)
        #expect(cert.isIssued(by: root.certificate))
        #expect(leaf.chain.isEmpty)
        #expect(cert.serialBytes.count == 16)
        #expect(cert.serialHex.count == 32)
    }

    @Test func withoutMustStapleTheExtensionIsAbsent() throws {
        let root = try CertificateAuthority.root()
        let leaf = try root.issueLeaf(hosts: ["example.com"], ocspURL: nil)
        #expect(!leaf.certificate.mustStaple)
        #expect(leaf.certificate.ocspURLs.isEmpty)
    }

    @Test func rootIsASelfSignedCA() throws {
        let root = try CertificateAuthority.root(algorithm: .rsa2048)
        #expect(root.certificate.isCA)
        #expect(root.certificate.isSelfSigned)
        #expect(root.key.algorithm == .rsa2048)
        #expect(root.certificate.commonName == "StapleBench Test Root CA")
    }

    @Test func intermediateChainVerifies() throws {
        let pki = try TestPKI.make(.init(sites: [.init(host: "bank.test")], ocspURL: "http://ocsp.ca.test/",
                                         intermediate: true))
        let leaf = try #require(pki.leaf(for: "bank.test"))
        #expect(leaf.chain.count == 1)
        #expect(leaf.chain[0].commonName == "StapleBench Test Intermediate CA")
        let store = try pki.trustStore()
        #expect(store.verifyChain([leaf.certificate] + leaf.chain, hostname: "bank.test") == nil)
        // The leaf alone cannot reach the root.
        #expect(store.verifyChain([leaf.certificate], hostname: "bank.test") == "unable to get local issuer certificate")
        // Wrong hostname.
        #expect(store.verifyChain([leaf.certificate] + leaf.chain, hostname: "evil.test") == "hostname mismatch")
        #expect(pki.issuer(of: leaf.certificate)?.commonName == "StapleBench Test Intermediate CA")
    }

    @Test func derAndPEMRoundTrip() throws {
        let root = try CertificateAuthority.root()
        let der = try root.certificate.der()
        let again = try Certificate(der: der)
        #expect(again.serialHex == root.certificate.serialHex)
        let pem = try root.certificate.pem()
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try Certificate(pem: pem).serialHex == root.certificate.serialHex)
        #expect(throws: OpenSSLError.self) { try Certificate(der: [0x30, 0x03, 0x02, 0x01]) }
        let keyPEM = try root.key.pem()
        #expect(keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try PrivateKey(pem: keyPEM).algorithm == .ecP256)
    }

    @Test func writtenPKILoadsBackWithPrivateKeys() throws {
        let dir = try TemporaryDirectory()
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com", mustStaple: true), .init(host: "bank.test")],
                                         ocspURL: "http://ocsp.ca.test:8080/", intermediate: true, delegatedSigner: true))
        try pki.write(to: dir.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["bank.test.key", "bank.test.pem", "ca.key", "ca.pem", "example.com.key", "example.com.pem",
                          "intermediate.key", "intermediate.pem", "ocsp-signer.key", "ocsp-signer.pem",
                          "root-ocsp-signer.key", "root-ocsp-signer.pem"])
        for name in files {
            let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == (name.hasSuffix(".key") ? 0o600 : 0o644), "\(name)")
        }
        let loaded = try TestPKI.load(from: dir.path)
        #expect(loaded.root.certificate.serialHex == pki.root.certificate.serialHex)
        #expect(loaded.intermediate?.certificate.serialHex == pki.intermediate?.certificate.serialHex)
        #expect(loaded.ocspSigner?.certificate.serialHex == pki.ocspSigner?.certificate.serialHex)
        #expect(loaded.leaves.map(\.host) == ["bank.test", "example.com"])
        let leaf = try #require(loaded.leaf(for: "example.com"))
        #expect(leaf.certificate.mustStaple)
        #expect(leaf.chain.count == 1)
    }

    @Test func loadingAFolderWithoutCANamesTheFileAndTheFix() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: PKIFileError(path: dir.path + "/ca.pem",
                                     reason: "no CA certificate; make one with `staplebench pki init \(dir.path) --host NAME`")) {
            try TestPKI.load(from: dir.path)
        }
    }

    @Test func opensslVerifyAcceptsOurChains() throws {
        let dir = try TemporaryDirectory()
        let pki = try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/",
                                         intermediate: true))
        try pki.write(to: dir.path)
        let result = try OpenSSLCommand.run(["verify", "-CAfile", dir.path + "/ca.pem", "-untrusted",
                                             dir.path + "/intermediate.pem", "-purpose", "sslserver",
                                             "-verify_hostname", "example.com", dir.path + "/example.com.pem"])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stdout.contains(": OK"))
        // And it refuses a chain from another CA, so the check above means something.
        let other = try CertificateAuthority.root(name: "Other CA")
        let otherPath = try dir.write(Array(try other.certificate.pem().utf8), "other.pem")
        let refused = try OpenSSLCommand.run(["verify", "-CAfile", otherPath, "-untrusted",
                                              dir.path + "/intermediate.pem", dir.path + "/example.com.pem"])
        #expect(refused.status != 0)
    }
}
