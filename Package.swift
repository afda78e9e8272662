// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "BaoBiaoTong",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bbt", targets: ["bbt"]),
        .library(name: "BBTTemplates", targets: ["BBTTemplates"]),
        .library(name: "BBTEngine", targets: ["BBTEngine"]),
        .library(name: "BBTNumber", targets: ["BBTNumber"]),
        .library(name: "BBTSheet", targets: ["BBTSheet"]),
        .library(name: "BBTImport", targets: ["BBTImport"]),
        .library(name: "BBTXLSX", targets: ["BBTXLSX"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        // Only for NIOEmbedded in the server tests; Hummingbird brings swift-nio anyway.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // Already under Hummingbird; named for the store watcher that runs beside the HTTP server.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // Outgoing calls: 催报 to 企业微信/钉钉 group robots and cities' platforms (webhooks).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C libraries: module maps and shim headers only (see Sources/*/shim.h for why).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Exact decimal numbers: Int64 and a scale, Foundation's Decimal beyond that.
        .target(name: "BBTNumber"),
        // The template language: sources, diagnostics, lexer, parser, checker, catalog.
        .target(name: "BBTTemplates", dependencies: ["BBTNumber"]),
        // Pure evaluation: periods, the one form, values, time and unit aggregation. No I/O.
        .target(name: "BBTEngine", dependencies: ["BBTNumber", "BBTTemplates"]),
        // An XLSX writer of our own: workbook parts, streaming worksheets, ZIP over zlib.
        .target(name: "BBTXLSX", dependencies: ["CZlib"]),
        // XML through libxml2: the writer, safe parsing, XSD validation.
        .target(name: "BBTXML", dependencies: ["CLibXML2"]),
        // Reading spreadsheets from outside: ZIP through zlib's inflate, XML through libxml2's
        // streaming reader, bounded in memory whatever the file claims.
        .target(name: "BBTSheet", dependencies: ["CZlib", "CLibXML2"]),
        // A department's Excel form drafted as a report over the catalog's fields.
        .target(name: "BBTImport", dependencies: ["BBTSheet", "BBTTemplates"]),
        // Report tables as files: the XLSX layout of a statistical form, XML, JSON.
        .target(name: "BBTRender", dependencies: ["BBTNumber", "BBTEngine", "BBTTemplates", "BBTXLSX", "BBTXML"]),
        // Storage behind protocols cut by aspect (units, users and sessions, forms, sources, templates,
        // audit) and the records they pass; no database driver.
        .target(name: "BBTStore", dependencies: ["BBTNumber", "BBTEngine", "BBTTemplates"]),
        // The embedded default store: SQLite through GRDB (WAL), its migrations and online backup.
        .target(name: "BBTSQLite", dependencies: [
            "BBTStore", "BBTEngine", "BBTTemplates",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The same store on PostgreSQL (and servers that speak its protocol), for several servers.
        .target(name: "BBTPostgres", dependencies: [
            "BBTStore", "BBTEngine", "BBTTemplates",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The HTTP service: buildApplication, routes by resource, auth, web pages.
        .target(name: "BBTServer", dependencies: [
            "BBTNumber", "BBTAPI", "BBTStore", "BBTSQLite", "BBTPostgres", "BBTEngine", "BBTTemplates", "BBTRender", "BBTXLSX", "BBTOffline", "BBTImport", "BBTSheet",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.copy("Pages")]),
        // The API's contract as types: every answer and request the HTTP service and `bbt … --json`
        // speak, `Codable` through the engine's ordered, exact JSON coders (docs/openapi.yaml).
        .target(name: "BBTAPI", dependencies: ["BBTNumber", "BBTEngine", "BBTTemplates", "BBTImport"]),
        // The offline files: units CSV and the DATA/MONTH/UNIT.json layout (I/O at the edge).
        .target(name: "BBTOffline", dependencies: ["BBTEngine", "BBTTemplates"]),

        .executableTarget(
            name: "bbt",
            dependencies: [
                "BBTNumber", "BBTAPI", "BBTTemplates", "BBTEngine", "BBTRender", "BBTXLSX", "BBTOffline", "BBTServer", "BBTStore", "BBTSQLite", "BBTImport", "BBTSheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Fixtures are read by path (#filePath), so golden files can be rewritten in place.
        .testTarget(name: "BBTNumberTests", dependencies: ["BBTNumber"]),
        .testTarget(name: "BBTTemplatesTests", dependencies: ["BBTTemplates", "BBTTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BBTEngineTests", dependencies: ["BBTNumber", "BBTEngine", "BBTTemplates", "BBTTestSupport"]),
        .testTarget(name: "CInteropTests", dependencies: ["CLibXML2", "CZlib"]),
        // Helpers shared by the tests: golden files, template snippets, temporary folders, ZIP archives read back, openpyxl and LibreOffice.
        .target(name: "BBTTestSupport", dependencies: ["BBTSheet", "BBTTemplates", "BBTEngine"], path: "Tests/Support"),
        .testTarget(name: "BBTXLSXTests", dependencies: ["BBTXLSX", "CZlib", "BBTTestSupport"]),
        .testTarget(name: "BBTXMLTests", dependencies: ["BBTXML", "CLibXML2"]),
        .testTarget(name: "BBTImportTests", dependencies: ["BBTImport", "BBTSheet", "BBTTemplates", "BBTXLSX", "BBTTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BBTRenderTests", dependencies: ["BBTRender", "BBTOffline", "BBTEngine", "BBTTemplates", "BBTXLSX", "BBTXML", "BBTTestSupport"],
                    exclude: ["Fixtures", "read_xlsx.py"]),
        .testTarget(name: "BBTOfflineTests", dependencies: ["BBTOffline", "BBTEngine", "BBTTemplates", "BBTNumber", "BBTTestSupport"]),
        // One suite that every Store must pass, with a factory per store.
        .testTarget(name: "BBTStoreTests", dependencies: ["BBTStore", "BBTSQLite", "BBTPostgres", "BBTEngine", "BBTTemplates", "BBTNumber", "BBTTestSupport",
                                                          .product(name: "Logging", package: "swift-log"),
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "bbtTests", dependencies: ["bbt", "BBTPostgres", "BBTTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "BBTServerTests", dependencies: [
            "BBTServer", "BBTStore", "BBTNumber", "BBTEngine", "BBTTemplates", "BBTTestSupport",
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
