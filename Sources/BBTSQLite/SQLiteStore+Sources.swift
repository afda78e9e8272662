import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// Department data (数据回流): supplied values and the communities' corrections.
extension SQLiteStore {
    /// The batch goes into a temporary table first, so that what changed, what did not and where a
    /// community's value differs are each one statement inside SQLite rather than a lookup per value.
    public func provide(_ batch: ProvideBatch) async throws -> ProvideOutcome {
        try await pool.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS upload (
                    seq INTEGER PRIMARY KEY, unit TEXT NOT NULL, field TEXT NOT NULL, period TEXT NOT NULL,
                    month TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS temp.upload_key ON upload (unit, field, period);
                DELETE FROM temp.upload;
                """)
            var texts: [Period: (period: String, month: String)] = [:]
            let insert = try db.makeStatement(sql: "INSERT INTO temp.upload (unit, field, period, month, kind, value) VALUES (?, ?, ?, ?, ?, ?)")
            for v in batch.values {
                let t = texts[v.period] ?? (v.period.description, v.period.lastMonth.description)
                texts[v.period] = t
                let (kind, text) = v.value.storage
                try insert.execute(arguments: [v.unit, v.field, t.period, t.month, kind, text])
            }
            let join = "p.unit = u.unit AND p.field = u.field AND p.period = u.period"
            let unchanged = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM temp.upload u JOIN provided_values p ON \(join) WHERE p.kind = u.kind AND p.value = u.value
                """) ?? 0
            try db.execute(sql: """
                INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                SELECT ?, ?, u.unit, u.month, 'provided', u.field, u.period, p.value, u.value
                FROM temp.upload u LEFT JOIN provided_values p ON \(join)
                WHERE p.unit IS NULL OR p.kind != u.kind OR p.value != u.value ORDER BY u.seq
                """, arguments: [batch.at, batch.user])
            try db.execute(sql: """
                INSERT INTO provided_values (unit, field, period, source, kind, value, at, username)
                SELECT unit, field, period, ?, kind, value, ?, ? FROM temp.upload WHERE true ORDER BY seq
                ON CONFLICT(unit, field, period) DO UPDATE SET source = excluded.source, kind = excluded.kind,
                    value = excluded.value, at = excluded.at, username = excluded.username
                WHERE provided_values.kind != excluded.kind OR provided_values.value != excluded.value
                """, arguments: [batch.source, batch.at, batch.user])
            // Texts that differ may still be equal values (`12.0` and `12`): Value decides.
            var conflicts: [ProvideOutcome.Conflict] = []
            let candidates = try Row.fetchCursor(db, sql: """
                SELECT u.unit, u.field, u.period, u.kind, u.value, p.kind AS saved_kind, p.value AS saved_value
                FROM temp.upload u JOIN form_values p ON \(join) WHERE p.kind != u.kind OR p.value != u.value ORDER BY u.seq
                """)
            while let row = try candidates.next() {
                guard let period = Period(row["period"]), let provided = Value(kind: row["kind"], text: row["value"]),
                      let saved = Value(kind: row["saved_kind"], text: row["saved_value"]), saved != provided else { continue }
                conflicts.append(.init(unit: row["unit"], field: row["field"], period: period, provided: provided, value: saved))
            }
            try db.execute(sql: "DELETE FROM temp.upload")
            return ProvideOutcome(stored: batch.values.count - unchanged, unchanged: unchanged, conflicts: conflicts)
        }
    }

    public func providedValues(units: [String], periods: [Period]) async throws -> [StoredProvided] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        return try await pool.read { db in
            var out: [StoredProvided] = []
            for chunk in SQLiteStore.chunks(units) {
                out += try SQLiteStore.provided(db, where: "unit IN (\(SQLiteStore.placeholders(chunk.count)))", chunk, periods: periods)
            }
            return out
        }
    }

    public func providedValues(source: String, periods: [Period]) async throws -> [StoredProvided] {
        guard !periods.isEmpty else { return [] }
        return try await pool.read { db in try SQLiteStore.provided(db, where: "source = ?", [source], periods: periods) }
    }

    public func corrections(units: [String], periods: [Period]) async throws -> [StoredCorrection] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        return try await pool.read { db in try SQLiteStore.corrections(db, units: units, periods: periods) }
    }

    static func corrections(_ db: Database, units: [String], periods: [Period]) throws -> [StoredCorrection] {
        var out: [StoredCorrection] = []
        let periodTexts = periods.map(\.description)
        for chunk in SQLiteStore.chunks(units) {
            let rows = try Row.fetchAll(db, sql: """
                SELECT unit, field, period, reason, username, at FROM corrections
                WHERE unit IN (\(SQLiteStore.placeholders(chunk.count))) AND period IN (\(SQLiteStore.placeholders(periodTexts.count)))
                """, arguments: StatementArguments(chunk + periodTexts))
            for row in rows {
                guard let period = Period(row["period"]) else { continue }
                out.append(StoredCorrection(unit: row["unit"], field: row["field"], period: period, reason: row["reason"],
                                            user: row["username"], at: row["at"]))
            }
        }
        return out
    }

    static func provided(_ db: Database, where condition: String, _ arguments: [String], periods: [Period]) throws -> [StoredProvided] {
        let periodTexts = periods.map(\.description)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT unit, field, period, source, kind, value, at FROM provided_values
            WHERE \(condition) AND period IN (\(placeholders(periodTexts.count))) ORDER BY unit, field, period
            """, arguments: StatementArguments(arguments + periodTexts))
        var out: [StoredProvided] = []
        while let row = try rows.next() {
            guard let period = Period(row["period"]), let value = Value(kind: row["kind"], text: row["value"]) else { continue }
            out.append(StoredProvided(unit: row["unit"], field: row["field"], period: period, source: row["source"], value: value, at: row["at"]))
        }
        return out
    }
}
