import Foundation
import Testing
@testable import StapleCore

@Suite struct AtomicFileTests {
    @Test func writesContentAndCreatesParentFolders() throws {
        let temp = try TemporaryFolder()
        let path = temp.path + "/a/b/out.csv"
        try AtomicFile.write("x,y\r\n1,2\r\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "x,y\r\n1,2\r\n")
        #expect(try temp.contents("a/b") == ["out.csv"])
    }

    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let temp = try TemporaryFolder()
        let path = temp.path + "/meta.json"
        try AtomicFile.write(String(repeating: "old ", count: 1000), to: path)
        try AtomicFile.write([0x00, 0xFF, 0x0A], to: path)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [0x00, 0xFF, 0x0A])
        #expect(try temp.contents() == ["meta.json"])
    }

    @Test func writesIntoTheCurrentFolderForABareName() throws {
        #expect(AtomicFile.split("out.csv") == (".", "out.csv"))
        #expect(AtomicFile.split("/out.csv") == ("/", "out.csv"))
        #expect(AtomicFile.split("a/b/c.txt") == ("a/b", "c.txt"))
    }

    @Test func failsUnderARegularFileNamingThePath() throws {
        let temp = try TemporaryFolder()
        try AtomicFile.write("not a folder", to: temp.path + "/file")
        let path = temp.path + "/file/sub/out.csv"
        let error = try #require(throws: FileWriteError.self) { try AtomicFile.write("x", to: path) }
        #expect(error.code == .folderCreationFailed)
        #expect(error.message.contains("'\(path)'"))
        #expect(error.message.contains("'\(temp.path)/file' exists and is not a folder"))
        #expect(try temp.contents() == ["file"])
    }

    @Test func failsOverAFolderWithTheOSReasonAndRemovesTheTemporaryFile() throws {
        let temp = try TemporaryFolder()
        let path = temp.path + "/report.html"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        let error = try #require(throws: FileWriteError.self) { try AtomicFile.write("x", to: path) }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("cannot write '\(path)'"))
        #expect(error.message.contains("rename"))
        #expect(error.message.contains("Is a directory") || error.message.contains("Directory not empty"))
        #expect(try temp.contents() == ["report.html"])
    }

    @Test func failsInAFolderThatCannotBeCreated() throws {
        let path = "/proc/staple-report-test/out.csv"
        let error = try #require(throws: FileWriteError.self) { try AtomicFile.write("x", to: path) }
        #expect(error.code == .folderCreationFailed)
        #expect(error.message.contains("'\(path)'"))
        #expect(error.message.contains("cannot create folder '/proc/staple-report-test'"))
    }

    @Test func refusesAPathThatNamesAFolder() throws {
        let error = try #require(throws: FileWriteError.self) { try AtomicFile.write("x", to: "/tmp/") }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("names a folder"))
    }
}

extension AtomicFileTests {
    /// A real server's children read its config as another user: the mode asked for is the mode
    /// the file gets, whatever the umask (022 here, which would make 0o666 into 0o644; the
    /// process-wide umask is not changed, since other tests create files at the same time).
    @Test func theFileGetsExactlyItsPermissionsWhateverTheUmask() throws {
        let temp = try TemporaryFolder()
        let path = temp.path + "/shared.conf"
        try AtomicFile.write("events {}\n", to: path, permissions: 0o666)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o666)
        try AtomicFile.write("events {}\n", to: path, permissions: 0o600)
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }
}
