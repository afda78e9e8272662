import BBTTestSupport
import Foundation
import Testing

/// `bbt remind` as cron runs it: the day after June's deadline it reminds the two communities that
/// have not submitted, once; run again it sends nothing; `--dry-run` stores nothing.
@Suite struct RemindCommandTests {
    @Test func remindTwiceSendsOnce() async throws {
        let dir = try TestTools.temporaryDirectory("remind")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("bbt.sqlite").path
        // A seeded database, as `bbt serve` leaves it.
        let server = try CrashDurabilityTests.Server(database: db)
        #expect(server.port != 0)
        server.kill()

        let cli = CommandTests()
        let dry = try cli.run(["remind", "--db", db, "--at", "2023-07-04", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("将发送 逾期提醒 王家坝社区 (510104002003) 2023-06 截止 2023-07-03"), "\(dry.stdout)\(dry.stderr)")
        let first = try cli.run(["remind", "--db", db, "--at", "2023-07-04"])
        #expect(first.status == 0 && first.stdout.hasSuffix("2023-07-04: 发送了 2 条提醒\n"), "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("已发送 逾期提醒 合江亭社区 (510104003002) 2023-06 截止 2023-07-03 · 未设推送地址, 只在待办中"))
        let again = try cli.run(["remind", "--db", db, "--at", "2023-07-04"])
        #expect(again.status == 0 && again.stdout == "2023-07-04: 发送了 0 条提醒, 2 条此前已发送, 不再重发\n", "\(again.stdout)")
        #expect(try cli.run(["remind", "--db", db, "--at", "2023-7-4"]).status == 2)
        #expect(try cli.run(["remind", "--db", dir.appendingPathComponent("none.sqlite").path]).status == 1)
    }
}
