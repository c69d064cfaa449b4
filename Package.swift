// swift-tools-version: 6.1
import PackageDescription

// Layers, lowest first: Collect (article model, importers, clean-up, fingerprints) ←
// Store (SQLite corpus, dedup, full-text search) ← the `sinmun` command line.
// A lower layer never imports a higher one; the CLI stays a thin shell over the library.
let package = Package(
    name: "Sinmun",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SinmunCollect", targets: ["SinmunCollect"]),
        .library(name: "SinmunStore", targets: ["SinmunStore"]),
        .executable(name: "sinmun", targets: ["sinmun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
        .executableTarget(
            name: "sinmun",
            dependencies: [
                "SinmunCollect", "SinmunStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI"
        ),
        .testTarget(
            name: "SinmunTests",
            dependencies: ["SinmunCollect", "SinmunStore", "sinmun"],
            path: "Tests/SinmunTests"
        ),
    ]
)
