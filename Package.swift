// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sera",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sera", targets: ["sera"]),
        .library(name: "SeraCore", targets: ["SeraCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        /// libedit behind non-variadic C wrappers: Swift cannot call `el_set` or `history` directly.
        .target(
            name: "CEditLine",
            linkerSettings: [.linkedLibrary("edit")]
        ),
        /// Everything that is not a terminal: corpus, index, query, render. No print, no exit.
        .target(
            name: "SeraCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: [.enableUpcomingFeature("BareSlashRegexLiterals")]
        ),
        /// The interactive shell: libedit, completion, history, pager, signals.
        .target(
            name: "SeraShell",
            dependencies: ["SeraCore", "CEditLine"]
        ),
        /// The thin executable: argument parsing, shell or batch mode, exit codes.
        .executableTarget(
            name: "sera",
            dependencies: [
                "SeraCore", "SeraShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// In-process latency percentiles and query sets for `scripts/bench`.
        .executableTarget(
            name: "sera-bench",
            dependencies: ["SeraCore"]
        ),
        .testTarget(
            name: "SeraCoreTests",
            dependencies: ["SeraCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SeraShellTests",
            dependencies: ["SeraShell", "SeraCore"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["sera", "SeraCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
