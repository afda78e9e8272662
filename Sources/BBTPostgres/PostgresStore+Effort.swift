import BBTEngine
import BBTStore
import PostgresNIO

/// Active seconds and entry counts per form (减负, measured).
extension PostgresStore {
    public func addActiveSeconds(unit: String, month: Period, seconds: Int) async throws {
        try await run("""
            INSERT INTO form_effort (unit, month, active_seconds) VALUES (\(unit), \(month), \(seconds))
            ON CONFLICT (unit, month) DO UPDATE SET active_seconds = form_effort.active_seconds + excluded.active_seconds
            """)
    }

    public func setEntryCounts(unit: String, month: Period, counts: EntryCounts) async throws {
        try await run("""
            INSERT INTO form_effort (unit, month, typed, checked, carried) VALUES (\(unit), \(month), \(counts.typed), \(counts.checked), \(counts.carried))
            ON CONFLICT (unit, month) DO UPDATE SET typed = excluded.typed, checked = excluded.checked, carried = excluded.carried
            """)
    }

    public func efforts(months: [Period]) async throws -> [FormEffort] {
        guard !months.isEmpty else { return [] }
        return try await rows("""
            SELECT unit, month, active_seconds, typed, checked, carried FROM form_effort WHERE month = ANY(\(months.map(\.description)))
            ORDER BY month, unit
            """).map { row in
            let (unit, month, seconds, typed, checked, carried) = try row.decode((String, Period, Int, Int?, Int?, Int?).self)
            return FormEffort(unit: unit, month: month, activeSeconds: seconds,
                              counts: typed.map { EntryCounts(typed: $0, checked: checked ?? 0, carried: carried ?? 0) })
        }
    }
}
