// swift-tools-version:6.0
import PackageDescription

// The interview's modules import FoundationEssentials, not Foundation, so ICU (half the binary, a
// third of its start) is not linked (issue 37). Members are looked up only in modules a file imports
// itself: without this, swift-crypto's `import Foundation` lent its String methods to every file.
let essentialsOnly: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]
// Each generic type a start first meets (`[String: String]`'s storage, `Set<UInt8>`, `SHA256`'s
// context…) was looked up by its mangled name, and each first look-up scanned every conformance
// record in the binary. Direct metadata accessors pass the conformances the compiler already knows;
// on every interview module, a warm first screen is about 0.35 ms sooner than on IntakeCore alone
// (docs/performance.md). An -Xfrontend flag, which SwiftPM allows a root package.
let interviewSettings = essentialsOnly + [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]

let package = Package(
    name: "intake",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .executable(name: "intake-fuzz", targets: ["intake-fuzz"]),
        .executable(name: "intake-store", targets: ["intake-store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The force's shared store (issue 32): PostgreSQL through postgres-nio, TLS through NIOSSL.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // IntakeCore reads flows with libyaml's event parser, Debian's libyaml (Sources/IntakeCore/
        // Loading/YAMLDocument.swift says why), opened when first needed rather than linked, so a warm
        // start never loads it (Sources/CLibYAML/shim.h); Yams stays for the tests, which compare against it.
        // Crypto for the short SHA-256 a translation keeps of the English it translates (pure computation).
        .systemLibrary(name: "CLibYAML", path: "Sources/CLibYAML", providers: [.apt(["libyaml-dev"])]),
        .target(name: "IntakeCore", dependencies: ["CLibYAML", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: interviewSettings),
        .target(name: "IntakeRecords", dependencies: ["IntakeCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: interviewSettings),
        // Between the core and the command line: every durable edge of an interview (issue 15).
        .target(name: "IntakeSession", dependencies: ["IntakeCore", "IntakeRecords", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: interviewSettings),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncurses-dev"])]),
        // libedit for line editing and history on the line-by-line front (issue 13, part 7).
        .systemLibrary(name: "CEdit", path: "Sources/CEdit", providers: [.apt(["libedit-dev"])]),
        // Draws and reads keys: only the core's wording, never records or storage.
        .target(name: "IntakeTerminal", dependencies: ["IntakeCore", "CNCurses", "CEdit"], swiftSettings: interviewSettings),
        .executableTarget(
            name: "intake",
            dependencies: [
                "IntakeCore", "IntakeRecords", "IntakeSession", "IntakeTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: interviewSettings
        ),
        // libFuzzer entry points (scripts/fuzz builds them with -sanitize=fuzzer); built plainly, the
        // same binary replays inputs, which is how crashing inputs become regression tests.
        // The shared store and sync (issue 32). Its own executable, so the interview's binary links no
        // network stack: `intake store|sync` and a configured store's pushes run `intake-store`.
        .target(name: "IntakeStore", dependencies: [
            "IntakeCore", "IntakeRecords", "IntakeSession",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "intake-store", dependencies: [
            "IntakeRecords", "IntakeSession", "IntakeStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "intake-fuzz", dependencies: ["IntakeCore", "IntakeRecords"], path: "Fuzz/Sources"),
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeCore", .product(name: "Yams", package: "Yams")], resources: [.copy("Fixtures")]),
        .testTarget(name: "IntakeRecordsTests", dependencies: ["IntakeRecords"]),
        .testTarget(name: "IntakeSessionTests", dependencies: ["IntakeSession"]),
        .testTarget(name: "IntakeStoreTests", dependencies: ["IntakeStore", "IntakeSession", "intake", "intake-store"]),
        .testTarget(name: "IntakeTerminalTests", dependencies: ["IntakeTerminal"], exclude: ["Snapshots"]),
        .testTarget(name: "IntakeCLITests", dependencies: ["IntakeCore", "IntakeRecords", "intake", "intake-fuzz", .product(name: "Yams", package: "Yams")], exclude: ["FollowUp", "OldFlows", "Snapshots"],
                    resources: [.copy("Scenarios"), .copy("SchoolScenarios")]),
    ],
    swiftLanguageModes: [.v6]
)
