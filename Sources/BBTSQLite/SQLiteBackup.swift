import Foundation
import GRDB

/// A consistent copy of a service's SQLite database while the service keeps writing: SQLite's online
/// backup in one step, under one read transaction, so the copy is the database as it stood at one
/// instant — every save acknowledged before it began, none half-written — and saves go on meanwhile
/// (WAL: the reader does not block the writer).
public enum SQLiteBackup {
    public struct Summary: Sendable {
        public let forms: Int
        public let values: Int
        public let bytes: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func copy(database path: String, to out: String) throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "没有数据库文件 \(path)") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw Failure(description: "\(out) 已存在; 备份不覆盖已有文件, 请换一个文件名")
        }
        var config = Configuration()
        config.busyMode = .timeout(30)
        let source = try DatabaseQueue(path: path, configuration: config)
        let isOurs = try source.read { db in try db.tableExists("form_values") && db.tableExists("forms") }
        guard isOurs else { throw Failure(description: "\(path) 不是报表通的数据库") }
        let destination = try DatabaseQueue(path: out)
        do {
            try source.backup(to: destination)
            let check = try destination.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard check == ["ok"] else { throw Failure(description: "备份副本完整性检查未通过: \(check.joined(separator: "; "))") }
            let (forms, values) = try destination.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM forms") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM form_values") ?? 0)
            }
            try destination.close()
            let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            return Summary(forms: forms, values: values, bytes: bytes)
        } catch {
            try? destination.close()
            try? FileManager.default.removeItem(atPath: out)
            throw error
        }
    }
}
