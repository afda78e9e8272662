import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// The audit of values and of admin changes.
extension SQLiteStore {
    public func adminAudit() async throws -> [AdminAuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, username, action, target, detail FROM admin_audit ORDER BY id").map {
                AdminAuditEntry(at: $0["at"], user: $0["username"], action: $0["action"], target: $0["target"], detail: $0["detail"])
            }
        }
    }

    static func insert(_ e: AdminAuditEntry, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO admin_audit (at, username, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                       arguments: [e.at, e.user, e.action, e.target, e.detail])
    }

    public func audit(unit: String?, month: Period?) async throws -> [AuditEntry] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let unit { conditions.append("unit = ?"); arguments.append(unit) }
            if let month { conditions.append("month = ?"); arguments.append(month.description) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM audit \(whereClause) ORDER BY id LIMIT 10000",
                                    arguments: StatementArguments(arguments)).map { row in
                AuditEntry(at: row["at"], user: row["username"], unit: row["unit"], month: row["month"], action: row["action"],
                           field: row["field"], period: row["period"], old: row["old"], new: row["new"])
            }
        }
    }
}
