import BBTServer
import BBTTestSupport
import Foundation
import Hummingbird
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real server on a free loopback port with a fresh database seeded from samples/.
final class TestServer: @unchecked Sendable {
    let port: Int
    let database: URL
    private let task: Task<Void, any Error>

    static func start(database: URL? = nil) async throws -> TestServer {
        let db = try database ?? TestTools.temporaryDirectory("server").appendingPathComponent("bbt.sqlite")
        var options = ServerOptions()
        options.database = db.path
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        options.port = 0
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // stopping a test server logs cancellations as errors
        let state = try await Server.prepare(options, logger: logger)
        let ports = AsyncStream.makeStream(of: Int.self)
        let app = Server.buildApplication(state, options: options, logger: logger) { port in ports.continuation.yield(port) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw URLError(.cannotConnectToHost) }
        return TestServer(port: port, database: db, task: task)
    }

    private init(port: Int, database: URL, task: Task<Void, any Error>) {
        self.port = port
        self.database = database
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    struct Reply {
        let status: Int
        let body: Data
        let headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorFields: [String: String] { ((json["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:] }
    }

    func request(_ method: String, _ path: String, token: String? = nil, body: Any? = nil, raw: Data? = nil) async throws -> Reply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = method
        if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { r.httpBody = try JSONSerialization.data(withJSONObject: body) }
        if let raw { r.httpBody = raw }
        let (data, response) = try await TestServer.session.data(for: r)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers["\(k)".lowercased()] = "\(v)" }
        return Reply(status: http.statusCode, body: data, headers: headers)
    }

    /// No cookie jar: each request carries exactly the credentials the test gives it.
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.httpCookieStorage = nil
        config.httpShouldSetCookies = false
        return URLSession(configuration: config)
    }()

    /// Logs in a demo user from samples/users.csv and returns the token.
    func login(_ user: String, _ password: String = "demo1234") async throws -> String {
        let r = try await request("POST", "/api/v1/login", body: ["username": user, "password": password])
        guard let token = r.json["token"] as? String else { throw URLError(.userAuthenticationRequired) }
        return token
    }
}
