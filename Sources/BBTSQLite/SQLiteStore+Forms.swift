import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// Forms: their state, saves and values.
extension SQLiteStore {
    public func formState(unit: String, month: Period) async throws -> FormState {
        try await pool.read { db in try SQLiteStore.formState(db, unit: unit, month: month.description) }
    }

    public func formStates(units: [String], month: Period) async throws -> [String: FormState] {
        guard !units.isEmpty else { return [:] }
        return try await pool.read { db in
            var out: [String: FormState] = [:]
            for chunk in SQLiteStore.chunks(units, 500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT unit, status, version, submitted_at, updated_at, updated_by, reason, explanation FROM forms
                    WHERE month = ? AND unit IN (\(SQLiteStore.placeholders(chunk.count)))
                    """, arguments: StatementArguments([month.description] + chunk))
                for row in rows { out[row["unit"]] = SQLiteStore.formState(row) }
            }
            return out
        }
    }

    public func latestMonth(unit: String, in statuses: [FormStatus]) async throws -> Period? {
        guard !statuses.isEmpty else { return nil }
        return try await pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT MAX(month) FROM forms WHERE unit = ? AND status IN (\(SQLiteStore.placeholders(statuses.count)))
                """, arguments: StatementArguments([unit] + statuses.map(\.rawValue))).flatMap(Period.init)
        }
    }

    public func save(_ write: FormWrite) async throws -> SaveOutcome {
        try await pool.write { db in try SQLiteStore.save(write, db) }
    }

    public func saveAll(_ writes: [FormWrite]) async throws -> [SaveOutcome] {
        try await pool.write { db in try writes.map { try SQLiteStore.save($0, db) } }
    }

    /// Persists what `FormWrite` decided, once the form is still at the version it was decided on.
    static func save(_ write: FormWrite, _ db: Database) throws -> SaveOutcome {
        let month = write.month.description
        let current = try SQLiteStore.formState(db, unit: write.unit, month: month)
        guard current.version == write.expectedVersion else { return .conflict(current: current.version) }
        // Cached statements: a form has a hundred values, and a city's history hundreds of thousands
        // of forms; compiling each statement once per connection, not once per value, is most of a save.
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO form_values (unit, field, period, kind, value) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(unit, field, period) DO UPDATE SET kind = excluded.kind, value = excluded.value
            """)
        let delete = try db.cachedStatement(sql: "DELETE FROM form_values WHERE unit = ? AND field = ? AND period = ?")
        let audit = try db.cachedStatement(sql: """
            INSERT INTO audit (at, username, unit, month, action, field, period, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for v in write.values {
            if let new = v.new {
                try upsert.execute(arguments: [write.unit, v.field, v.period.description, new.storage.kind, new.storage.text])
            } else {
                try delete.execute(arguments: [write.unit, v.field, v.period.description])
            }
        }
        let s = write.state
        try db.execute(sql: """
            INSERT INTO forms (unit, month, status, version, submitted_at, updated_at, updated_by, reason, explanation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(unit, month) DO UPDATE SET status = excluded.status, version = excluded.version,
                submitted_at = excluded.submitted_at, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                reason = excluded.reason, explanation = excluded.explanation
            """, arguments: [write.unit, month, s.status.rawValue, s.version, s.submittedAt, s.updatedAt, s.updatedBy, s.reason, s.explanation])
        for c in write.corrections {
            try db.execute(sql: """
                INSERT INTO corrections (unit, field, period, reason, username, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(unit, field, period) DO UPDATE SET reason = excluded.reason, username = excluded.username, at = excluded.at
                """, arguments: [write.unit, c.field, c.period.description, c.reason, s.updatedBy, s.updatedAt])
        }
        for a in write.audit {
            try audit.execute(arguments: [a.at, a.user, a.unit, a.month, a.action, a.field, a.period, a.old, a.new])
        }
        return .saved(version: s.version)
    }

    public func values(units: [String], periods: [Period]) async throws -> [StoredValue] {
        try await values(units: units, periods: periods, fields: nil)
    }

    public func values(units: [String], periods: [Period], fields: [String]) async throws -> [StoredValue] {
        guard !fields.isEmpty else { return [] }
        return try await values(units: units, periods: periods, fields: Optional(fields))
    }

    private func values(units: [String], periods: [Period], fields: [String]?) async throws -> [StoredValue] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        return try await pool.read { db in try SQLiteStore.values(db, units: units, periods: periods, fields: fields) }
    }

    public func valueCounts(units: [String], period: Period, fields: [String]) async throws -> [String: Int] {
        guard !units.isEmpty, !fields.isEmpty else { return [:] }
        return try await pool.read { db in
            var out: [String: Int] = [:]
            for chunk in SQLiteStore.chunks(units, min(400, max(1, 900 - 1 - fields.count))) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT unit, COUNT(*) AS n FROM form_values
                    WHERE unit IN (\(SQLiteStore.placeholders(chunk.count))) AND period = ? AND field IN (\(SQLiteStore.placeholders(fields.count)))
                    GROUP BY unit
                    """, arguments: StatementArguments(chunk + [period.description] + fields))
                while let row = try rows.next() { out[row["unit"]] = row["n"] }
            }
            return out
        }
    }

    static func values(_ db: Database, units: [String], periods: [Period], fields: [String]?) throws -> [StoredValue] {
        var out: [StoredValue] = []
        let periodTexts = periods.map(\.description)
        let fieldCondition = fields.map { " AND field IN (\(SQLiteStore.placeholders($0.count)))" } ?? ""
        // Units in chunks small enough that units, periods and fields stay within SQLite's 999 parameters.
        let size = max(1, 900 - periodTexts.count - (fields?.count ?? 0))
        for chunk in SQLiteStore.chunks(units, min(400, size)) {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit IN (\(SQLiteStore.placeholders(chunk.count))) AND period IN (\(SQLiteStore.placeholders(periodTexts.count)))\(fieldCondition)
                """, arguments: StatementArguments(chunk + periodTexts + (fields ?? [])))
            while let row = try rows.next() {
                guard let period = Period(row["period"]), let value = Value(kind: row["kind"], text: row["value"]) else { continue }
                out.append(StoredValue(unit: row["unit"], field: row["field"], period: period, value: value))
            }
        }
        return out
    }

    /// One read transaction for everything a form shows and a save decides on: the four reads see
    /// the same state, and a save costs one trip to the reader pool instead of four.
    public func formSnapshot(unit: String, month: Period, periods: [Period], suppliedPeriods: [Period],
                             historyFields: [String], historyPeriods: [Period]) async throws -> FormSnapshot {
        try await pool.read { db in
            let supplied = suppliedPeriods.isEmpty, noHistory = historyFields.isEmpty || historyPeriods.isEmpty
            return FormSnapshot(
                values: periods.isEmpty ? [] : try SQLiteStore.values(db, units: [unit], periods: periods, fields: nil),
                provided: supplied ? [] : try SQLiteStore.provided(db, where: "unit = ?", [unit], periods: suppliedPeriods),
                corrections: supplied ? [] : try SQLiteStore.corrections(db, units: [unit], periods: suppliedPeriods),
                state: try SQLiteStore.formState(db, unit: unit, month: month.description),
                history: noHistory ? [] : try SQLiteStore.values(db, units: [unit], periods: historyPeriods, fields: historyFields))
        }
    }

    public func storedValueCounts(fields: [String]) async throws -> [String: Int] {
        guard !fields.isEmpty else { return [:] }
        return try await pool.read { db in
            var counts: [String: Int] = [:]
            for chunk in SQLiteStore.chunks(fields) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT field, COUNT(*) AS n FROM form_values WHERE field IN (\(SQLiteStore.placeholders(chunk.count))) GROUP BY field
                    """, arguments: StatementArguments(chunk))
                for row in rows { counts[row["field"]] = row["n"] }
            }
            return counts
        }
    }

    static func formState(_ db: Database, unit: String, month: String) throws -> FormState {
        try Row.fetchOne(db, sql: "SELECT status, version, submitted_at, updated_at, updated_by, reason, explanation FROM forms WHERE unit = ? AND month = ?",
                         arguments: [unit, month]).map(formState) ?? .empty
    }

    static func formState(_ row: Row) -> FormState {
        FormState(status: FormStatus(rawValue: row["status"]) ?? .empty, version: row["version"], submittedAt: row["submitted_at"],
                  updatedAt: row["updated_at"], updatedBy: row["updated_by"], reason: row["reason"], explanation: row["explanation"])
    }
}
