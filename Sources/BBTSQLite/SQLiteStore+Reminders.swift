import BBTEngine
import BBTStore
import Foundation
import GRDB

/// 催报: notices, webhooks and deliveries (`ReminderStore`).
extension SQLiteStore {
    public func setWebhook(_ w: WebhookRecord, audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO webhooks (unit, url, kind) VALUES (?, ?, ?)
                ON CONFLICT (unit) DO UPDATE SET url = excluded.url, kind = excluded.kind
                """, arguments: [w.unit, w.url, w.kind.rawValue])
            try SQLiteStore.insert(audit, db)
        }
    }

    public func deleteWebhook(unit: String, audit: AdminAuditEntry) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM webhooks WHERE unit = ?", arguments: [unit])
            guard db.changesCount == 1 else { return false }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT unit, url, kind FROM webhooks ORDER BY unit").compactMap { row in
                WebhookKind(rawValue: row["kind"]).map { WebhookRecord(unit: row["unit"], url: row["url"], kind: $0) }
            }
        }
    }

    public func addNotice(_ n: NoticeRecord, deliveries: [DeliveryRecord]) async throws -> NoticeRecord? {
        try await pool.write { db in
            // The unique index on (unit, month, kind) for automatic kinds makes a second one a no-op.
            try db.execute(sql: """
                INSERT INTO notices (unit, month, kind, due, message, sender, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [n.unit, n.month, n.kind.rawValue, n.due, n.message, n.sender, n.at])
            guard db.changesCount == 1 else { return nil }
            var stored = n
            stored.id = Int(db.lastInsertedRowID)
            for d in deliveries {
                try db.execute(sql: """
                    INSERT INTO deliveries (notice, webhook_unit, url, kind, payload, status, attempts, next_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [stored.id, d.webhookUnit, d.url, d.kind.rawValue, d.payload, d.status.rawValue,
                                     try SQLiteStore.attemptsText(d.attempts), d.nextAt])
            }
            return stored
        }
    }

    public func notices(units: [String], month: Period?) async throws -> [NoticeRecord] {
        guard !units.isEmpty else { return [] }
        return try await pool.read { db in
            let marks = Array(repeating: "?", count: units.count).joined(separator: ",")
            var arguments = StatementArguments(units)
            var sql = "SELECT id, unit, month, kind, due, message, sender, at FROM notices WHERE unit IN (\(marks))"
            if let month {
                sql += " AND month = ?"
                arguments += [month]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id DESC", arguments: arguments).compactMap { row in
                guard let kind = NoticeKind(rawValue: row["kind"]) else { return nil }
                return NoticeRecord(id: row["id"], unit: row["unit"], month: row["month"], kind: kind, due: row["due"],
                                    message: row["message"], sender: row["sender"], at: row["at"])
            }
        }
    }

    public func deliveries(notices: [Int]) async throws -> [DeliveryRecord] {
        guard !notices.isEmpty else { return [] }
        return try await pool.read { db in
            let marks = Array(repeating: "?", count: notices.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: "\(SQLiteStore.deliveryColumns) WHERE notice IN (\(marks)) ORDER BY id",
                                    arguments: StatementArguments(notices)).map(SQLiteStore.delivery)
        }
    }

    public func claimDeliveries(now: Int, lease: Int, limit: Int) async throws -> [DeliveryRecord] {
        try await pool.write { db in
            let due = try Row.fetchAll(db, sql: """
                \(SQLiteStore.deliveryColumns) WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?
                """, arguments: [now, limit]).map(SQLiteStore.delivery)
            for d in due {
                try db.execute(sql: "UPDATE deliveries SET next_at = ? WHERE id = ?", arguments: [now + lease, d.id])
            }
            return due
        }
    }

    public func recordDelivery(_ d: DeliveryRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE deliveries SET status = ?, attempts = ?, next_at = ? WHERE id = ?",
                           arguments: [d.status.rawValue, try SQLiteStore.attemptsText(d.attempts), d.nextAt, d.id])
        }
    }

    static let deliveryColumns = "SELECT id, notice, webhook_unit, url, kind, payload, status, attempts, next_at FROM deliveries"

    static func delivery(_ row: Row) throws -> DeliveryRecord {
        DeliveryRecord(id: row["id"], notice: row["notice"], webhookUnit: row["webhook_unit"], url: row["url"],
                       kind: WebhookKind(rawValue: row["kind"]) ?? .json, payload: row["payload"],
                       status: DeliveryStatus(rawValue: row["status"]) ?? .failed,
                       attempts: try JSONDecoder().decode([DeliveryAttempt].self, from: Data((row["attempts"] as String).utf8)),
                       nextAt: row["next_at"])
    }

    static func attemptsText(_ attempts: [DeliveryAttempt]) throws -> String {
        String(decoding: try JSONEncoder().encode(attempts), as: UTF8.self)
    }
}
