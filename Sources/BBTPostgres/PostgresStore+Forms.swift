import BBTEngine
import BBTStore
import BBTTemplates
import PostgresNIO

/// Forms, their values and their audit.
extension PostgresStore {
    static let formColumns = "status, version, submitted_at, updated_at, updated_by, reason, explanation"

    static func formState(_ row: PostgresRow) throws -> FormState {
        let (status, version, submittedAt, updatedAt, updatedBy, reason, explanation) = try row.decode(
            (String, Int, Instant?, Instant?, String?, String?, String?).self)
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
                (String, String, Int, Instant?, Instant?, String?, String?, String?).self)
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

    /// A decided save is one statement (`WriteForm`, a call of `bbt_write_form`): it claims the form's row first — the update
    /// only takes the version it expects, the insert only a form nobody created — and the row lock
    /// holds every other save of the form, on any server, until it commits.
    public func save(_ write: FormWrite) async throws -> SaveOutcome {
        do {
            return try await self.save(write, on: nil)
        } catch where error is StaleForm || PostgresStore.isUniqueViolation(error) {
            return .conflict(current: try await formState(unit: write.unit, month: write.month.description, on: nil).version)
        }
    }

    public func saveAll(_ writes: [FormWrite]) async throws -> [SaveOutcome] {
        try await transaction { c in
            var outcomes: [SaveOutcome] = []
            for write in writes {
                // A lost claim would abort the whole transaction: a batch checks each version first.
                let current = try await formState(unit: write.unit, month: write.month.description, on: c).version
                outcomes.append(current == write.expectedVersion ? try await self.save(write, on: c) : .conflict(current: current))
            }
            return outcomes
        }
    }

    /// On `c` inside its transaction, or on any pooled connection as a transaction of its own.
    func save(_ write: FormWrite, on c: PostgresConnection?) async throws -> SaveOutcome {
        let statement = WriteForm(write)
        var version: Int?
        if let c {
            for try await v in try await c.execute(statement, logger: logger) { version = v }
        } else {
            for try await v in try await client.execute(statement, logger: logger) { version = v }
        }
        guard let version, version > 0 else { throw StaleForm() }
        return .saved(version: version)
    }

    public func values(units: [String], periods: [Period]) async throws -> [StoredValue] {
        guard !units.isEmpty, !periods.isEmpty else { return [] }
        let periodTexts = periods.map(\.description)
        return try await inPieces(units) { chunk in
            try await self.values(self.client.query("""
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periodTexts))
                """, logger: self.logger))
        }
    }

    /// The pieces read on up to `readersPerReport` connections at once, so that the database reads
    /// one piece while this server decodes another; the results in the order of the pieces.
    func inPieces(_ units: [String], _ read: @escaping @Sendable ([String]) async throws -> [StoredValue]) async throws -> [StoredValue] {
        let pieces = PostgresStore.chunks(units)
        var results = [[StoredValue]](repeating: [], count: pieces.count)
        try await withThrowingTaskGroup(of: (Int, [StoredValue]).self) { group in
            var next = 0
            func start() {
                let i = next, piece = pieces[i]
                group.addTask { (i, try await read(piece)) }
                next += 1
            }
            while next < min(PostgresStore.readersPerReport, pieces.count) { start() }
            while let (i, part) = try await group.next() {
                results[i] = part
                if next < pieces.count { start() }
            }
        }
        return results.flatMap { $0 }
    }

    /// Two: one piece in the database, one being decoded; more only takes connections from saves.
    static let readersPerReport = 2

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
        let few = fields.count <= PostgresStore.fewFields
        let periodTexts = periods.map(\.description)
        return try await inPieces(units) { chunk in
            try await self.values(self.client.query(few ? """
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periodTexts)) AND field = ANY(\(fields))
                """ : """
                SELECT unit, field, period, kind, value FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = ANY(\(periodTexts)) AND field || '' = ANY(\(fields))
                """, logger: self.logger))
        }
    }

    /// Counted in the same pieces as `values` reads, for the same reason (a bitmap scan per piece).
    public func valueCounts(units: [String], period: Period, fields: [String]) async throws -> [String: Int] {
        guard !units.isEmpty, !fields.isEmpty else { return [:] }
        var out: [String: Int] = [:]
        for chunk in PostgresStore.chunks(units) {
            for row in try await rows("""
                SELECT unit, COUNT(*) FROM form_values
                WHERE unit = ANY(\(chunk)) AND period = \(period.description) AND field || '' = ANY(\(fields))
                GROUP BY unit
                """) {
                let (unit, n) = try row.decode((String, Int).self)
                out[unit] = n
            }
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
                                  submittedAt: c.flatMap(Instant.init), updatedAt: d.flatMap(Instant.init), updatedBy: e, reason: f, explanation: g)
            case "v", "h":
                guard let a, let period = b.flatMap(Period.init), let c, let d, let value = Value(kind: c, text: d) else { continue }
                let v = StoredValue(unit: unit, field: a, period: period, value: value)
                if tag == "v" { values.append(v) } else { history.append(v) }
            case "p":
                guard let a, let period = b.flatMap(Period.init), let c, let d, let e, let at = f.flatMap(Instant.init),
                      let value = Value(kind: d, text: e) else { continue }
                provided.append(StoredProvided(unit: unit, field: a, period: period, source: c, value: value, at: at))
            default:
                guard let a, let period = b.flatMap(Period.init), let c, let d, let at = e.flatMap(Instant.init) else { continue }
                corrections.append(StoredCorrection(unit: unit, field: a, period: period, reason: c, user: d, at: at))
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
                (Instant, String, String, Period, String, String?, Period?, String?, String?).self)
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

/// A decided save (`FormWrite`) in one call of `bbt_write_form` (the migration of 2026-12-05), which
/// claims the form's row first and writes only then: -1, nothing written, when the version moved.
/// Arrays carry no NULL here: a nullable audit text is sent as "" for NULL and "=" followed by the
/// text otherwise.
struct WriteForm: PostgresPreparedStatement {
    static let sql = """
        SELECT bbt_write_form($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
                              $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                              $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[],
                              $26::text[], $27::text[], $28::text[], $29::text[], $30::text[])
        """
    typealias Row = Int
    let write: FormWrite

    init(_ write: FormWrite) { self.write = write }

    func makeBindings() throws -> PostgresBindings {
        let w = write, s = w.state
        func nullable(_ t: String?) -> String { t.map { "=" + $0 } ?? "" }
        let removed = w.values.filter { $0.new == nil }
        let changed = w.values.filter { $0.old != nil && $0.new != nil }
        let added = w.values.filter { $0.old == nil && $0.new != nil }
        let recorrected = w.corrections.filter(\.replaces), corrected = w.corrections.filter { !$0.replaces }
        var b = PostgresBindings(capacity: 30)
        b.append(w.unit)
        b.append(w.month.description)
        b.append(w.expectedVersion)
        b.append(s.status.rawValue)
        b.append(s.submittedAt?.description)
        b.append(s.updatedAt?.description ?? "")
        b.append(s.updatedBy ?? "")
        b.append(s.reason)
        b.append(s.explanation)
        b.append(removed.map(\.field))
        b.append(removed.map(\.period.description))
        for group in [changed, added] {
            b.append(group.map(\.field))
            b.append(group.map(\.period.description))
            b.append(group.map { $0.new!.storage.kind })
            b.append(group.map { $0.new!.storage.text })
        }
        b.append(recorrected.map(\.field))
        b.append(recorrected.map(\.period.description))
        b.append(recorrected.map(\.reason))
        b.append(corrected.map(\.field))
        b.append(corrected.map(\.period.description))
        b.append(corrected.map(\.reason))
        b.append(w.audit.map(\.action))
        b.append(w.audit.map { nullable($0.field) })
        b.append(w.audit.map { nullable($0.period?.description) })
        b.append(w.audit.map { nullable($0.old) })
        b.append(w.audit.map { nullable($0.new) })
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
