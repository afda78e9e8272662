import BBTEngine
import BBTStore
import BBTTemplates
import PostgresNIO

/// Forms, their values and their audit.
extension PostgresStore {
    static let formColumns = "status, version, submitted_at, updated_at, updated_by, reason, explanation"

    static func formState(_ row: PostgresRow) throws -> FormState {
        let (status, version, submittedAt, updatedAt, updatedBy, reason, explanation) = try row.decode(
            (String, Int, String?, String?, String?, String?, String?).self)
        return FormState(status: FormStatus(rawValue: status) ?? .empty, version: version, submittedAt: submittedAt,
                         updatedAt: updatedAt, updatedBy: updatedBy, reason: reason, explanation: explanation)
    }

    func formState(unit: String, month: String, on c: PostgresConnection?) async throws -> FormState {
        try await rows("SELECT \(unescaped: PostgresStore.formColumns) FROM forms WHERE unit = \(unit) AND month = \(month)", on: c)
            .first.map(PostgresStore.formState) ?? .empty
    }

    public func formState(unit: String, month: Period) async throws -> FormState {
        try await formState(unit: unit, month: month.description, on: nil)
    }

    public func formStates(units: [String], month: Period) async throws -> [String: FormState] {
        guard !units.isEmpty else { return [:] }
        var out: [String: FormState] = [:]
        for row in try await rows("""
            SELECT unit, \(unescaped: PostgresStore.formColumns) FROM forms WHERE month = \(month.description) AND unit = ANY(\(units))
            """) {
            let (unit, status, version, submittedAt, updatedAt, updatedBy, reason, explanation) = try row.decode(
                (String, String, Int, String?, String?, String?, String?, String?).self)
            out[unit] = FormState(status: FormStatus(rawValue: status) ?? .empty, version: version, submittedAt: submittedAt,
                                  updatedAt: updatedAt, updatedBy: updatedBy, reason: reason, explanation: explanation)
        }
        return out
    }

    public func latestMonth(unit: String, in statuses: [FormStatus]) async throws -> Period? {
        guard !statuses.isEmpty else { return nil }
        return try await rows("SELECT MAX(month) FROM forms WHERE unit = \(unit) AND status = ANY(\(statuses.map(\.rawValue)))")
            .first?.decode(String?.self).flatMap(Period.init)
    }

    /// A save lost the race for its form's version to another server.
    struct StaleForm: Error {}

    /// The form's row is claimed first: the update only takes the version it expects (or the insert
    /// only a form nobody created), and its row lock holds every other save of the form, on any
    /// server, until this one commits. Values are then replaced in three statements, whatever their
    /// number: the old ones read, the changed ones deleted, the new ones inserted from arrays.
    public func save(_ save: FormSave) async throws -> SaveOutcome {
        do {
            return try await transaction { c in try await self.save(save, on: c) }
        } catch where error is StaleForm || PostgresStore.isUniqueViolation(error) {
            return .conflict(current: try await formState(unit: save.unit, month: save.month.description, on: nil).version)
        }
    }

    public func saveAll(_ saves: [FormSave]) async throws -> [SaveOutcome] {
        try await transaction { c in
            var outcomes: [SaveOutcome] = []
            for save in saves {
                // A lost claim would abort the whole transaction: a batch checks each version first.
                let current = try await formState(unit: save.unit, month: save.month.description, on: c).version
                outcomes.append(current == save.expectedVersion ? try await self.save(save, on: c) : .conflict(current: current))
            }
            return outcomes
        }
    }

    func save(_ save: FormSave, on c: PostgresConnection) async throws -> SaveOutcome {
        let month = save.month.description
        let version = save.expectedVersion + 1
        let status = save.status.rawValue
        let before: FormStatus, explainedBefore: String?
        if save.expectedVersion == 0 {
            // A form nobody created: the insert claims it (another server's insert is a unique violation).
            (before, explainedBefore) = (.empty, nil)
            try await run("""
                INSERT INTO forms (unit, month, status, version, submitted_at, updated_at, updated_by, reason, explanation)
                VALUES (\(save.unit), \(month), \(status), 1, \(save.status == .submitted ? save.at : nil), \(save.at),
                        \(save.user), \(save.reason), \(save.explanation))
                """, on: c)
        } else {
            // The claim reads the state it replaces in the same statement (one round trip, not a read
            // first): only the expected version is taken, and its row lock holds other saves.
            let claimed = try await rows("""
                UPDATE forms SET status = \(status), version = \(version),
                    submitted_at = CASE WHEN \(status) = 'submitted' AND prior.status <> 'submitted' THEN \(save.at)
                                        ELSE prior.submitted_at END,
                    updated_at = \(save.at), updated_by = \(save.user), reason = \(save.reason), explanation = \(save.explanation)
                FROM (SELECT unit, month, status, submitted_at, explanation FROM forms
                      WHERE unit = \(save.unit) AND month = \(month) AND version = \(save.expectedVersion)) prior
                WHERE forms.unit = prior.unit AND forms.month = prior.month AND forms.version = \(save.expectedVersion)
                RETURNING prior.status, prior.explanation
                """, on: c)
            guard let row = claimed.first else { throw StaleForm() }
            let (status, explanation) = try row.decode((String, String?).self)
            (before, explainedBefore) = (FormStatus(rawValue: status) ?? .empty, explanation)
        }
        try await writeValues(save, month: month, on: c)
        for correction in save.corrections {
            let period = correction.period.description
            try await run("DELETE FROM corrections WHERE unit = \(save.unit) AND period = \(period) AND field = \(correction.field)", on: c)
            try await run("""
                INSERT INTO corrections (unit, period, field, reason, username, at)
                VALUES (\(save.unit), \(period), \(correction.field), \(correction.reason), \(save.user), \(save.at))
                """, on: c)
            try await run("""
                INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                VALUES (\(save.at), \(save.user), \(save.unit), \(month), 'correction', \(correction.field), \(period),
                        \(correction.provided.plainText), \(correction.reason))
                """, on: c)
        }
        if save.status != before {
            try await run("""
                INSERT INTO audit (at, username, unit, month, action, old, new)
                VALUES (\(save.at), \(save.user), \(save.unit), \(month), 'status', \(before.rawValue), \(save.status.rawValue))
                """, on: c)
        }
        if save.explanation != explainedBefore {
            try await run("""
                INSERT INTO audit (at, username, unit, month, action, old, new)
                VALUES (\(save.at), \(save.user), \(save.unit), \(month), 'explanation', \(explainedBefore), \(save.explanation))
                """, on: c)
        }
        return .saved(version: version)
    }

    private func writeValues(_ save: FormSave, month: String, on c: PostgresConnection) async throws {
        guard !save.values.isEmpty else { return }
        let fields = save.values.map(\.field), periods = save.values.map(\.period.description)
        var old: [String: (kind: String, value: String)] = [:]
        for row in try await rows("""
            SELECT field, period, kind, value FROM form_values
            WHERE unit = \(save.unit) AND period = ANY(\(Array(Set(periods)))) AND field = ANY(\(Array(Set(fields))))
            """, on: c) {
            let (field, period, kind, value) = try row.decode((String, String, String, String).self)
            old[field + "\u{1}" + period] = (kind, value)
        }
        var changed = (fields: [String](), periods: [String]())
        var added = (fields: [String](), periods: [String](), kinds: [String](), values: [String]())
        var audit = (fields: [String](), periods: [String](), old: [String](), oldIsNull: [Bool](), new: [String](), newIsNull: [Bool]())
        for (i, entry) in save.values.enumerated() {
            let before = old[fields[i] + "\u{1}" + periods[i]]
            let after = entry.value?.storage
            if before?.value == after?.text && before?.kind == after?.kind { continue }
            if before != nil { changed.fields.append(fields[i]); changed.periods.append(periods[i]) }
            if let after {
                added.fields.append(fields[i]); added.periods.append(periods[i])
                added.kinds.append(after.kind); added.values.append(after.text)
            }
            audit.fields.append(fields[i]); audit.periods.append(periods[i])
            audit.old.append(before?.value ?? ""); audit.oldIsNull.append(before == nil)
            audit.new.append(after?.text ?? ""); audit.newIsNull.append(after == nil)
        }
        guard !audit.fields.isEmpty else { return }
        if !changed.fields.isEmpty {
            try await run("""
                DELETE FROM form_values WHERE unit = \(save.unit) AND (period, field) IN (
                    SELECT unnest(\(changed.periods)::text[]), unnest(\(changed.fields)::text[]))
                """, on: c)
        }
        if !added.fields.isEmpty {
            try await run("""
                INSERT INTO form_values (unit, period, field, kind, value)
                SELECT \(save.unit), unnest(\(added.periods)::text[]), unnest(\(added.fields)::text[]),
                       unnest(\(added.kinds)::text[]), unnest(\(added.values)::text[])
                """, on: c)
        }
        // Text arrays carry no NULL here: a flag beside each old and new text says "there was none".
        try await run("""
            INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
            SELECT \(save.at), \(save.user), \(save.unit), \(month), 'value', f, p,
                   CASE WHEN old_null THEN NULL ELSE old END, CASE WHEN new_null THEN NULL ELSE new END
            FROM (SELECT unnest(\(audit.fields)::text[]) AS f, unnest(\(audit.periods)::text[]) AS p,
                         unnest(\(audit.old)::text[]) AS old, unnest(\(audit.oldIsNull)::boolean[]) AS old_null,
                         unnest(\(audit.new)::text[]) AS new, unnest(\(audit.newIsNull)::boolean[]) AS new_null) given
            """, on: c)
    }

    public func values(units: [String], periods: [Period]) async throws -> [StoredValue] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        var out: [StoredValue] = []
        for chunk in PostgresStore.chunks(units) {
            out += try await values(client.query("""
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periods.map(\.description)))
                """, logger: logger))
        }
        return out
    }

    /// A city's report over years of history, measured (docs/performance.md): given all 3,000 units
    /// at once, PostgreSQL 15's default costs choose a scan of the whole table (1 s); in pieces of
    /// 250 each piece is a bitmap scan of its units' periods (12 ms). The fields are a filter, not
    /// part of the index condition (`field || ''`): as a condition the key is probed once per unit ×
    /// period × field, three to four times slower.
    ///
    /// A drill-down asks for one column's few fields: then the fields are part of the index
    /// condition after all (a city total of one field: 185 → 80 ms, docs/performance.md).
    public func values(units: [String], periods: [Period], fields: [String]) async throws -> [StoredValue] {
        guard !units.isEmpty, !periods.isEmpty, !fields.isEmpty else { return [] }
        var out: [StoredValue] = []
        let few = fields.count <= PostgresStore.fewFields
        for chunk in PostgresStore.chunks(units) {
            out += try await values(client.query(few ? """
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periods.map(\.description))) AND field = ANY(\(fields))
                """ : """
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periods.map(\.description))) AND field || '' = ANY(\(fields))
                """, logger: logger))
        }
        return out
    }

    /// Up to this many fields, probing the key for each is cheaper than reading every field of a
    /// unit's periods and filtering.
    static let fewFields = 4

    /// One statement, one round trip: a save used to read its form in four (values, supplied values,
    /// corrections, state), each a context switch on a machine that PostgreSQL shares with the
    /// servers. The results come back as rows of one shape, told apart by their first column; the
    /// statement is prepared once per connection (`FormSnapshotRows`), not planned on every save.
    public func formSnapshot(unit: String, month: Period, periods: [Period], suppliedPeriods: [Period],
                             historyFields: [String], historyPeriods: [Period]) async throws -> FormSnapshot {
        let shown = periods.map(\.description), supplied = suppliedPeriods.map(\.description)
        let past = historyFields.isEmpty ? [] : historyPeriods.map(\.description)
        var values: [StoredValue] = [], provided: [StoredProvided] = [], corrections: [StoredCorrection] = []
        var history: [StoredValue] = []
        var state = FormState.empty
        let rows = try await client.execute(
            FormSnapshotRows(unit: unit, month: month.description, shown: shown, supplied: supplied, past: past, historyFields: historyFields),
            logger: logger)
        for try await (tag, a, b, c, d, e, f, g) in rows {
            switch tag {
            case "f":
                state = FormState(status: a.flatMap(FormStatus.init) ?? .empty, version: b.flatMap { Int($0) } ?? 0,
                                  submittedAt: c, updatedAt: d, updatedBy: e, reason: f, explanation: g)
            case "v", "h":
                guard let a, let period = b.flatMap(Period.init), let c, let d, let value = Value(kind: c, text: d) else { continue }
                let v = StoredValue(unit: unit, field: a, period: period, value: value)
                if tag == "v" { values.append(v) } else { history.append(v) }
            case "p":
                guard let a, let period = b.flatMap(Period.init), let c, let d, let e, let f,
                      let value = Value(kind: d, text: e) else { continue }
                provided.append(StoredProvided(unit: unit, field: a, period: period, source: c, value: value, at: f))
            default:
                guard let a, let period = b.flatMap(Period.init), let c, let d, let e else { continue }
                corrections.append(StoredCorrection(unit: unit, field: a, period: period, reason: c, user: d, at: e))
            }
        }
        return FormSnapshot(values: values, provided: provided, corrections: corrections, state: state, history: history)
    }

    static func chunks(_ units: [String], _ size: Int = 250) -> [[String]] {
        stride(from: 0, to: units.count, by: size).map { Array(units[$0..<min($0 + size, units.count)]) }
    }

    private func values(_ sequence: PostgresRowSequence) async throws -> [StoredValue] {
        var out: [StoredValue] = []
        for try await (unit, field, periodText, kind, text) in sequence.decode((String, String, String, String, String).self) {
            guard let period = Period(periodText), let value = Value(kind: kind, text: text) else { continue }
            out.append(StoredValue(unit: unit, field: field, period: period, value: value))
        }
        return out
    }

    public func storedValueCounts(fields: [String]) async throws -> [String: Int] {
        guard !fields.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for row in try await rows("SELECT field, COUNT(*) FROM form_values WHERE field = ANY(\(fields)) GROUP BY field") {
            let (field, n) = try row.decode((String, Int).self)
            counts[field] = n
        }
        return counts
    }

    public func audit(unit: String?, month: Period?) async throws -> [AuditEntry] {
        // NULL filters match everything: one statement for the four cases.
        try await rows("""
            SELECT at, username, unit, month, action, field, period, old, new FROM audit
            WHERE (\(unit)::text IS NULL OR unit = \(unit)) AND (\(month?.description)::text IS NULL OR month = \(month?.description))
            ORDER BY id LIMIT 10000
            """).map { row in
            let (at, user, unit, month, action, field, period, old, new) = try row.decode(
                (String, String, String, String, String, String?, String?, String?, String?).self)
            return AuditEntry(at: at, user: user, unit: unit, month: month, action: action, field: field, period: period, old: old, new: new)
        }
    }
}

/// `PostgresStore.formSnapshot`'s one statement: the form's state ('f'), its values ('v'), supplied
/// values ('p'), corrections ('c') and the history its rules read ('h').
struct FormSnapshotRows: PostgresPreparedStatement {
    static let sql = """
        SELECT 'f', status, CAST(version AS text), submitted_at, updated_at, updated_by, reason, explanation
          FROM forms WHERE unit = $1 AND month = $2
        UNION ALL SELECT 'v', field, period, kind, value, CAST(NULL AS text), CAST(NULL AS text), CAST(NULL AS text)
          FROM form_values WHERE unit = $1 AND period = ANY($3)
        UNION ALL SELECT 'p', field, period, source, kind, value, at, CAST(NULL AS text)
          FROM provided_values WHERE unit = $1 AND period = ANY($4)
        UNION ALL SELECT 'c', field, period, reason, username, at, CAST(NULL AS text), CAST(NULL AS text)
          FROM corrections WHERE unit = $1 AND period = ANY($4)
        UNION ALL SELECT 'h', field, period, kind, value, CAST(NULL AS text), CAST(NULL AS text), CAST(NULL AS text)
          FROM form_values WHERE unit = $1 AND period = ANY($5) AND field = ANY($6)
        """
    typealias Row = (String, String?, String?, String?, String?, String?, String?, String?)
    let unit: String, month: String
    let shown: [String], supplied: [String], past: [String], historyFields: [String]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 6)
        b.append(unit)
        b.append(month)
        b.append(shown)
        b.append(supplied)
        b.append(past)
        b.append(historyFields)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
