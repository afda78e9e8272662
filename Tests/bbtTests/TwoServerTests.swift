@testable import BBTPostgres
import BBTTestSupport
import Foundation
import Testing

/// Two `bbt serve` processes on one PostgreSQL database are one service: a token from one is good on
/// the other, a save through one is read through the other, a stale save is caught across them, a
/// publish on one is served by the other within seconds, a disabled user is out on both, failed
/// log-ins count on both, and killing one loses nothing it acknowledged.
@Suite(.serialized, .enabled(if: TestPostgres.url != nil, "needs BBT_TEST_POSTGRES (scripts/test sets it)"))
struct TwoServerTests {
    typealias Server = CrashDurabilityTests.Server
    static func call(_ port: Int, _ method: String, _ path: String, token: String? = nil, body: Any? = nil) async -> (Int, [String: Any]) {
        await CrashDurabilityTests.call(port, method, path, token: token, body: body)
    }

    /// Both started at once on a new database: one migrates, publishes and seeds; the other finds it done.
    static func startTwo() async throws -> (Server, Server, String, URL) {
        let folder = try TestTools.temporaryDirectory("two-servers")
        let templates = try Server.timelessTemplates(next: folder.appendingPathComponent("db").path)
        let db = try TestPostgres.newDatabase("two")
        async let a = Task.detached { try Server(database: db, templates: templates) }.value
        async let b = Task.detached { try Server(database: db, templates: templates) }.value
        return (try await a, try await b, db, folder)
    }

    @Test func twoServersAreOneService() async throws {
        let (a, b, db, folder) = try await TwoServerTests.startTwo()
        defer { a.kill(); b.kill(); try? FileManager.default.removeItem(at: folder) }
        #expect(a.port > 0 && b.port > 0)
        #expect(try TestPostgres.psql(db, "SELECT COUNT(*) FROM template_versions") == "1", "published once")
        #expect(try TestPostgres.psql(db, "SELECT COUNT(*) FROM bbt_migrations") == "\(PostgresMigrations.all.count)", "migrated once")
        let units = try TestPostgres.psql(db, "SELECT COUNT(*) FROM units")
        #expect(Int(units) ?? 0 > 10, "seeded once: \(units) units")

        // Log in on A, save on B, read on A; a save on A from the version before is stale.
        let token = await CrashDurabilityTests.login(a.port, "c002003")
        #expect(!token.isEmpty)
        let unit = "510104002003", month = "2031-01"
        var (status, form) = await TwoServerTests.call(b.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
        #expect(status == 200, "A's token is good on B")
        let version = form["version"] as? Int ?? -1
        (status, form) = await TwoServerTests.call(b.port, "PUT", "/api/v1/units/\(unit)/forms/\(month)", token: token,
                                                   body: ["values": ["pop_resident": 4321], "version": version])
        #expect(status == 200)
        (status, form) = await TwoServerTests.call(a.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
        #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == 4321, "B's save read through A")
        #expect(form["version"] as? Int == version + 1)
        (status, form) = await TwoServerTests.call(a.port, "PUT", "/api/v1/units/\(unit)/forms/\(month)", token: token,
                                                   body: ["values": ["pop_resident": 1], "version": version])
        #expect(status == 409, "a stale save through A is a conflict")
        (status, form) = await TwoServerTests.call(b.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
        #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == 4321, "the stale save changed nothing")

        // A publish on B is served by A within seconds.
        let admin = await TwoServerTests.call(a.port, "POST", "/api/v1/login", body: ["username": "admin", "password": "admin123"]).1["token"] as? String ?? ""
        let (_, current) = await TwoServerTests.call(a.port, "GET", "/api/v1/templates", token: admin)
        var files = current["files"] as? [String: String] ?? [:]
        let before = current["version"] as? Int ?? 0
        let first = try #require(files.keys.sorted().first)
        files[first]! += "\n# 第二台服务器发布\n"
        let (published, answer) = await TwoServerTests.call(b.port, "PUT", "/api/v1/templates", token: admin, body: ["files": files])
        #expect(published == 200, "\(answer)")
        let start = Date()
        var seen = before
        while seen != before + 1, Date().timeIntervalSince(start) < 5 {
            try await Task.sleep(for: .milliseconds(100))
            seen = await TwoServerTests.call(a.port, "GET", "/api/v1/templates", token: admin).1["version"] as? Int ?? 0
        }
        #expect(seen == before + 1, "A serves B's version")
        // The watcher asks every second; the bound leaves room for a debug build compiling the
        // templates while the whole suite runs on two cores (CI once took 2.66 s).
        #expect(Date().timeIntervalSince(start) < 4, "within about a second: \(Date().timeIntervalSince(start)) s")

        // A user disabled on A is out on B at once.
        (status, _) = await TwoServerTests.call(a.port, "PATCH", "/api/v1/users/c002003", token: admin, body: ["disabled": true])
        #expect(status == 200)
        (status, _) = await TwoServerTests.call(b.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
        #expect(status == 401, "the disabled user's session is gone on B")

        // Failed log-ins count across servers: five on A, and B refuses the sixth even with the right password.
        for _ in 0..<5 {
            (status, _) = await TwoServerTests.call(a.port, "POST", "/api/v1/login", body: ["username": "street1", "password": "wrong"])
            #expect(status == 401)
        }
        (status, _) = await TwoServerTests.call(b.port, "POST", "/api/v1/login", body: ["username": "street1", "password": "demo1234"])
        #expect(status == 429)
    }

    /// Fillers save through both; A is killed with SIGKILL under load; every save either server
    /// acknowledged is read through B afterwards, with one audit row.
    @Test func killingOneServerLosesNothingAcknowledged() async throws {
        let (a, b, _, folder) = try await TwoServerTests.startTwo()
        defer { a.kill(); b.kill(); try? FileManager.default.removeItem(at: folder) }
        let fillers = [("c001001", "510104001001", a), ("c001002", "510104001002", b), ("c002001", "510104002001", a), ("c003001", "510104003001", b)]
        var tokens: [String: String] = [:]
        for (user, _, server) in fillers { tokens[user] = await CrashDurabilityTests.login(server.port, user) }
        let acked = Acked()
        let killer = Task {
            let deadline = Date().addingTimeInterval(60)
            while await acked.count < 40, Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
            a.kill()
        }
        await withTaskGroup(of: Void.self) { group in
            for (user, unit, server) in fillers {
                let token = tokens[user]!, port = server.port
                group.addTask { await CrashDurabilityTests.saveMonths(unit, token: token, port: port, years: 2040...2046, acked: acked) }
            }
        }
        _ = await killer.result
        let saved = await acked.all
        #expect(saved.count >= 40)
        #expect(saved.contains { $0.0 == "510104001001" } && saved.contains { $0.0 == "510104001002" }, "both servers acknowledged saves")
        let reviewer = await CrashDurabilityTests.login(b.port, "jinjiang")
        var audited: [String: Int] = [:]
        for (_, unit, _) in fillers {
            let (_, audit) = await TwoServerTests.call(b.port, "GET", "/api/v1/audit?unit=\(unit)", token: reviewer)
            for e in audit["entries"] as? [[String: Any]] ?? [] where e["field"] as? String == "pop_resident" {
                audited["\(unit) \(e["month"] as? String ?? "")", default: 0] += 1
            }
        }
        for (unit, month, value) in saved {
            let (status, form) = await TwoServerTests.call(b.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: reviewer)
            #expect(status == 200)
            #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == value, "\(unit) \(month)")
            #expect(audited["\(unit) \(month)"] == 1, "\(unit) \(month): one audit row")
        }
    }
}
