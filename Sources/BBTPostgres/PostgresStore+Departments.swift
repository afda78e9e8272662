import BBTEngine
import BBTStore
import BBTTemplates
import PostgresNIO

/// What departments supply, and the communities' reasons for differing from it.
extension PostgresStore {
    /// The batch goes into a temporary table first (one statement from arrays), so that what changed,
    /// what did not and where a community's value differs are each one statement in the database.
    /// Uploads of one table are taken one at a time: two departments' batches never interleave.
    public func provide(_ batch: ProvideBatch) async throws -> ProvideOutcome {
        var seq: [Int] = [], units: [String] = [], fields: [String] = [], periods: [String] = [], months: [String] = []
        var kinds: [String] = [], texts: [String] = []
        var periodTexts: [Period: (period: String, month: String)] = [:]
        for (i, v) in batch.values.enumerated() {
            let t = periodTexts[v.period] ?? (v.period.description, v.period.lastMonth.description)
            periodTexts[v.period] = t
            let (kind, text) = v.value.storage
            seq.append(i); units.append(v.unit); fields.append(v.field); periods.append(t.period); months.append(t.month)
            kinds.append(kind); texts.append(text)
        }
        return try await transaction { c in
            try await run("LOCK TABLE provided_values IN SHARE ROW EXCLUSIVE MODE", on: c)
            try await run("""
                CREATE TEMP TABLE upload (
                    seq INTEGER NOT NULL, unit TEXT NOT NULL, field TEXT NOT NULL, period TEXT NOT NULL,
                    month TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (unit, period, field)
                ) ON COMMIT DROP
                """, on: c)
            try await run("""
                INSERT INTO upload (seq, unit, field, period, month, kind, value)
                SELECT unnest(\(seq)::integer[]), unnest(\(units)::text[]), unnest(\(fields)::text[]), unnest(\(periods)::text[]),
                       unnest(\(months)::text[]), unnest(\(kinds)::text[]), unnest(\(texts)::text[])
                """, on: c)
            let join = "p.unit = u.unit AND p.period = u.period AND p.field = u.field"
            let unchanged = try await rows("""
                SELECT COUNT(*) FROM upload u JOIN provided_values p ON \(unescaped: join) WHERE p.kind = u.kind AND p.value = u.value
                """, on: c).first?.decode(Int.self) ?? 0
            try await run("""
                INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                SELECT \(batch.at), \(batch.user), u.unit, u.month, 'provided', u.field, u.period, p.value, u.value
                FROM upload u LEFT JOIN provided_values p ON \(unescaped: join)
                WHERE p.unit IS NULL OR p.kind <> u.kind OR p.value <> u.value ORDER BY u.seq
                """, on: c)
            try await run("""
                UPDATE provided_values p SET source = \(batch.source), kind = u.kind, value = u.value, at = \(batch.at), username = \(batch.user)
                FROM upload u WHERE \(unescaped: join) AND (p.kind <> u.kind OR p.value <> u.value)
                """, on: c)
            try await run("""
                INSERT INTO provided_values (unit, period, field, source, kind, value, at, username)
                SELECT u.unit, u.period, u.field, \(batch.source), u.kind, u.value, \(batch.at), \(batch.user) FROM upload u
                WHERE NOT EXISTS (SELECT 1 FROM provided_values p WHERE \(unescaped: join)) ORDER BY u.seq
                """, on: c)
            // Texts that differ may still be equal values (`12.0` and `12`): Value decides.
            var conflicts: [ProvideOutcome.Conflict] = []
            for row in try await rows("""
                SELECT u.unit, u.field, u.period, u.kind, u.value, p.kind, p.value
                FROM upload u JOIN form_values p ON \(unescaped: join) WHERE p.kind <> u.kind OR p.value <> u.value ORDER BY u.seq
                """, on: c) {
                let (unit, field, periodText, kind, text, savedKind, savedText) = try row.decode((String, String, String, String, String, String, String).self)
                guard let period = Period(periodText), let provided = Value(kind: kind, text: text),
                      let saved = Value(kind: savedKind, text: savedText), saved != provided else { continue }
                conflicts.append(.init(unit: unit, field: field, period: period, provided: provided, value: saved))
            }
            return ProvideOutcome(stored: batch.values.count - unchanged, unchanged: unchanged, conflicts: conflicts)
        }
    }

    public func providedValues(units: [String], periods: [Period]) async throws -> [StoredProvided] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        return try await provided(rows("""
            SELECT unit, field, period, source, kind, value, at FROM provided_values
            WHERE unit = ANY(\(units)) AND period = ANY(\(periods.map(\.description))) ORDER BY unit, field, period
            """))
    }

    public func providedValues(source: String, periods: [Period]) async throws -> [StoredProvided] {
        guard !periods.isEmpty else { return [] }
        return try await provided(rows("""
            SELECT unit, field, period, source, kind, value, at FROM provided_values
            WHERE source = \(source) AND period = ANY(\(periods.map(\.description))) ORDER BY unit, field, period
            """))
    }

    private func provided(_ rows: [PostgresRow]) throws -> [StoredProvided] {
        try rows.compactMap { row in
            let (unit, field, periodText, source, kind, text, at) = try row.decode((String, String, String, String, String, String, Instant).self)
            guard let period = Period(periodText), let value = Value(kind: kind, text: text) else { return nil }
            return StoredProvided(unit: unit, field: field, period: period, source: source, value: value, at: at)
        }
    }

    public func corrections(units: [String], periods: [Period]) async throws -> [StoredCorrection] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        return try await rows("""
            SELECT unit, field, period, reason, username, at FROM corrections
            WHERE unit = ANY(\(units)) AND period = ANY(\(periods.map(\.description)))
            """).compactMap { row in
            let (unit, field, periodText, reason, user, at) = try row.decode((String, String, String, String, String, Instant).self)
            return Period(periodText).map { StoredCorrection(unit: unit, field: field, period: $0, reason: reason, user: user, at: at) }
        }
    }
}
