import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// Units and their changes over time.
extension SQLiteStore {
    public func replaceUnits(_ units: [OrgUnit], tree: UnitTree) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM units")
            try db.execute(sql: "DELETE FROM unit_changes")
            for u in units {
                let span = tree.index(of: u.code).map { tree.spans[$0] } ?? .always
                try db.execute(sql: "INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [u.code, u.name, u.level.rawValue, u.parent.map { tree[$0].code }, span.from.map(MonthNumber.text), span.until.map(MonthNumber.text)])
            }
        }
    }

    public func units() async throws -> [StoredUnit] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, level, parent, from_month, until_month FROM units ORDER BY rowid").compactMap { row in
                guard let level = Level(rawValue: row["level"]) else { return nil }
                return StoredUnit(code: row["code"], name: row["name"], level: level, parent: row["parent"],
                                  from: row["from_month"], until: row["until_month"])
            }
        }
    }

    public func unitChanges() async throws -> [StoredUnitChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, from_month, name, parent FROM unit_changes ORDER BY id").map {
                StoredUnitChange(code: $0["code"], from: $0["from_month"], name: $0["name"], parent: $0["parent"])
            }
        }
    }

    public func addUnit(_ u: StoredUnit, audit: AdminAuditEntry) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(code) DO NOTHING
                """, arguments: [u.code, u.name, u.level.rawValue, u.parent, u.from, u.until])
            guard db.changesCount == 1 else { return false }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }

    public func changeUnit(_ c: StoredUnitChange, audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO unit_changes (code, from_month, name, parent) VALUES (?, ?, ?, ?)",
                           arguments: [c.code, c.from, c.name, c.parent])
            try SQLiteStore.insert(audit, db)
        }
    }

    public func closeUnit(code: String, until: Month?, audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE units SET until_month = ? WHERE code = ?", arguments: [until, code])
            try SQLiteStore.insert(audit, db)
        }
    }

    public func applyUnits(adding: [StoredUnit], changing: [StoredUnitChange], closing: [String], until: Month,
                           audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            for u in adding {
                try db.execute(sql: "INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [u.code, u.name, u.level.rawValue, u.parent, u.from, u.until])
            }
            for c in changing {
                try db.execute(sql: "INSERT INTO unit_changes (code, from_month, name, parent) VALUES (?, ?, ?, ?)",
                               arguments: [c.code, c.from, c.name, c.parent])
            }
            for code in closing {
                try db.execute(sql: "UPDATE units SET until_month = ? WHERE code = ?", arguments: [until, code])
            }
            try SQLiteStore.insert(audit, db)
        }
    }
}
