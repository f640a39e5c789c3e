import Foundation
import Testing
@testable import StapleEngine

/// Files made to hurt the loader are refused quickly, each with a message that says what and where.
@Suite struct HostileScenarioFileTests {
    private func messages(_ text: String) -> [String] {
        ScenarioTestSupport.errors(text).map(\.description)
    }

    @Test func nestedAliasesAreRefusedBeforeTheyExpand() {
        // Nine levels of ten aliases each: 10^9 values if expanded.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(previous)]\n"
        }
        let start = ContinuousClock.now
        let errors = ScenarioTestSupport.errors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.code == .syntax)
        #expect(errors.first?.message.hasPrefix("the document expands to more than 100000 values (through YAML aliases?)") == true,
                "\(errors)")
        // Refused in well under the seconds an expansion to gigabytes would take.
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func deepNestingIsRefusedWithItsLine() {
        let text = String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        let errors = ScenarioTestSupport.errors(text)
        #expect(errors.map(\.line) == [1])
        #expect(errors.first?.message == "lists and mappings are nested more than 32 deep; a scenario needs at most 5 levels (see Scenarios/README.md)")
    }

    private func file(_ data: Data) throws -> String {
        let path = NSTemporaryDirectory() + "staplebench-hostile-\(UUID().uuidString).yaml"
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private func loadErrors(_ path: String) -> [ScenarioError] {
        do { _ = try ScenarioLoader.load(path: path); return [] } catch { return error.errors }
    }

    @Test func aFolderADeviceAndAHugeFileAreNamedForWhatTheyAre() throws {
        let folder = NSTemporaryDirectory()
        #expect(loadErrors(folder).map(\.message) == ["is a folder, not a scenario file; give a .yaml file in it"])
        #expect(loadErrors("/dev/zero").map(\.message) == ["is not a regular file (a device or a pipe); give a .yaml file"])
        let big = try file(Data(repeating: UInt8(ascii: "#"), count: (1 << 20) + 1))
        defer { try? FileManager.default.removeItem(atPath: big) }
        #expect(loadErrors(big).map(\.message) == ["is 1048577 bytes; a scenario file may be at most 1024 KiB"])
    }

    @Test func aLineThatIsNotUTF8IsNamed() throws {
        var bytes = Array("sites:\n  - host: example.com\n".utf8)
        bytes += [0x23, 0x20, 0xFF, 0xFE, 0x0A]   // line 3: "# " and two bytes that are not UTF-8
        let path = try file(Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let errors = loadErrors(path)
        #expect(errors.map(\.line) == [3])
        #expect(errors.map(\.message) == ["this line is not UTF-8 text; save the file as UTF-8"])
    }
}
