import Foundation
import Testing

/// The layers of DESIGN.md, checked: every `import` in `Sources/<target>/` names a module the
/// target may use, and `Package.swift` declares exactly those dependencies. SwiftPM alone does
/// not enforce this — a target can import a module it only reaches through another target.
@Suite struct LayeringTests {
    /// Each target's allowed imports (besides the system's), as DESIGN.md draws them.
    static let allowed: [String: Set<String>] = [
        "StapleCore": [],
        "StaplePKI": ["COpenSSL", "StapleCore"],
        "StapleTLS": ["COpenSSL", "StaplePKI", "StapleCore", "NIOCore", "NIOPosix"],
        "StapleLinks": ["StapleCore", "NIOCore", "NIOPosix"],
        "StapleActors": ["StapleTLS", "StaplePKI", "StapleLinks", "StapleCore", "NIOCore", "NIOPosix", "NIOHTTP1"],
        "StapleReport": ["StapleCore"],
        "StapleEngine": ["StapleActors", "StapleTLS", "StaplePKI", "StapleLinks", "StapleReport", "StapleCore",
                         "Yams", "NIOCore", "NIOPosix", "NIOHTTP1"],
        "StapleSim": ["StapleEngine", "StapleReport", "StapleCore"],
        "staplebench": ["StapleEngine", "StapleSim", "StapleReport", "StapleActors", "StapleTLS", "StaplePKI", "StapleCore",
                        "ArgumentParser", "NIOCore", "NIOPosix"],
    ]

    /// Modules of the platform, allowed everywhere.
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Synchronization", "Dispatch"]

    /// The package's root folder (this file is Tests/StapleEngineTests/LayeringTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The modules a Swift source imports (`import X`, `internal import X`, `@preconcurrency import X`).
    static func imports(in source: String) -> Set<String> {
        var modules: Set<String> = []
        for line in source.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("@") }
            let rest = ["internal", "public", "private", "fileprivate", "package"].contains(words.first ?? "")
                ? Array(words.dropFirst()) : words
            guard rest.count >= 2, rest[0] == "import" else { continue }
            // `import struct Foo.Bar` names the module after the kind.
            let name = ["struct", "class", "enum", "protocol", "func", "typealias", "var", "let"].contains(rest[1]) && rest.count > 2
                ? rest[2] : rest[1]
            modules.insert(String(name.split(separator: ".").first ?? ""))
        }
        return modules
    }

    @Test func importsParseEveryForm() {
        #expect(Self.imports(in: """
            import Foundation
            internal import COpenSSL
            @preconcurrency import Glibc
            import struct NIOCore.ByteBuffer
            // import Hidden
            let importance = 1
            """) == ["Foundation", "COpenSSL", "Glibc", "NIOCore"])
    }

    @Test(arguments: allowed.keys.sorted())
    func everyImportIsAnAllowedLayer(target: String) throws {
        let folder = "\(Self.root)/Sources/\(target)"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(!files.isEmpty, "no sources in \(folder)")
        let allowed = Self.allowed[target, default: []].union(Self.system)
        var wrong: [String] = []
        for file in files {
            let source = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
            for module in Self.imports(in: source).subtracting(allowed).sorted() { wrong.append("\(file) imports \(module)") }
        }
        #expect(wrong == [], "\(target) may import only \(Self.allowed[target, default: []].sorted()) (DESIGN.md, Layers)")
    }

    /// The dependencies Package.swift declares for `target`: quoted target names and product
    /// names inside its `.target(` / `.executableTarget(` call, and NIOCore + NIOPosix for `+ nio`.
    static func declaredDependencies(of target: String, in manifest: String) -> Set<String>? {
        // The target's own call, not the product that shares its name.
        guard let start = manifest.range(of: #"\.(target|executableTarget)\(\s*name: "# + "\"\(target)\"",
                                         options: .regularExpression) else { return nil }
        // The call ends at the first `)` that closes it: count parentheses from its `name:`.
        var depth = 1
        var end = start.upperBound
        while end < manifest.endIndex, depth > 0 {
            if manifest[end] == "(" { depth += 1 }
            if manifest[end] == ")" { depth -= 1 }
            end = manifest.index(after: end)
        }
        let call = String(manifest[start.upperBound..<end])
        var names: Set<String> = []
        var rest = Substring(call)
        while let open = rest.firstIndex(of: "\"") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "\"") else { break }
            names.insert(String(rest[after..<close]))
            rest = rest[rest.index(after: close)...]
        }
        names.subtract(["swift-nio", "swift-argument-parser", "Yams", "openssl", "libssl-dev"])
        if call.contains("+ nio") { names.formUnion(["NIOCore", "NIOPosix"]) }
        if call.contains("package: \"Yams\"") { names.insert("Yams") }
        return names
    }

    @Test(arguments: allowed.keys.sorted())
    func theManifestDeclaresTheSameLayers(target: String) throws {
        let manifest = try String(contentsOfFile: "\(Self.root)/Package.swift", encoding: .utf8)
        let declared = try #require(Self.declaredDependencies(of: target, in: manifest), "no target \(target) in Package.swift")
        #expect(declared == Self.allowed[target], "Package.swift and DESIGN.md disagree about \(target)")
    }
}
