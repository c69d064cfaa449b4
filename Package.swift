// swift-tools-version: 6.1
import PackageDescription

// Layers, lowest first: Collect (article model, importers, clean-up, fingerprints) ←
// Store (SQLite corpus, dedup, full-text search) ← Read (Korean and English text engine:
// orthography folding, sentences, tokens, the multi-pattern matcher) ← Code (codebooks,
// coding with evidence, validation) ← Measure (series, change points, bursts, tests) ←
// Show (reports: HTML with SVG charts, Markdown, JSON) ← Server (the dashboard, Hummingbird)
// ← Bench (benchmarks) ← the `sinmun` command line.
// A lower layer never imports a higher one; the CLI stays a thin shell over the library.
let package = Package(
    name: "Sinmun",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SinmunCollect", targets: ["SinmunCollect"]),
        .library(name: "SinmunStore", targets: ["SinmunStore"]),
        .library(name: "SinmunRead", targets: ["SinmunRead"]),
        .library(name: "SinmunCode", targets: ["SinmunCode"]),
        .library(name: "SinmunMeasure", targets: ["SinmunMeasure"]),
        .library(name: "SinmunShow", targets: ["SinmunShow"]),
        .executable(name: "sinmun", targets: ["sinmun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(
            name: "SinmunCollect",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Collect"
        ),
        .target(
            name: "SinmunStore",
            dependencies: ["SinmunCollect", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/Store"
        ),
        .target(
            name: "SinmunRead",
            path: "Sources/Read"
        ),
        .target(
            name: "SinmunCode",
            dependencies: ["SinmunCollect", "SinmunStore", "SinmunRead", .product(name: "Yams", package: "Yams")],
            path: "Sources/Code"
        ),
        .target(
            name: "SinmunMeasure",
            dependencies: ["SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode"],
            path: "Sources/Measure"
        ),
        .target(
            name: "SinmunShow",
            dependencies: ["SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure"],
            path: "Sources/Show"
        ),
        .target(
            name: "SinmunServer",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Server"
        ),
        .target(
            name: "SinmunBench",
            dependencies: ["SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode"],
            path: "Sources/Bench"
        ),
        .executableTarget(
            name: "sinmun",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow", "SinmunServer", "SinmunBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI"
        ),
        .testTarget(
            name: "SinmunTests",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow", "SinmunServer", "SinmunBench", "sinmun",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/SinmunTests"
        ),
    ]
)
