import Foundation
import Testing
import StapleTestSupport
@testable import StaplePKI

/// `TestPKI.write(to:force:)` (what `staplebench pki init` runs) never writes through a
/// symbolic link, never overwrites an earlier PKI unless forced, and writes nothing when it refuses.
@Suite struct PKIWriteSafetyTests {
    static func pki(delegated: Bool = false) throws -> TestPKI {
        try TestPKI.make(.init(sites: [.init(host: "example.com")], ocspURL: "http://ocsp.ca.test/",
                               delegatedSigner: delegated))
    }

    @Test func aSymbolicLinkAtAKeyPathIsRefusedAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory()
        let target = dir.path + "/target"
        try "precious\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/example.com.key", withDestinationPath: target)
        #expect(throws: PKIFileError(path: dir.path + "/example.com.key",
                                     reason: "is a symbolic link; refusing to write a PKI file through it (remove it first)")) {
            try Self.pki().write(to: dir.path)
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int != 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["example.com.key", "target"],
                "nothing half-written")
    }

    @Test func aSymbolicLinkIsRefusedEvenWithForce() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/ca.key", withDestinationPath: dir.path + "/elsewhere")
        #expect(throws: PKIFileError(path: dir.path + "/ca.key",
                                     reason: "is a symbolic link; refusing to write a PKI file through it (remove it first)")) {
            try Self.pki().write(to: dir.path, force: true)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/elsewhere"))
    }

    @Test func aLinkPlantedAfterTheCheckIsNotFollowed() throws {
        let dir = try TemporaryDirectory()
        let target = dir.path + "/target"
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/x.key", withDestinationPath: target)
        #expect(throws: PKIFileError(path: dir.path + "/x.key",
                                     reason: "appeared while writing (a file or symbolic link); refusing to write through it")) {
            try PKIFiles.write("secret", to: dir.path + "/x.key", mode: 0o600)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func anExistingPKIIsNotOverwrittenWithoutForce() throws {
        let dir = try TemporaryDirectory()
        let first = try Self.pki()
        try first.write(to: dir.path)
        let before = try String(contentsOfFile: dir.path + "/ca.pem", encoding: .utf8)
        #expect(throws: PKIFileError(path: dir.path + "/ca.pem",
                                     reason: "already exists; refusing to overwrite an existing PKI (pass --force to replace it)")) {
            try Self.pki().write(to: dir.path)
        }
        #expect(try String(contentsOfFile: dir.path + "/ca.pem", encoding: .utf8) == before)
    }

    @Test func forceReplacesThePKIAndRemovesTheEarlierSigner() throws {
        let dir = try TemporaryDirectory()
        try Self.pki(delegated: true).write(to: dir.path)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/ocsp-signer.key"))
        let second = try Self.pki()
        try second.write(to: dir.path, force: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["ca.key", "ca.pem", "example.com.key", "example.com.pem", "intermediate.key", "intermediate.pem"])
        for name in files {
            let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == (name.hasSuffix(".key") ? 0o600 : 0o644), "\(name)")
        }
        let loaded = try TestPKI.load(from: dir.path)
        #expect(loaded.root.certificate.serialHex == second.root.certificate.serialHex)
        #expect(loaded.ocspSigner == nil)
    }

    @Test func aFolderUnderAFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        try "x".write(toFile: dir.path + "/file", atomically: true, encoding: .utf8)
        #expect(throws: PKIFileError(path: dir.path + "/file/pki", reason: "cannot create the folder: Not a directory")) {
            try Self.pki().write(to: dir.path + "/file/pki")
        }
        #expect(throws: PKIFileError(path: dir.path + "/file", reason: "exists and is not a folder; give a folder name")) {
            try Self.pki().write(to: dir.path + "/file")
        }
    }

    @Test func theDelegatedSignersOfBothCAsAreWrittenAndReadBack() throws {
        let dir = try TemporaryDirectory()
        let pki = try Self.pki(delegated: true)
        try pki.write(to: dir.path)
        let loaded = try TestPKI.load(from: dir.path)
        #expect(loaded.ocspSigner?.certificate.serialHex == pki.ocspSigner?.certificate.serialHex)
        #expect(loaded.rootOCSPSigner?.certificate.serialHex == pki.rootOCSPSigner?.certificate.serialHex)
        #expect(loaded.leaves.map(\.host) == ["example.com"])
    }
}
