import ArgumentParser
import BBTServer
import Dispatch
import Foundation
import Hummingbird
import Logging

/// `bbt serve`: the service, on an embedded SQLite database, seeded with the demo when empty.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service (HTTP API and web pages) on an embedded SQLite database or on PostgreSQL.",
        discussion: """
            --db (or BBT_DB) is a SQLite file (created when missing) or postgres://USER:PASSWORD@HOST:PORT/DATABASE: \
            any number of servers on one PostgreSQL database are one service (docs/operations.md).
            """)

    @Option(help: "The templates folder, published as the first version on an empty database.") var templates = "FormTemplates"
    @Option(help: "The SQLite database file (created when missing), or a postgres:// URL. Default: BBT_DB, else data/bbt.sqlite.")
    var db = ProcessInfo.processInfo.environment["BBT_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "data/bbt.sqlite"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Seed folder loaded into an empty database (units.csv, users.csv, data/).") var seed = "samples"
    @Option(name: .customLong("read-db"),
            help: "A hot standby of the --db PostgreSQL database (postgres://…): reports, drill-downs and status pages read from it while it keeps up.")
    var readDB: String?
    @Flag(name: .customLong("no-partials"),
          help: "Merged reports and completeness read every filling unit's values instead of what is kept between reads (for benchmarks: scripts/bench-province).")
    var noPartials = false

    func run() throws {
        var options = ServerOptions()
        options.templates = templates
        options.database = db
        options.host = host
        options.port = port
        options.seed = seed.isEmpty ? nil : seed
        options.readDatabase = readDB.flatMap { $0.isEmpty ? nil : $0 }
        options.keepPartials = !noPartials
        guard (0...65_535).contains(port) else { throw Console.usage("--port 应在 0 到 65535 之间") }
        let start = options
        try Console.block("bbt serve") { try await Serve.serve(start) }
    }

    static func serve(_ options: ServerOptions) async throws {
        var logger = Logger(label: "bbt")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let (state, seeded) = try await Server.prepare(options, logger: logger)
        let app = Server.buildApplication(state, options: options, logger: logger) { port in
            print("报表通 is running at http://\(options.host):\(port)/")
            // An existing database keeps its own users: the demo ones may be gone or changed.
            if seeded {
                print("demo log-ins (from samples/users.csv): admin / admin123 (admin), jinjiang / demo1234 (锦江区 reviewer),")
                print("  street1 / demo1234 (春熙路街道 reviewer), c002003 / demo1234 (王家坝社区 filler: June not yet submitted),")
                print("  gongan / demo1234 (公安 data account: uploads, corrections), zhujian / demo1234 (住建 requester: 报表准入)")
            }
            Console.flush()
        }
        try await app.runService()
    }
}
