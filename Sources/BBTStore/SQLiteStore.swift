import BBTEngine
import BBTTemplates
import Foundation
import GRDB

/// The embedded default store: SQLite in WAL mode through GRDB, one transaction per save.
public final class SQLiteStore: Store {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies the migrations.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL keeps readers (report downloads) from blocking the writers (form saves). FULL makes
            // every acknowledged commit survive a power loss, not only a process crash; a save is one
            // small transaction, so the fsync it costs is the price of never losing a submission.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(pool)
    }

    public func isEmpty() async throws -> Bool {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM units") == 0 }
    }

    /// One SQLite file has one server: nothing to wait for.
    public func exclusively<R: Sendable>(_ body: () async throws -> R) async throws -> R { try await body() }

    public func replaceUnits(_ units: [OrgUnit], tree: UnitTree) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM units")
            try db.execute(sql: "DELETE FROM unit_changes")
            for u in units {
                let span = tree.index(of: u.code).map { tree.spans[$0] } ?? .always
                try db.execute(sql: "INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [u.code, u.name, u.level.rawValue, u.parent.map { tree[$0].code }, span.from.map(MonthNumber.text), span.until.map(MonthNumber.text)])
            }
        }
    }

    public func units() async throws -> [StoredUnit] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, level, parent, from_month, until_month FROM units ORDER BY rowid").compactMap { row in
                guard let level = Level(rawValue: row["level"]) else { return nil }
                return StoredUnit(code: row["code"], name: row["name"], level: level, parent: row["parent"],
                                  from: row["from_month"], until: row["until_month"])
            }
        }
    }

    public func unitChanges() async throws -> [StoredUnitChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, from_month, name, parent FROM unit_changes ORDER BY id").map {
                StoredUnitChange(code: $0["code"], from: $0["from_month"], name: $0["name"], parent: $0["parent"])
            }
        }
    }

    public func addUnit(_ u: StoredUnit, audit: AdminAuditEntry) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(code) DO NOTHING
                """, arguments: [u.code, u.name, u.level.rawValue, u.parent, u.from, u.until])
            guard db.changesCount == 1 else { return false }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }

    public func changeUnit(_ c: StoredUnitChange, audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO unit_changes (code, from_month, name, parent) VALUES (?, ?, ?, ?)",
                           arguments: [c.code, c.from, c.name, c.parent])
            try SQLiteStore.insert(audit, db)
        }
    }

    public func closeUnit(code: String, until: String?, audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE units SET until_month = ? WHERE code = ?", arguments: [until, code])
            try SQLiteStore.insert(audit, db)
        }
    }

    public func applyUnits(adding: [StoredUnit], changing: [StoredUnitChange], closing: [String], until: String,
                           audit: AdminAuditEntry) async throws {
        try await pool.write { db in
            for u in adding {
                try db.execute(sql: "INSERT INTO units (code, name, level, parent, from_month, until_month) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [u.code, u.name, u.level.rawValue, u.parent, u.from, u.until])
            }
            for c in changing {
                try db.execute(sql: "INSERT INTO unit_changes (code, from_month, name, parent) VALUES (?, ?, ?, ?)",
                               arguments: [c.code, c.from, c.name, c.parent])
            }
            for code in closing {
                try db.execute(sql: "UPDATE units SET until_month = ? WHERE code = ?", arguments: [until, code])
            }
            try SQLiteStore.insert(audit, db)
        }
    }

    public func upsertUser(_ user: UserRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO users (username, password_hash, role, unit, source) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, unit = excluded.unit,
                    source = excluded.source
                """, arguments: [user.username, user.passwordHash, user.role.rawValue, user.unit, user.source])
        }
    }

    public func user(named username: String) async throws -> UserRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.userColumns) FROM users WHERE username = ?",
                             arguments: [username]).flatMap(SQLiteStore.user)
        }
    }

    static let userColumns = "username, password_hash, role, unit, source, disabled, must_change_password"

    public func users() async throws -> [UserRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteStore.userColumns) FROM users ORDER BY username").compactMap(SQLiteStore.user)
        }
    }

    public func createUser(_ user: UserRecord, audit: AdminAuditEntry) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO users (username, password_hash, role, unit, source, disabled, must_change_password)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(username) DO NOTHING
                """, arguments: [user.username, user.passwordHash, user.role.rawValue, user.unit, user.source, user.disabled,
                                 user.mustChangePassword])
            guard db.changesCount == 1 else { return false }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }

    public func updateUser(_ user: UserRecord, audit: AdminAuditEntry, keepSession: String?) async throws -> Bool {
        try await pool.write { db in
            guard let before = try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.userColumns) FROM users WHERE username = ?",
                                                arguments: [user.username]).flatMap(SQLiteStore.user) else { return false }
            try db.execute(sql: """
                UPDATE users SET password_hash = ?, role = ?, unit = ?, source = ?, disabled = ?, must_change_password = ?
                WHERE username = ?
                """, arguments: [user.passwordHash, user.role.rawValue, user.unit, user.source, user.disabled,
                                 user.mustChangePassword, user.username])
            if user.disabled || user.passwordHash != before.passwordHash {
                try db.execute(sql: "DELETE FROM sessions WHERE username = ? AND token IS NOT ?", arguments: [user.username, keepSession])
            }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }

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

    public func createSession(token: String, username: String, expires: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO sessions (token, username, expires) VALUES (?, ?, ?)", arguments: [token, username, expires])
        }
    }

    public func sessionUser(token: String, now: String) async throws -> UserRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT u.username, u.password_hash, u.role, u.unit, u.source, u.disabled, u.must_change_password
                FROM sessions s JOIN users u ON u.username = s.username
                WHERE s.token = ? AND s.expires > ? AND u.disabled = 0
                """, arguments: [token, now]).flatMap(SQLiteStore.user)
        }
    }

    public func deleteSession(token: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token = ?", arguments: [token]) }
    }

    public func latestTemplates() async throws -> TemplateVersion? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT version, published_at, published_by FROM template_versions ORDER BY version DESC LIMIT 1") else {
                return nil
            }
            let version: Int = row["version"]
            var files: [String: String] = [:]
            for f in try Row.fetchAll(db, sql: "SELECT path, source FROM template_files WHERE version = ?", arguments: [version]) {
                files[f["path"]] = f["source"]
            }
            return TemplateVersion(version: version, files: files, publishedAt: row["published_at"], publishedBy: row["published_by"])
        }
    }

    public func templateHistory() async throws -> [(version: Int, publishedAt: String, publishedBy: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, published_at, published_by FROM template_versions ORDER BY version").map {
                ($0["version"], $0["published_at"], $0["published_by"])
            }
        }
    }

    @discardableResult
    public func publishTemplates(files: [String: String], by user: String, at: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO template_versions (published_at, published_by) VALUES (?, ?)", arguments: [at, user])
            let version = Int(db.lastInsertedRowID)
            for (path, source) in files.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO template_files (version, path, source) VALUES (?, ?, ?)", arguments: [version, path, source])
            }
            try SQLiteStore.insert(AdminAuditEntry(at: at, user: user, action: "publish_templates", target: "第 \(version) 版",
                                                   detail: "\(files.count) 个文件"), db)
            return version
        }
    }

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

    public func save(_ save: FormSave) async throws -> SaveOutcome {
        try await pool.write { db in try SQLiteStore.save(save, db) }
    }

    public func saveAll(_ saves: [FormSave]) async throws -> [SaveOutcome] {
        try await pool.write { db in try saves.map { try SQLiteStore.save($0, db) } }
    }

    static func save(_ save: FormSave, _ db: Database) throws -> SaveOutcome {
        let month = save.month.description
        let current = try SQLiteStore.formState(db, unit: save.unit, month: month)
        guard current.version == save.expectedVersion else { return .conflict(current: current.version) }
        // Cached statements: a form has a hundred values, and a city's history hundreds of thousands
        // of forms; compiling each statement once per connection, not once per value, is most of a save.
        let select = try db.cachedStatement(sql: "SELECT kind, value FROM form_values WHERE unit = ? AND field = ? AND period = ?")
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO form_values (unit, field, period, kind, value) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(unit, field, period) DO UPDATE SET kind = excluded.kind, value = excluded.value
            """)
        let delete = try db.cachedStatement(sql: "DELETE FROM form_values WHERE unit = ? AND field = ? AND period = ?")
        let audit = try db.cachedStatement(sql: """
            INSERT INTO audit (at, username, unit, month, action, field, period, old, new) VALUES (?, ?, ?, ?, 'value', ?, ?, ?, ?)
            """)
        for (field, period, value) in save.values {
            let periodText = period.description
            let old = try Row.fetchOne(select, arguments: [save.unit, field, periodText])
            let oldText: String? = old?["value"]
            let newText = value?.storage.text
            if oldText == newText && (old?["kind"] as String?) == value?.storage.kind { continue }
            if let value {
                try upsert.execute(arguments: [save.unit, field, periodText, value.storage.kind, value.storage.text])
            } else {
                try delete.execute(arguments: [save.unit, field, periodText])
            }
            try audit.execute(arguments: [save.at, save.user, save.unit, month, field, periodText, oldText, newText])
        }
        let version = current.version + 1
        let submittedAt = save.status == .submitted && current.status != .submitted ? save.at : current.submittedAt
        try db.execute(sql: """
            INSERT INTO forms (unit, month, status, version, submitted_at, updated_at, updated_by, reason, explanation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(unit, month) DO UPDATE SET status = excluded.status, version = excluded.version,
                submitted_at = excluded.submitted_at, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                reason = excluded.reason, explanation = excluded.explanation
            """, arguments: [save.unit, month, save.status.rawValue, version, submittedAt, save.at, save.user, save.reason, save.explanation])
        for c in save.corrections {
            try db.execute(sql: """
                INSERT INTO corrections (unit, field, period, reason, username, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(unit, field, period) DO UPDATE SET reason = excluded.reason, username = excluded.username, at = excluded.at
                """, arguments: [save.unit, c.field, c.period.description, c.reason, save.user, save.at])
            try db.execute(sql: """
                INSERT INTO audit (at, username, unit, month, action, field, period, old, new) VALUES (?, ?, ?, ?, 'correction', ?, ?, ?, ?)
                """, arguments: [save.at, save.user, save.unit, month, c.field, c.period.description, c.provided.plainText, c.reason])
        }
        if save.status != current.status {
            try db.execute(sql: """
                INSERT INTO audit (at, username, unit, month, action, old, new) VALUES (?, ?, ?, ?, 'status', ?, ?)
                """, arguments: [save.at, save.user, save.unit, month, current.status.rawValue, save.status.rawValue])
        }
        if save.explanation != current.explanation {
            try db.execute(sql: """
                INSERT INTO audit (at, username, unit, month, action, old, new) VALUES (?, ?, ?, ?, 'explanation', ?, ?)
                """, arguments: [save.at, save.user, save.unit, month, current.explanation, save.explanation])
        }
        return .saved(version: version)
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

    public func loginFailures(username: String, since: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT at FROM login_failures WHERE username = ? AND at >= ? ORDER BY at",
                                arguments: [username, since])
        }
    }

    public func recordLoginFailure(username: String, at: String, forgetBefore: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM login_failures WHERE at < ?", arguments: [forgetBefore])
            try db.execute(sql: "INSERT INTO login_failures (username, at) VALUES (?, ?)", arguments: [username, at])
        }
    }

    public func clearLoginFailures(username: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM login_failures WHERE username = ?", arguments: [username]) }
    }

    public func changeMarks() async throws -> ChangeMarks {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT (SELECT MAX(version) FROM template_versions) AS t, (SELECT MAX(id) FROM admin_audit) AS a")
            return ChangeMarks(templateVersion: row?["t"], adminChange: row?["a"] ?? 0)
        }
    }

    static func user(_ row: Row) -> UserRecord? {
        UserRecord.Role(rawValue: row["role"]).map {
            UserRecord(username: row["username"], passwordHash: row["password_hash"], role: $0, unit: row["unit"], source: row["source"],
                       disabled: row["disabled"] ?? false, mustChangePassword: row["must_change_password"] ?? false)
        }
    }

    /// Units in pieces small enough for one statement's parameters (SQLite allows 999 by default).
    static func chunks(_ units: [String], _ size: Int = 400) -> [[String]] {
        stride(from: 0, to: units.count, by: size).map { Array(units[$0..<min($0 + size, units.count)]) }
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: max(n, 1)).joined(separator: ",") }

    static func formState(_ db: Database, unit: String, month: String) throws -> FormState {
        try Row.fetchOne(db, sql: "SELECT status, version, submitted_at, updated_at, updated_by, reason, explanation FROM forms WHERE unit = ? AND month = ?",
                         arguments: [unit, month]).map(formState) ?? .empty
    }

    static func formState(_ row: Row) -> FormState {
        FormState(status: FormStatus(rawValue: row["status"]) ?? .empty, version: row["version"], submittedAt: row["submitted_at"],
                  updatedAt: row["updated_at"], updatedBy: row["updated_by"], reason: row["reason"], explanation: row["explanation"])
    }
}
