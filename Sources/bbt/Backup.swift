import ArgumentParser
import BBTSQLite
import BBTStore
import Foundation

/// `bbt backup --db PATH --out FILE`: a consistent copy of the service's database while it runs.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the SQLite database, consistently, while the service keeps saving (see docs/operations.md).",
        discussion: "Exit code: 0 copied and checked, 1 the copy failed, 2 usage."
    )

    @Option(help: "The service's database file.")
    var db: String

    @Option(help: "The copy to write (must not exist yet).")
    var out: String

    func run() throws {
        guard !db.hasPrefix("postgres") else { throw Console.usage("bbt backup 只备份 SQLite 数据库; PostgreSQL 请用 pg_dump") }
        do {
            let s = try SQLiteBackup.copy(database: db, to: out)
            print("已备份到 \(out): \(s.forms) 张表单, \(s.values) 个值, \(s.bytes / 1024) KiB, 完整性检查通过")
        } catch let e as SQLiteBackup.Failure {
            Console.error("bbt: \(e.description)")
            throw ExitCode(1)
        } catch {
            Console.error("bbt: 备份失败: \(error)")
            throw ExitCode(1)
        }
    }
}
