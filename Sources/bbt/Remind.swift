import ArgumentParser
import BBTEngine
import BBTServer
import Dispatch
import Foundation
import Logging

/// `bbt remind --db URL|PATH [--at YYYY-MM-DD] [--dry-run]`: the day's automatic 催报, for cron.
struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the day's automatic reminders: forms due within 3 days, or due yesterday, and not submitted.",
        discussion: """
            Each unit gets one reminder per month and kind (before / overdue) however often this runs, and \
            however many servers share the database. It goes on the unit's to-do and to the webhook configured \
            nearest at or above the unit; a failed delivery is retried by the running service. \
            Exit code: 0 done, 1 the database could not be read, 2 usage.
            """)

    @Option(help: "The service's SQLite database file, or a postgres:// URL. Default: BBT_DB, else data/bbt.sqlite.")
    var db = ProcessInfo.processInfo.environment["BBT_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "data/bbt.sqlite"

    @Option(help: "The day to run for (YYYY-MM-DD, China time). Default: today.")
    var at: String?

    @Flag(help: "Print what would be sent; store and send nothing.")
    var dryRun = false

    func run() throws {
        var clock: any ServiceClock = SystemClock()
        if let at {
            guard let day = LocalDate(at) else { throw Console.usage("--at 应为 YYYY-MM-DD, 如 2023-07-11") }
            // Noon in China on that day: the day the reminders are for, and the moment they are stamped with.
            clock = DayClock(date: Date(timeIntervalSince1970: TimeInterval(day.serial - 25_569) * 86_400 + 4 * 3600))
        }
        guard db.hasPrefix("postgres") || FileManager.default.fileExists(atPath: db) else {
            Console.error("bbt remind: 没有数据库 \(db)")
            throw ExitCode(1)
        }
        var options = ServerOptions()
        options.database = db
        options.seed = nil
        let (dryRun, start, clockNow) = (dryRun, options, clock)
        let output = OutputBox()
        try Console.block("bbt remind") {
            var logger = Logger(label: "bbt")
            logger.logLevel = .warning
            let (state, _) = try await Server.prepare(start, logger: logger, clock: clockNow)
            let day = Timestamp.day(clockNow.now(), offsetSeconds: Timestamp.china)
            output.set(Remind.text(try await ReminderRun.run(state, on: day, dryRun: dryRun), day: day, dryRun: dryRun))
        }
        print(output.text, terminator: "")
    }

    static func text(_ run: ReminderRun, day: LocalDate, dryRun: Bool) -> String {
        let new = run.lines.filter { $0.stored || dryRun }
        var out = ""
        for l in new {
            let kind = l.kind == "before" ? "截止前提醒" : "逾期提醒"
            let channel = l.webhookUnit.map { "推送到 \($0) 的地址" + (l.outcome.map { ": \($0)" } ?? "") } ?? "未设推送地址, 只在待办中"
            out += "\(dryRun ? "将发送" : "已发送") \(kind) \(l.unitName) (\(l.unit)) \(l.month) 截止 \(l.due ?? "-") · \(channel)\n"
        }
        let before = run.lines.count - new.count
        out += "\(day): \(dryRun ? "将发送" : "发送了") \(new.count) 条提醒" + (before > 0 ? ", \(before) 条此前已发送, 不再重发" : "") + "\n"
        return out
    }
}

struct DayClock: ServiceClock {
    let date: Date
    func now() -> Date { date }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _text = ""
    func set(_ t: String) { lock.lock(); _text = t; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return _text }
}
