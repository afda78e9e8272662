import BBTTestSupport
import Foundation
import GRDB
import Testing

/// `bbt backup` while the service keeps saving: the copy holds every save acknowledged before the
/// backup began, passes SQLite's integrity check, and serves as the service's database.
@Suite(.serialized) struct BackupTests {
    actor Flag {
        var raised = false
        func raise() { raised = true }
    }

    @Test func aBackupUnderLoadHoldsEverySaveAcknowledgedBeforeItAndServes() async throws {
        let dir = try TestTools.temporaryDirectory("backup")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("bbt.sqlite").path, copy = dir.appendingPathComponent("copy.sqlite").path
        let server = try CrashDurabilityTests.Server(database: db)
        defer { server.kill() }
        let port = server.port
        let units = ["510104001001", "510104001002", "510104002001", "510104003001"]
        var tokens: [String: String] = [:]
        for unit in units { tokens[unit] = await CrashDurabilityTests.login(port, "c" + unit.suffix(6)) }
        let acked = Acked(), stop = Flag()
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for unit in units {
                    let token = tokens[unit]!
                    group.addTask {
                        for year in 2030...2060 {
                            for m in 1...12 {
                                if await stop.raised { return }
                                let month = String(format: "%04d-%02d", year, m)
                                let (status, _) = await CrashDurabilityTests.call(port, "PUT", "/api/v1/units/\(unit)/forms/\(month)", token: token,
                                                                                 body: ["values": ["pop_resident": year * 100 + m], "version": 0])
                                if status == 200 { await acked.add(unit, month, year * 100 + m) }
                            }
                        }
                    }
                }
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while await acked.count < 40, Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        let before = await acked.all
        #expect(before.count >= 40)
        let backup = try CommandTests().run(["backup", "--db", db, "--out", copy])
        let during = await acked.count
        await stop.raise()
        _ = await load.result
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("完整性检查通过"))
        let after = await acked.count
        #expect(after > during || during > before.count, "saves went on while the backup ran")

        let check = try DatabaseQueue(path: copy)
        let integrity = try await check.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        try check.close()
        // The copy serves: every save acknowledged before the backup began is there.
        let restored = try CrashDurabilityTests.Server(database: copy)
        defer { restored.kill() }
        let token = await CrashDurabilityTests.login(restored.port, "jinjiang")
        for (unit, month, value) in before {
            let (status, form) = await CrashDurabilityTests.call(restored.port, "GET", "/api/v1/units/\(unit)/forms/\(month)", token: token)
            #expect(status == 200)
            #expect((form["values"] as? [String: Any])?["pop_resident"] as? Int == value, "\(unit) \(month)")
        }
        // An existing file is never overwritten; a missing database is a clear error.
        let again = try CommandTests().run(["backup", "--db", db, "--out", copy])
        #expect(again.status == 1 && again.stderr.contains("已存在"))
        let missing = try CommandTests().run(["backup", "--db", dir.appendingPathComponent("none.sqlite").path, "--out", dir.appendingPathComponent("x").path])
        #expect(missing.status == 1 && missing.stderr.contains("没有数据库文件"))
    }
}
