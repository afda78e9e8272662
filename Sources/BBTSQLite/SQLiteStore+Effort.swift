import BBTEngine
import BBTStore
import GRDB

/// Active seconds and entry counts per form (减负, measured).
extension SQLiteStore {
    public func addActiveSeconds(unit: String, month: Period, seconds: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO form_effort (unit, month, active_seconds) VALUES (?, ?, ?)
                ON CONFLICT (unit, month) DO UPDATE SET active_seconds = active_seconds + excluded.active_seconds
                """, arguments: [unit, month, seconds])
        }
    }

    public func setEntryCounts(unit: String, month: Period, counts: EntryCounts) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO form_effort (unit, month, typed, checked, carried) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (unit, month) DO UPDATE SET typed = excluded.typed, checked = excluded.checked, carried = excluded.carried
                """, arguments: [unit, month, counts.typed, counts.checked, counts.carried])
        }
    }

    public func efforts(months: [Period]) async throws -> [FormEffort] {
        guard !months.isEmpty else { return [] }
        return try await pool.read { db in
            let marks = Array(repeating: "?", count: months.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: """
                SELECT unit, month, active_seconds, typed, checked, carried FROM form_effort WHERE month IN (\(marks)) ORDER BY month, unit
                """, arguments: StatementArguments(months.map(\.description))).map { row in
                let typed: Int? = row["typed"], checked: Int? = row["checked"], carried: Int? = row["carried"]
                return FormEffort(unit: row["unit"], month: row["month"], activeSeconds: row["active_seconds"],
                                  counts: typed.map { EntryCounts(typed: $0, checked: checked ?? 0, carried: carried ?? 0) })
            }
        }
    }
}
