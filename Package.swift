// swift-tools-version: 6.1
import PackageDescription

// Layers, lowest first: Collect (article model, importers, clean-up, fingerprints, page
// parsers for the two sites) ← Store (SQLite corpus, dedup, full-text search, crawl ledger) ←
// Crawl (polite, resumable fetching of rodong.rep.kp and kcna.kp) ← Read (Korean and English text engine:
// orthography folding, sentences, tokens, the multi-pattern matcher, and word-level Korean through MeCab
// with NK-HanDic, loaded at run time) ← Code (codebooks,
// coding with evidence, validation) ← Measure (series, change points, bursts, tests) ←
// Watch (rules, alerts, deliveries; beside Show, over Crawl and Measure) ←
// Show (reports: HTML with SVG charts, Markdown, JSON) ← Server (the dashboard, Hummingbird)
// ← Bench (benchmarks) ← the `sinmun` command line. Postgres (the corpus on a PostgreSQL server, beside Store,
// over Collect and Store) is imported only by the command line.
// A lower layer never imports a higher one; the CLI stays a thin shell over the library.
let package = Package(
    name: "Sinmun",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SinmunCollect", targets: ["SinmunCollect"]),
        .library(name: "SinmunStore", targets: ["SinmunStore"]),
        .library(name: "SinmunCrawl", targets: ["SinmunCrawl"]),
        .library(name: "SinmunRead", targets: ["SinmunRead"]),
        .library(name: "SinmunCode", targets: ["SinmunCode"]),
        .library(name: "SinmunMeasure", targets: ["SinmunMeasure"]),
        .library(name: "SinmunShow", targets: ["SinmunShow"]),
        .library(name: "SinmunWatch", targets: ["SinmunWatch"]),
        .library(name: "SinmunPostgres", targets: ["SinmunPostgres"]),
        .executable(name: "sinmun", targets: ["sinmun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Views: the report's and the dashboard's HTML come from Mustache templates (escaped by default).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The dashboard's answers go out gzipped.
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        // `swift package generate-documentation`: the DocC catalogues under Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The team server's corpus: PostgreSQL through its NIO client (issue 20).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libxml2's HTML parser (pages of the two sites) and zlib (raw pages kept compressed).
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "SinmunCollect",
            dependencies: ["CLibXML2", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Collect"
        ),
        .target(
            name: "SinmunStore",
            dependencies: [
                "SinmunCollect", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for a SQL function a search calls once per match.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Store"
        ),
        // The corpus on a PostgreSQL server: schema, copy to and from SQLite, full-text search.
        .target(
            name: "SinmunPostgres",
            dependencies: [
                "SinmunCollect", "SinmunStore", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Sources/StorePostgres"
        ),
        .target(
            name: "SinmunCrawl",
            dependencies: [
                "SinmunCollect", "SinmunStore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Crawl"
        ),
        // MeCab's C API, loaded with dlopen at run time: no build-time dependency on MeCab.
        .target(
            name: "CMeCab", path: "Sources/CMeCab", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(
            name: "SinmunRead",
            dependencies: ["CMeCab"],
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
        // Watching: rules evaluated after each collection, alerts and their deliveries.
        .target(
            name: "SinmunWatch",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunCrawl", "SinmunRead", "SinmunCode", "SinmunMeasure",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Watch"
        ),
        .target(
            name: "SinmunShow",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Sources/Show",
            resources: [.copy("Templates")]
        ),
        .target(
            name: "SinmunServer",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Sources/Server",
            resources: [.copy("Templates")]
        ),
        .target(
            name: "SinmunBench",
            dependencies: ["SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure"],
            path: "Sources/Bench"
        ),
        .executableTarget(
            name: "sinmun",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow",
                "SinmunServer", "SinmunBench", "SinmunCrawl", "SinmunWatch", "SinmunPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI"
        ),
        .testTarget(
            name: "SinmunTests",
            dependencies: [
                "SinmunCollect", "SinmunStore", "SinmunRead", "SinmunCode", "SinmunMeasure", "SinmunShow",
                "SinmunServer", "SinmunBench", "SinmunCrawl", "SinmunWatch", "SinmunPostgres", "sinmun",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/SinmunTests"
        ),
    ]
)
