import BBTAPI
import BBTEngine
import BBTPostgres
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import Logging

/// How `bbt serve` starts.
public struct ServerOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = "data/bbt.sqlite"
    public var templates = "FormTemplates"
    /// Loaded into an empty database; `nil` to start empty.
    public var seed: String? = "samples"
    /// `--read-db`: a hot standby of the PostgreSQL database for reports and status pages.
    public var readDatabase: String?
    /// `false` (`--no-partials`): merged reports read every filling unit's values, as before issue 26,
    /// so that a benchmark can put both side by side on one store.
    public var keepPartials = true
    /// Seconds between a failed webhook delivery and its next try; given up after the last.
    public var webhookRetryDelays = [30, 120, 600, 3600]
    /// How long one webhook call may take before it counts as failed.
    public var webhookTimeoutSeconds: Int64 = 10

    public init() {}
}

public enum Server {
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the store, publishes the templates on first start, seeds an empty database. `seeded` is
    /// `true` when this start loaded the seed folder (and so the demo log-ins exist).
    public static func prepare(_ options: ServerOptions, logger: Logger,
                               clock: any ServiceClock = SystemClock()) async throws -> (state: ServiceState, seeded: Bool) {
        try WebFiles.check()  // the pages' templates and static files (Pages/): a clear StartupError when missing
        let store = try await StoreLocation.open(options.database, logger: logger)
        // Servers starting together on a new database: one publishes and seeds, the others find it done.
        let (published, seeded) = try await store.exclusively { () async throws -> (Published, Bool) in
            let published = try await firstTemplates(store, options: options, logger: logger, clock: clock)
            var seeded = false
            if try await store.isEmpty(), let seed = options.seed {
                let counts = try await Seed.load(seed, into: store, catalog: published.catalog, templates: published.files, at: clock.instant())
                seeded = true
                logger.info("seeded from \(seed): \(counts.units) units, \(counts.users) users, \(counts.forms) forms")
            }
            return (published, seeded)
        }
        let tree = UnitTree.stored(try await store.units(), changes: try await store.unitChanges())
        var replica: ReadReplica?
        if let read = options.readDatabase {
            guard let primary = store as? PostgresStore, StoreLocation.isPostgres(read) else {
                throw StartupError(description: "--read-db 需要 --db 与 --read-db 都是 postgres:// 地址 (主库和它的热备库)")
            }
            replica = ReadReplica(primary: primary, standby: try await PostgresStore.openStandby(url: read, logger: logger), logger: logger)
            await replica?.check()
        }
        let deliverer = WebhookDeliverer(store: store, logger: logger, retryDelays: options.webhookRetryDelays,
                                         timeoutSeconds: options.webhookTimeoutSeconds)
        return (ServiceState(store: store, tree: tree, templates: published, clock: clock, marks: try await store.changeMarks(),
                             deliverer: deliverer, replica: replica, keepPartials: options.keepPartials), seeded)
    }

    /// The stored templates, or on a new database the templates folder published as version 1.
    static func firstTemplates(_ store: any Store, options: ServerOptions, logger: Logger, clock: any ServiceClock) async throws -> Published {
        if let stored = try await store.latestTemplates() {
            guard let published = Published(stored) else { throw StartupError(description: "数据库中的模板版本 \(stored.version) 有错误") }
            logger.info("templates: version \(stored.version) from the database")
            return published
        }
        let sources = try TemplateLoader.load(options.templates)
        let c = Compiler.compile(sources)
        if c.hasErrors {
            let printer = DiagnosticPrinter(sources: sources, showSource: false)
            throw StartupError(description: c.diagnostics.filter { $0.severity == .error }.map(printer.render).joined(separator: "\n"))
        }
        let files = Dictionary(uniqueKeysWithValues: sources.files.map { ($0.path, $0.text) })
        let at = clock.instant()
        let version = try await store.publishTemplates(files: files, by: "system", at: at)
        logger.info("templates: \(options.templates) published as version \(version)")
        return Published(version: version, catalog: c.catalog, files: files, publishedAt: at, publishedBy: "system")
    }

    /// The router with every route; used by `bbt serve` and by the tests.
    public static func router(_ state: ServiceState) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.addMiddleware {
            LogRequestsMiddleware(.info)
            AuthMiddleware(state: state)
            // Inside the authentication, so that an error page still says who is logged in.
            ErrorAnswers(pages: WebRoutes(state: state))
        }
        LoginRoutes(state: state).add(to: router)
        // Every other API route needs a logged-in user: the group's context answers 401 without one.
        let api = router.group(context: UserContext.self)
        FormRoutes(state: state).add(to: api)
        ReviewRoutes(state: state).add(to: api)
        ReportRoutes(state: state).add(to: api)
        CellRoutes(state: state).add(to: api)
        StatusRoutes(state: state).add(to: api)
        TemplateRoutes(state: state).add(to: api)
        CatalogRoutes(state: state).add(to: api)
        UserRoutes(state: state).add(to: api)
        UnitRoutes(state: state).add(to: api)
        AuditRoutes(state: state).add(to: api)
        SourceRoutes(state: state).add(to: api)
        RequestRoutes(state: state).add(to: api)
        BurdenRoutes(state: state).add(to: api)
        ReminderRoutes(state: state).add(to: api)
        WebRoutes(state: state).add(to: router)
        router.get("/api/v1/health") { _, _ in try jsonResponse(OKAnswer()) }
        router.get("/api/v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: WebFiles.current.openAPI))
        }
        return router
    }

    public static func buildApplication(_ state: ServiceState, options: ServerOptions, logger: Logger,
                                        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(state),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "BaoBiaoTong"),
            services: [StoreWatcher(state: state, logger: logger), ReminderRunner(state: state, logger: logger)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
