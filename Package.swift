// swift-tools-version:6.0
import PackageDescription

// The layers of DESIGN.md: each arrow is a dependency a target may have, and nothing else
// (Tests/StapleEngineTests/LayeringTests.swift checks every import against this manifest).
//   staplebench ─► StapleEngine ─► StapleActors ─► StapleTLS ─► StaplePKI ─► COpenSSL
//        │              │               └──────────► StapleLinks
//        │              ├─► StapleReport (file formats)      (every Staple* target may import StapleCore)
//        │              └─► StapleTLS, StaplePKI, StapleLinks (the engine wires them)
//        ├─► StapleSim ─► StapleEngine, StapleReport (simulate: the engine's decisions in virtual time)
//        └─► StapleReport, StapleActors, StapleTLS, StaplePKI (serve, pki, bench)
let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]
/// Test targets that drive handlers on `EmbeddedChannel`/`EmbeddedEventLoop` name that module too.
let nioTesting: [Target.Dependency] = nio + [.product(name: "NIOEmbedded", package: "swift-nio")]

let package = Package(
    name: "StapleBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "staplebench", targets: ["staplebench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "StapleCore"),
        .target(name: "StaplePKI", dependencies: ["COpenSSL", "StapleCore"]),
        .target(name: "StapleTLS", dependencies: ["COpenSSL", "StaplePKI", "StapleCore"] + nio),
        .target(name: "StapleLinks", dependencies: ["StapleCore"] + nio),
        .target(
            name: "StapleActors",
            dependencies: ["StapleTLS", "StaplePKI", "StapleLinks", "StapleCore",
                           .product(name: "NIOHTTP1", package: "swift-nio")] + nio
        ),
        .target(name: "StapleReport", dependencies: ["StapleCore"]),
        .target(
            name: "StapleEngine",
            dependencies: ["StapleActors", "StapleTLS", "StaplePKI", "StapleLinks", "StapleReport", "StapleCore",
                           .product(name: "Yams", package: "Yams"),
                           .product(name: "NIOHTTP1", package: "swift-nio")] + nio
        ),
        // The discrete-event simulator (`staplebench simulate`): the actors' policy rules in virtual time.
        .target(name: "StapleSim", dependencies: ["StapleEngine", "StapleReport", "StapleCore"]),
        .executableTarget(
            name: "staplebench",
            dependencies: ["StapleEngine", "StapleSim", "StapleReport", "StapleActors", "StapleTLS", "StaplePKI", "StapleCore",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")] + nio
        ),
        // What several test targets share (running the `openssl` command, temporary folders).
        .target(name: "StapleTestSupport", path: "Tests/StapleTestSupport"),
        .testTarget(name: "StapleCoreTests", dependencies: ["StapleCore"]),
        .testTarget(name: "StaplePKITests", dependencies: ["StaplePKI", "StapleCore", "StapleTestSupport"]),
        .testTarget(name: "StapleTLSTests", dependencies: ["StapleTLS", "StaplePKI", "StapleCore", "StapleTestSupport",
                                                          .product(name: "NIOHTTP1", package: "swift-nio")] + nioTesting),
        .testTarget(name: "StapleLinksTests", dependencies: ["StapleLinks", "StapleCore", "StapleTestSupport"] + nioTesting),
        .testTarget(name: "StapleActorsTests", dependencies: ["StapleActors", "StapleTLS", "StaplePKI", "StapleLinks",
                                                            "StapleCore", "StapleTestSupport"] + nioTesting),
        .testTarget(name: "StapleReportTests", dependencies: ["StapleReport", "StapleCore"], exclude: ["Golden"]),
        .testTarget(name: "StapleEngineTests", dependencies: ["StapleEngine", "StapleCore", "StapleTestSupport"] + nio),
        .testTarget(name: "StapleSimTests", dependencies: ["StapleSim", "StapleEngine", "StapleReport", "StapleCore",
                                                          "StapleTestSupport"]),
    ]
)
