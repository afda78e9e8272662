import BBTServer
import BBTTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// The service in process (`app.test(.router)`: no socket), on its own copy of a database seeded once
/// from FormTemplates and samples/, with a clock the test sets.
struct TestService: Sendable {
    let client: any TestClientProtocol
    let state: ServiceState
    let clock: ManualClock
    /// The database file, for a second service on the same data (a restart).
    let database: URL

    /// Runs `body` against a fresh service: a copy of the seeded database unless `database` is given.
    static func with<T: Sendable>(database: URL? = nil, clock: ManualClock = ManualClock(),
                                  _ body: @Sendable (TestService) async throws -> T) async throws -> T {
        let db: URL
        if let database { db = database } else { db = try await SeededDatabase.shared.copy() }
        var options = ServerOptions()
        options.database = db.path
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        let logger = TestService.logger
        let (state, _) = try await Server.prepare(options, logger: logger, clock: clock)
        let app = Application(router: Server.router(state), logger: logger)
        return try await app.test(.router) { client in
            try await body(TestService(client: client, state: state, clock: clock, database: db))
        }
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
                 raw: Data? = nil, form: String? = nil) async throws -> Reply {
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
        let response = try await client.executeRequest(
            uri: path, method: HTTPRequest.Method(rawValue: method)!, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) })
        var out: [String: String] = [:]
        for field in response.headers {
            let name = field.name.canonicalName
            out[name] = name == "set-cookie" || out[name] == nil ? field.value : out[name]! + ", " + field.value
        }
        return Reply(status: Int(response.status.code), body: Data(buffer: response.body), headers: out)
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

/// FormTemplates and samples/ loaded once per test run (bcrypt makes seeding slow by design); every
/// service gets a copy of the file.
actor SeededDatabase {
    static let shared = SeededDatabase()
    private var seeded: URL?

    func copy() async throws -> URL {
        let source = try await seed()
        let copy = try TestTools.temporaryDirectory("service").appendingPathComponent("bbt.sqlite")
        try FileManager.default.copyItem(at: source, to: copy)
        let wal = URL(fileURLWithPath: source.path + "-wal")
        if FileManager.default.fileExists(atPath: wal.path) {
            try FileManager.default.copyItem(at: wal, to: URL(fileURLWithPath: copy.path + "-wal"))
        }
        return copy
    }

    private func seed() async throws -> URL {
        if let seeded { return seeded }
        let db = try TestTools.temporaryDirectory("seeded").appendingPathComponent("bbt.sqlite")
        var options = ServerOptions()
        options.database = db.path
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        try await SeededDatabase.prepareAndClose(options)
        seeded = db
        return db
    }

    /// Closing the last connection checkpoints the WAL into the file; a WAL left behind is copied too.
    private static func prepareAndClose(_ options: ServerOptions) async throws {
        _ = try await Server.prepare(options, logger: TestService.logger, clock: ManualClock())
    }
}
