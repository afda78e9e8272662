import BBTEngine
import BBTStore
import Foundation
import PostgresNIO

/// 催报: notices, webhooks and deliveries (`ReminderStore`).
extension PostgresStore {
    public func setWebhook(_ w: WebhookRecord, audit: AdminAuditEntry) async throws {
        try await transaction { c in
            try await run("""
                INSERT INTO webhooks (unit, url, kind) VALUES (\(w.unit), \(w.url), \(w.kind.rawValue))
                ON CONFLICT (unit) DO UPDATE SET url = excluded.url, kind = excluded.kind
                """, on: c)
            try await insert(audit, on: c)
        }
    }

    public func deleteWebhook(unit: String, audit: AdminAuditEntry) async throws -> Bool {
        try await transaction { c in
            guard try await !rows("DELETE FROM webhooks WHERE unit = \(unit) RETURNING unit", on: c).isEmpty else { return false }
            try await insert(audit, on: c)
            return true
        }
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await rows("SELECT unit, url, kind FROM webhooks ORDER BY unit").compactMap { row in
            let (unit, url, kind) = try row.decode((String, String, String).self)
            return WebhookKind(rawValue: kind).map { WebhookRecord(unit: unit, url: url, kind: $0) }
        }
    }

    public func addNotice(_ n: NoticeRecord, deliveries: [DeliveryRecord]) async throws -> NoticeRecord? {
        try await transaction { c in
            // The unique index on (unit, month, kind) for automatic kinds makes a second one a no-op,
            // however many servers run the day's reminders together.
            guard let id = try await rows("""
                INSERT INTO notices (unit, month, kind, due, message, sender, at)
                VALUES (\(n.unit), \(n.month), \(n.kind.rawValue), \(n.due), \(n.message), \(n.sender), \(n.at))
                ON CONFLICT DO NOTHING RETURNING id
                """, on: c).first?.decode(Int.self) else { return nil }
            for d in deliveries {
                try await run("""
                    INSERT INTO deliveries (notice, webhook_unit, url, kind, payload, status, attempts, next_at)
                    VALUES (\(id), \(d.webhookUnit), \(d.url), \(d.kind.rawValue), \(d.payload), \(d.status.rawValue),
                            \(try PostgresStore.attemptsText(d.attempts)), \(d.nextAt))
                    """, on: c)
            }
            var stored = n
            stored.id = id
            return stored
        }
    }

    public func notices(units: [String], month: Period?) async throws -> [NoticeRecord] {
        guard !units.isEmpty else { return [] }
        let found: [PostgresRow]
        if let month {
            found = try await rows("""
                SELECT id, unit, month, kind, due, message, sender, at FROM notices WHERE unit = ANY(\(units)) AND month = \(month) ORDER BY id DESC
                """)
        } else {
            found = try await rows("SELECT id, unit, month, kind, due, message, sender, at FROM notices WHERE unit = ANY(\(units)) ORDER BY id DESC")
        }
        return try found.compactMap { row in
            let (id, unit, month, kind, due, message, sender, at) = try row.decode((Int, String, Period, String, String?, String, String, Instant).self)
            return NoticeKind(rawValue: kind).map {
                NoticeRecord(id: id, unit: unit, month: month, kind: $0, due: due, message: message, sender: sender, at: at)
            }
        }
    }

    public func deliveries(notices: [Int]) async throws -> [DeliveryRecord] {
        guard !notices.isEmpty else { return [] }
        return try await rows("""
            SELECT id, notice, webhook_unit, url, kind, payload, status, attempts, next_at FROM deliveries WHERE notice = ANY(\(notices)) ORDER BY id
            """).map(PostgresStore.delivery)
    }

    public func claimDeliveries(now: Int, lease: Int, limit: Int) async throws -> [DeliveryRecord] {
        // SKIP LOCKED: two servers claiming together take different rows, never the same one twice.
        try await rows("""
            UPDATE deliveries SET next_at = \(now + lease)
            WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_at <= \(now)
                         ORDER BY next_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, notice, webhook_unit, url, kind, payload, status, attempts, next_at
            """).map(PostgresStore.delivery).sorted { $0.id < $1.id }
    }

    public func recordDelivery(_ d: DeliveryRecord) async throws {
        try await run("""
            UPDATE deliveries SET status = \(d.status.rawValue), attempts = \(try PostgresStore.attemptsText(d.attempts)), next_at = \(d.nextAt)
            WHERE id = \(d.id)
            """)
    }

    static func delivery(_ row: PostgresRow) throws -> DeliveryRecord {
        let (id, notice, webhookUnit, url, kind, payload, status, attempts, nextAt) =
            try row.decode((Int, Int, String, String, String, String, String, String, Int?).self)
        return DeliveryRecord(id: id, notice: notice, webhookUnit: webhookUnit, url: url, kind: WebhookKind(rawValue: kind) ?? .json,
                              payload: payload, status: DeliveryStatus(rawValue: status) ?? .failed,
                              attempts: try JSONDecoder().decode([DeliveryAttempt].self, from: Data(attempts.utf8)), nextAt: nextAt)
    }

    static func attemptsText(_ attempts: [DeliveryAttempt]) throws -> String {
        String(decoding: try JSONEncoder().encode(attempts), as: UTF8.self)
    }
}
