import BBTServer
import BBTTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded

/// The service in process, on its own copy of a database seeded once from FormTemplates and
/// samples/, with a clock the test sets. Requests go straight to the router's responder, as
/// HummingbirdTesting's `.router` mode sends them, without its HTTP client and TLS stack (two
/// clean builds of those, with and without ThreadSanitizer, cost CI more than three minutes).
struct TestService: Sendable {
    let responder: Router<AppContext>.Responder
    let state: ServiceState
    let clock: ManualClock
    /// The database file, for a second service on the same data (a restart).
    let database: URL

    /// Runs `body` against a fresh service: a copy of the seeded database unless `database` is given.
    static func with<T: Sendable>(database: URL? = nil, clock: ManualClock = ManualClock(), webhookRetryDelays: [Int] = [30, 120, 600, 3600],
                                  webhookTimeoutSeconds: Int64 = 10,
                                  _ body: @Sendable (TestService) async throws -> T) async throws -> T {
        let db: URL
        if let database { db = database } else { db = try await SeededDatabase.shared.copy() }
        var options = ServerOptions()
        options.database = db.path
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        options.webhookRetryDelays = webhookRetryDelays
        options.webhookTimeoutSeconds = webhookTimeoutSeconds
        let logger = TestService.logger
        let (state, _) = try await Server.prepare(options, logger: logger, clock: clock)
        return try await body(TestService(responder: Server.router(state).buildResponder(), state: state, clock: clock, database: db))
    }

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    struct Reply: Sendable {
        let status: Int
        let body: Data
        /// Lower-case names; repeated headers joined with ", " except Set-Cookie, which keeps the last.
        let headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorFields: [String: String] { ((json["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:] }
        /// The session token a `Set-Cookie: bbt_session=…` hands out.
        var sessionCookie: String? {
            guard let cookie = headers["set-cookie"], cookie.hasPrefix("bbt_session=") else { return nil }
            return cookie.dropFirst("bbt_session=".count).split(separator: ";").first.map(String.init)
        }
    }

    /// One request as a client sends it: a bearer `token` (the API) or a session `cookie` (the pages),
    /// a JSON `body`, `raw` bytes, or an HTML `form` (`a=1&b=2`).
    func request(_ method: String, _ path: String, token: String? = nil, cookie: String? = nil, body: Any? = nil,
                 raw: Data? = nil, form: String? = nil, contentType: String? = nil) async throws -> Reply {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let cookie { headers[.cookie] = "bbt_session=\(cookie)" }
        var bytes: Data?
        if let body {
            bytes = try JSONSerialization.data(withJSONObject: body)
            headers[.contentType] = "application/json"
        }
        if let raw { bytes = raw }
        if let form {
            bytes = Data(form.utf8)
            headers[.contentType] = "application/x-www-form-urlencoded"
        }
        if let contentType { headers[.contentType] = contentType }
        if let bytes { headers[.contentLength] = String(bytes.count) }
        let request = Request(
            head: HTTPRequest(method: HTTPRequest.Method(rawValue: method)!, scheme: "http", authority: "localhost", path: path,
                              headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(bytes: bytes ?? Data())))
        let context = AppContext(source: .init(channel: NIOAsyncTestingChannel(), logger: TestService.logger))
        let response = try await responder.respond(to: request, context: context)
        let collected = CollectedBody()
        try await response.body.write(collected)
        var out: [String: String] = [:]
        for field in response.headers {
            let name = field.name.canonicalName
            out[name] = name == "set-cookie" || out[name] == nil ? field.value : out[name]! + ", " + field.value
        }
        return Reply(status: Int(response.status.code), body: collected.data, headers: out)
    }

    /// Logs in a demo user from samples/users.csv and returns the token.
    func login(_ user: String, _ password: String = "demo1234") async throws -> String {
        let r = try await request("POST", "/api/v1/login", body: ["username": user, "password": password])
        guard let token = r.json["token"] as? String else { throw LoginFailed(status: r.status, body: r.text) }
        return token
    }

    struct LoginFailed: Error {
        let status: Int
        let body: String
    }
}

/// A response body as the client would read it.
final class CollectedBody: ResponseBodyWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    var data: Data { lock.withLock { bytes } }

    func write(_ buffer: ByteBuffer) async throws {
        lock.withLock { bytes.append(contentsOf: buffer.readableBytesView) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// FormTemplates and samples/ loaded once per test run (bcrypt makes seeding slow by design); every
/// service gets a copy of the file.
actor SeededDatabase {
    static let shared = SeededDatabase()
    /// One seeding, however many suites ask for it at once.
    private var seeding: Task<URL, any Error>?

    func copy() async throws -> URL {
        let source = try await seed()
        let copy = try TestTools.temporaryDirectory("service").appendingPathComponent("bbt.sqlite")
        try FileManager.default.copyItem(at: source, to: copy)
        // Nothing writes to the seeded database any more, so the file and a WAL left beside it are a
        // consistent pair; SQLite rebuilds the WAL's index (-shm) on opening the copy.
        let wal = URL(fileURLWithPath: source.path + "-wal")
        if FileManager.default.fileExists(atPath: wal.path) {
            try FileManager.default.copyItem(at: wal, to: URL(fileURLWithPath: copy.path + "-wal"))
        }
        return copy
    }

    private func seed() async throws -> URL {
        if let seeding { return try await seeding.value }
        let task = Task<URL, any Error> {
            let db = try TestTools.temporaryDirectory("seeded").appendingPathComponent("bbt.sqlite")
            var options = ServerOptions()
            options.database = db.path
            options.templates = TestTools.path("FormTemplates")
            options.seed = TestTools.path("samples")
            // The service state, and with it the store's connections, ends with this call: closing the
            // last connection checkpoints the WAL into the file.
            _ = try await Server.prepare(options, logger: TestService.logger, clock: ManualClock())
            return db
        }
        seeding = task
        return try await task.value
    }
}
