import BBTTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An acknowledged save survives `kill -9` of the server; nothing half-written is ever visible.
@Suite(.serialized) struct CrashDurabilityTests {
    final class Server: @unchecked Sendable {
        let process = Process()
        var port = 0

        /// `templates` defaults to FormTemplates without `valid_until`, in a folder beside the database file.
        init(database: String, templates: String? = nil) throws {
            process.executableURL = CommandTests.executable
            process.arguments = ["serve", "--db", database, "--port", "0", "--templates", try templates ?? Server.timelessTemplates(next: database)]
            process.currentDirectoryURL = CommandTests.packageRoot
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while port == 0 && Date() < deadline {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let r = text.range(of: "http://127.0.0.1:"), let end = text[r.upperBound...].firstIndex(of: "/") {
                    port = Int(text[r.upperBound..<end]) ?? 0
                }
            }
        }

        /// FormTemplates without `valid_until`: the tests save far-future months, whose forms would
        /// otherwise be empty once every report has expired.
        static func timelessTemplates(next database: String) throws -> String {
            let folder = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: folder.path) { return folder.path }
            let source = CommandTests.packageRoot.appendingPathComponent("FormTemplates")
            let files = FileManager.default.enumerator(at: source, includingPropertiesForKeys: nil)!
            for case let url as URL in files where url.pathExtension == "bbt" {
                let relative = String(url.path.dropFirst(source.path.count + 1))
                let target = folder.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let text = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("valid_until") }.joined(separator: "\n")
                try text.write(to: target, atomically: true, encoding: .utf8)
            }
            return folder.path
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpCookieStorage = nil
        c.httpShouldSetCookies = false
        c.timeoutIntervalForRequest = 10
        return URLSession(configuration: c)
    }()

    static func call(_ port: Int, _ method: String, _ path: String, token: String? = nil, body: Any? = nil) async -> (Int, [String: Any]) {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = method
        if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { r.httpBody = try? JSONSerialization.data(withJSONObject: body) }
        guard let (data, response) = try? await session.data(for: r), let http = response as? HTTPURLResponse else { return (0, [:]) }
        return (http.statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// Saves `unit`'s form of every month of `years` (version 0, `pop_resident` = year × 100 + month),
    /// noting each 200 in `acked`; stops once the server no longer answers (it was killed).
    static func saveMonths(_ unit: String, token: String, port: Int, years: ClosedRange<Int>, acked: Acked) async {
        for year in years {
            for m in 1...12 {
                let month = String(format: "%04d-%02d", year, m)
                let value = year * 100 + m
                let (status, _) = await call(port, "PUT", "/api/v1/units/\(unit)/forms/\(month)", token: token,
                                             body: ["values": ["pop_resident": value], "version": 0])
                if status == 200 { await acked.add(unit, month, value) } else if status == 0 { return }
            }
        }
    }

    static func login(_ port: Int, _ user: String) async -> String {
        await call(port, "POST", "/api/v1/login", body: ["username": user, "password": "demo1234"]).1["token"] as? String ?? ""
    }

    @Test func acknowledgedSavesSurviveSIGKILL() async throws {
        let dir = try TestTools.temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("bbt.sqlite").path
        let fillers = [("c001001", "510104001001"), ("c001002", "510104001002"), ("c002001", "510104002001"), ("c003001", "510104003001")]

        let first = try Server(database: db)
        let port = first.port
        #expect(port > 0)
        var tokens: [String: String] = [:]
        for (user, _) in fillers { tokens[user] = await CrashDurabilityTests.login(port, user) }
        let acked = Acked()
        let killer = Task {
            // Kill while saves are in flight.
            // A deadline, so that saves refused for another reason fail the test instead of hanging it.
            let deadline = Date().addingTimeInterval(60)
            while await acked.count < 30, Date() < deadline { try? await Task.sleep(nanoseconds: 5_000_000) }
            first.kill()
        }
        await withTaskGroup(of: Void.self) { group in
            for (user, unit) in fillers {
                let token = tokens[user]!
                group.addTask { await CrashDurabilityTests.saveMonths(unit, token: token, port: port, years: 2030...2040, acked: acked) }
            }
        }
        _ = await killer.result
        let saved = await acked.all
        #expect(saved.count >= 30)

        let second = try Server(database: db)
        defer { second.kill() }
        let token = await CrashDurabilityTests.login(second.port, "jinjiang")
        for (unit, month, value) in saved {
            let (status, form) = await CrashDurabilityTests.call(second.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
            #expect(status == 200)
            #expect(form["version"] as? Int == 1, "\(unit) \(month)")
            #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == value, "\(unit) \(month)")
        }
        // Every attempted form is either fully there (value, version, audit) or not at all.
        for (_, unit) in fillers {
            let (_, audit) = await CrashDurabilityTests.call(second.port, "GET", "/api/v1/audit?unit=\(unit)", token: token)
            let entries = (audit["entries"] as? [[String: Any]] ?? []).filter { ($0["month"] as? String ?? "") >= "2030" }
            for year in 2030...2031 {
                for m in 1...12 {
                    let month = String(format: "%04d-%02d", year, m)
                    let (_, form) = await CrashDurabilityTests.call(second.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
                    let hasValue = (form["values"] as? [String: Any])?["pop_resident"] != nil
                    let version = form["version"] as? Int ?? -1
                    let audited = entries.contains { $0["month"] as? String == month && $0["field"] as? String == "pop_resident" }
                    #expect(hasValue == (version == 1) && hasValue == audited, "\(unit) \(month): value \(hasValue), version \(version), audit \(audited)")
                }
            }
        }
    }
}

extension CrashDurabilityTests {
    /// Ten communities saving at once, the server killed three times at different depths of the
    /// load and started again on the same database each time: every save answered 200 in any round
    /// is there afterwards, with its audit row, and every form is all there or not there at all.
    @Test func repeatedKillsUnderLoadLoseNothing() async throws {
        let dir = try TestTools.temporaryDirectory("crashes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("bbt.sqlite").path
        let units = ["510104001001", "510104001002", "510104001003", "510104001004", "510104002001",
                     "510104002002", "510104002003", "510104003001", "510104003002", "510104003003"]
        let acked = Acked()
        for (round, killAfter) in [25, 80, 160].enumerated() {
            let server = try Server(database: db)
            #expect(server.port > 0)
            let before = await acked.count
            var tokens: [String: String] = [:]
            for unit in units { tokens[unit] = await CrashDurabilityTests.login(server.port, "c" + unit.suffix(6)) }
            let years = (2100 + round * 50)...(2100 + round * 50 + 40)
            let killer = Task {
                let deadline = Date().addingTimeInterval(60)
                while await acked.count < before + killAfter, Date() < deadline { try? await Task.sleep(nanoseconds: 2_000_000) }
                server.kill()
            }
            await withTaskGroup(of: Void.self) { group in
                for unit in units {
                    let token = tokens[unit]!
                    group.addTask { await CrashDurabilityTests.saveMonths(unit, token: token, port: server.port, years: years, acked: acked) }
                }
            }
            _ = await killer.result
            #expect(await acked.count >= before + killAfter, "round \(round) was killed under load")
        }

        let last = try Server(database: db)
        defer { last.kill() }
        let token = await CrashDurabilityTests.login(last.port, "jinjiang")
        var stored: [String: Int] = [:]
        for unit in units {
            let (_, audit) = await CrashDurabilityTests.call(last.port, "GET", "/api/v1/audit?unit=\(unit)", token: token)
            for e in audit["entries"] as? [[String: Any]] ?? [] where e["field"] as? String == "pop_resident" {
                if let month = e["month"] as? String, month >= "2100" { stored["\(unit) \(month)", default: 0] += 1 }
            }
        }
        for (unit, month, value) in await acked.all {
            let (status, form) = await CrashDurabilityTests.call(last.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
            #expect(status == 200)
            #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == value, "\(unit) \(month)")
            #expect(stored["\(unit) \(month)"] == 1, "\(unit) \(month): one audit row")
        }
        // Whatever was stored without an answer (in flight at the kill) is whole too: value, version, audit.
        let acknowledged = Set(await acked.all.map { "\($0.0) \($0.1)" })
        for key in stored.keys where !acknowledged.contains(key) {
            let parts = key.split(separator: " ")
            let (_, form) = await CrashDurabilityTests.call(last.port, "GET", "/api/v1/units/\(parts[0])/forms/\(parts[1])", token: token)
            #expect(form["version"] as? Int == 1 && (form["values"] as? [String: Any])?["pop_resident"] != nil, "\(key)")
        }
    }
}

actor Acked {
    private(set) var all: [(String, String, Int)] = []
    var count: Int { all.count }
    func add(_ unit: String, _ month: String, _ value: Int) { all.append((unit, month, value)) }
}
