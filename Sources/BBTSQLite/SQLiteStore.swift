import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// The embedded default store: SQLite in WAL mode through GRDB, one transaction per save.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies the migrations.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL keeps readers (report downloads) from blocking the writers (form saves). FULL makes
            // every acknowledged commit survive a power loss, not only a process crash; a save is one
            // small transaction, so the fsync it costs is the price of never losing a submission.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try SQLiteMigrations.migrator.migrate(pool)
    }

    public func isEmpty() async throws -> Bool {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM units") == 0 }
    }

    /// One SQLite file has one server: nothing to wait for.
    public func exclusively<R: Sendable>(_ body: () async throws -> R) async throws -> R { try await body() }

    public func changeMarks() async throws -> ChangeMarks {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT (SELECT MAX(version) FROM template_versions) AS t, (SELECT MAX(id) FROM admin_audit) AS a")
            return ChangeMarks(templateVersion: row?["t"], adminChange: row?["a"] ?? 0)
        }
    }

    /// Units in pieces small enough for one statement's parameters (SQLite allows 999 by default).
    static func chunks(_ units: [String], _ size: Int = 400) -> [[String]] {
        stride(from: 0, to: units.count, by: size).map { Array(units[$0..<min($0 + size, units.count)]) }
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: max(n, 1)).joined(separator: ",") }
}
