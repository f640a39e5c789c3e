import Foundation
import Testing
@testable import StapleEngine

/// A run's output folder is checked before the run: each way it can be wrong, by its message.
@Suite struct OutputFolderCheckTests {
    private func scratch() throws -> String {
        let folder = NSTemporaryDirectory() + "staplebench-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aNewFolderUnderAnExistingOneIsFine() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(OutputFolderCheck.problem(with: base + "/run/deeper") == nil)
        #expect(OutputFolderCheck.problem(with: base) == nil, "an empty existing folder is fine")
    }

    @Test func emptyTextIsRefusedNotTheRoot() {
        #expect(OutputFolderCheck.problem(with: "") == "the output folder is empty text; give a folder, e.g. --out Results/mine")
        #expect(OutputFolderCheck.problem(with: "  ") != nil)
    }

    @Test func aFileOrAPathUnderAFileIsRefused() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let file = base + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(OutputFolderCheck.problem(with: file) == "\(file) is a file, not a folder; give a folder that does not exist yet")
        #expect(OutputFolderCheck.problem(with: file + "/run/x") == "\(file)/run/x lies under \(file), which is a file, not a folder")
    }

    @Test func anEarlierRunIsNeverOverwritten() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: base + "/meta.json"))
        #expect(OutputFolderCheck.problem(with: base)
                == "\(base) holds an earlier run (meta.json); give another --out or remove that folder first")
    }

    @Test func anUnwritablePlaceIsRefused() throws {
        // /proc is not writable even for root.
        #expect(OutputFolderCheck.problem(with: "/proc/staplebench-run") == "/proc/staplebench-run cannot be created: /proc is not writable")
    }
}
