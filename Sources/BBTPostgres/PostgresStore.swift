import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import Logging
import PostgresNIO

/// The store on PostgreSQL, for a city or a province: several `bbt serve` processes share one
/// database and are one service. Every write is one transaction, committed before the caller hears
/// of it (an acknowledged save survives any server); what two servers could do at once to one form
/// is decided by the database (`save` claims the form's version first). The SQL avoids what openGauss
/// and KingbaseES lack (`ON CONFLICT`, identity columns): upserts are an update, then an insert.
public final class PostgresStore: Store {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to `url`, applies the migrations under an advisory lock, and opens a pool of at most
    /// `connections` (or the URL's `?pool=`). Fails with the server's message (wrong password, no such database, …) rather
    /// than waiting.
    public static func open(url: String, connections: Int = defaultConnections,
                            logger: Logger = Logger(label: "bbt.postgres")) async throws -> PostgresStore {
        let location = try PostgresURL(url)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw StoreError(description: "无法连接数据库 \(PostgresURL.redacted(url)): \(PostgresStore.message(error))")
        }
        do {
            try await PostgresMigrations.migrate(connection, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw StoreError(description: "数据库迁移失败: \(PostgresStore.message(error))")
        }
        let store = PostgresStore(client: PostgresClient(configuration: location.clientConfiguration(connections: location.pool ?? connections),
                                                         backgroundLogger: logger), logger: logger)
        // The pool serves only once its run() has begun; its task was only just created.
        try await Task.sleep(for: .milliseconds(20))
        return store
    }

    /// Connects to a hot standby of the service's database (`--read-db`): nothing is migrated or
    /// written there; the server must answer and be in recovery.
    public static func openStandby(url: String, connections: Int = defaultConnections,
                                   logger: Logger = Logger(label: "bbt.postgres.standby")) async throws -> PostgresStore {
        let location = try PostgresURL(url)
        let store = PostgresStore(client: PostgresClient(configuration: location.clientConfiguration(connections: location.pool ?? connections),
                                                         backgroundLogger: logger), logger: logger)
        try await Task.sleep(for: .milliseconds(20))
        do {
            guard try await store.replayPosition() != nil else {
                store.close()
                throw StoreError(description: "\(PostgresURL.redacted(url)) 不是热备库 (pg_is_in_recovery 为 false): --read-db 应指向主库的流复制备库")
            }
        } catch let e as StoreError {
            throw e
        } catch {
            store.close()
            throw StoreError(description: "无法连接备库 \(PostgresURL.redacted(url)): \(PostgresStore.message(error))")
        }
        return store
    }

    /// The primary's current WAL position.
    public func walPosition() async throws -> UInt64 {
        let text = try await rows("SELECT pg_current_wal_lsn()::text").first?.decode(String.self) ?? ""
        return PostgresStore.lsn(text) ?? 0
    }

    /// How far a standby has replayed the primary's WAL; `nil` on a server that is not a standby.
    public func replayPosition() async throws -> UInt64? {
        let row = try await rows("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text").first
        guard let (recovering, text) = try row?.decode((Bool, String?).self), recovering else { return nil }
        return text.flatMap(PostgresStore.lsn) ?? 0
    }

    /// `16/B374D848` as one number.
    static func lsn(_ text: String) -> UInt64? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16) else { return nil }
        return high << 32 | low
    }

    /// Twice the cores and two: more statements in flight than the cores can run only queue in the
    /// operating system instead of in the pool, and lengthen the slowest saves. Measured with two
    /// servers and PostgreSQL on 2 cores (docs/performance.md): 16 connections each gave 835 saves/s
    /// at p99 250 ms, 6 gave 943/s at 116 ms, 4 gave 911/s at 105 ms.
    public static let defaultConnections = 2 * ProcessInfo.processInfo.activeProcessorCount + 2

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Closes the pool; the store answers nothing after.
    public func close() { runner.cancel() }

    public struct StoreError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The server's own words for an error where there are some.
    static func message(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let m = e.serverInfo?[.message] { return m }
            return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }

    /// A key already taken: the other server's insert came first.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    // MARK: Running statements

    /// Runs `query` and collects its rows (every result here is small or bounded by its caller).
    func rows(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [PostgresRow] {
        if let connection { return try await connection.query(query, logger: logger).collect() }
        return try await client.query(query, logger: logger).collect()
    }

    func run(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws {
        _ = try await rows(query, on: connection)
    }

    /// `body` in one transaction on one pooled connection: committed when it returns, rolled back
    /// when it throws (the error is the body's own, not wrapped).
    func transaction<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            let result: R
            do {
                result = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    // MARK: Units

    public func isEmpty() async throws -> Bool {
        try await rows("SELECT COUNT(*) FROM units").first?.decode(Int.self) == 0
    }

    /// A session advisory lock on one pooled connection, held while `body` works on others.
    public func exclusively<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        try await client.withConnection { c in
            try await run("SELECT pg_advisory_lock(\(PostgresMigrations.lockKey + 1))", on: c)
            let result: R
            do {
                result = try await body()
            } catch {
                _ = try? await run("SELECT pg_advisory_unlock(\(PostgresMigrations.lockKey + 1))", on: c)
                throw error
            }
            try await run("SELECT pg_advisory_unlock(\(PostgresMigrations.lockKey + 1))", on: c)
            return result
        }
    }

    public func replaceUnits(_ units: [OrgUnit], tree: UnitTree) async throws {
        var columns: [[String]] = Array(repeating: [], count: 6)
        for u in units {
            let span = tree.index(of: u.code).map { tree.spans[$0] } ?? .always
            let row = [u.code, u.name, u.level.rawValue, u.parent.map { tree[$0].code } ?? "",
                       span.from.map(MonthNumber.text) ?? "", span.until.map(MonthNumber.text) ?? ""]
            for (i, v) in row.enumerated() { columns[i].append(v) }
        }
        try await transaction { c in
            try await run("DELETE FROM units", on: c)
            try await run("DELETE FROM unit_changes", on: c)
            // Zipped arrays, one statement; the serial `seq` keeps the order given.
            try await run("""
                INSERT INTO units (code, name, level, parent, from_month, until_month)
                SELECT code, name, level, NULLIF(parent, ''), NULLIF(from_month, ''), NULLIF(until_month, '') FROM (
                    SELECT unnest(\(columns[0])::text[]) AS code, unnest(\(columns[1])::text[]) AS name,
                           unnest(\(columns[2])::text[]) AS level, unnest(\(columns[3])::text[]) AS parent,
                           unnest(\(columns[4])::text[]) AS from_month, unnest(\(columns[5])::text[]) AS until_month) given
                """, on: c)
        }
    }

    public func units() async throws -> [StoredUnit] {
        try await rows("SELECT code, name, level, parent, from_month, until_month FROM units ORDER BY seq").compactMap { row in
            let (code, name, level, parent, from, until) = try row.decode((String, String, String, String?, Month?, Month?).self)
            return Level(rawValue: level).map { StoredUnit(code: code, name: name, level: $0, parent: parent, from: from, until: until) }
        }
    }

    public func unitChanges() async throws -> [StoredUnitChange] {
        try await rows("SELECT code, from_month, name, parent FROM unit_changes ORDER BY id").map { row in
            let (code, from, name, parent) = try row.decode((String, Month, String?, String?).self)
            return StoredUnitChange(code: code, from: from, name: name, parent: parent)
        }
    }

    public func addUnit(_ u: StoredUnit, audit: AdminAuditEntry) async throws -> Bool {
        try await insertOnce("""
            INSERT INTO units (code, name, level, parent, from_month, until_month)
            SELECT \(u.code), \(u.name), \(u.level.rawValue), \(u.parent), \(u.from), \(u.until)
            WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = \(u.code)) RETURNING code
            """, audit: audit)
    }

    /// Runs an insert that returns its row unless the key is taken, with `audit` in the same
    /// transaction; `false` (nothing stored) when the key was taken, also by another server's insert
    /// that came first.
    func insertOnce(_ insert: PostgresQuery, audit: AdminAuditEntry) async throws -> Bool {
        do {
            return try await transaction { c in
                guard !(try await rows(insert, on: c)).isEmpty else { return false }
                try await self.insert(audit, on: c)
                return true
            }
        } catch where PostgresStore.isUniqueViolation(error) {
            return false
        }
    }

    public func changeUnit(_ change: StoredUnitChange, audit: AdminAuditEntry) async throws {
        try await transaction { c in
            try await run("INSERT INTO unit_changes (code, from_month, name, parent) VALUES (\(change.code), \(change.from), \(change.name), \(change.parent))", on: c)
            try await insert(audit, on: c)
        }
    }

    public func closeUnit(code: String, until: Month?, audit: AdminAuditEntry) async throws {
        try await transaction { c in
            try await run("UPDATE units SET until_month = \(until) WHERE code = \(code)", on: c)
            try await insert(audit, on: c)
        }
    }

    public func applyUnits(adding: [StoredUnit], changing: [StoredUnitChange], closing: [String], until: Month,
                           audit: AdminAuditEntry) async throws {
        try await transaction { c in
            for u in adding {
                try await run("""
                    INSERT INTO units (code, name, level, parent, from_month, until_month)
                    VALUES (\(u.code), \(u.name), \(u.level.rawValue), \(u.parent), \(u.from), \(u.until))
                    """, on: c)
            }
            for ch in changing {
                try await run("INSERT INTO unit_changes (code, from_month, name, parent) VALUES (\(ch.code), \(ch.from), \(ch.name), \(ch.parent))", on: c)
            }
            if !closing.isEmpty {
                try await run("UPDATE units SET until_month = \(until) WHERE code = ANY(\(closing))", on: c)
            }
            try await insert(audit, on: c)
        }
    }

    // MARK: Users and sessions

    static let userColumns = "username, password_hash, role, unit, source, disabled, must_change_password"

    static func user(_ row: PostgresRow) throws -> UserRecord? {
        let (username, hash, role, unit, source, disabled, mustChange) = try row.decode((String, String, String, String, String?, Bool, Bool).self)
        return UserRecord.Role(rawValue: role).map {
            UserRecord(username: username, passwordHash: hash, role: $0, unit: unit, source: source, disabled: disabled, mustChangePassword: mustChange)
        }
    }

    public func upsertUser(_ user: UserRecord) async throws {
        try await transaction { c in
            let updated = try await rows("""
                UPDATE users SET password_hash = \(user.passwordHash), role = \(user.role.rawValue), unit = \(user.unit), source = \(user.source)
                WHERE username = \(user.username) RETURNING username
                """, on: c)
            if updated.isEmpty {
                try await run("""
                    INSERT INTO users (username, password_hash, role, unit, source) VALUES
                    (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.unit), \(user.source))
                    """, on: c)
            }
        }
    }

    public func user(named username: String) async throws -> UserRecord? {
        try await rows("SELECT \(unescaped: PostgresStore.userColumns) FROM users WHERE username = \(username)").first.flatMap(PostgresStore.user)
    }

    public func users() async throws -> [UserRecord] {
        try await rows("SELECT \(unescaped: PostgresStore.userColumns) FROM users ORDER BY username").compactMap(PostgresStore.user)
    }

    public func createUser(_ user: UserRecord, audit: AdminAuditEntry) async throws -> Bool {
        try await insertOnce("""
            INSERT INTO users (username, password_hash, role, unit, source, disabled, must_change_password)
            SELECT \(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.unit), \(user.source), \(user.disabled),
                   \(user.mustChangePassword)
            WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = \(user.username)) RETURNING username
            """, audit: audit)
    }

    public func updateUser(_ user: UserRecord, audit: AdminAuditEntry, keepSession: String?) async throws -> Bool {
        try await transaction { c in
            guard let before = try await rows("""
                SELECT \(unescaped: PostgresStore.userColumns) FROM users WHERE username = \(user.username) FOR UPDATE
                """, on: c).first.flatMap(PostgresStore.user) else { return false }
            try await run("""
                UPDATE users SET password_hash = \(user.passwordHash), role = \(user.role.rawValue), unit = \(user.unit),
                    source = \(user.source), disabled = \(user.disabled), must_change_password = \(user.mustChangePassword)
                WHERE username = \(user.username)
                """, on: c)
            if user.disabled || user.passwordHash != before.passwordHash {
                try await run("""
                    DELETE FROM sessions WHERE username = \(user.username) AND (\(keepSession)::text IS NULL OR token <> \(keepSession))
                    """, on: c)
            }
            try await insert(audit, on: c)
            return true
        }
    }

    public func adminAudit() async throws -> [AdminAuditEntry] {
        try await rows("SELECT at, username, action, target, detail FROM admin_audit ORDER BY id").map { row in
            let (at, user, action, target, detail) = try row.decode((Instant, String, String, String, String).self)
            return AdminAuditEntry(at: at, user: user, action: action, target: target, detail: detail)
        }
    }

    func insert(_ e: AdminAuditEntry, on c: PostgresConnection) async throws {
        try await run("""
            INSERT INTO admin_audit (at, username, action, target, detail) VALUES (\(e.at), \(e.user), \(e.action), \(e.target), \(e.detail))
            """, on: c)
    }

    public func createSession(token: String, username: String, expires: Instant) async throws {
        try await run("INSERT INTO sessions (token, username, expires) VALUES (\(token), \(username), \(expires))")
    }

    public func sessionUser(token: String, now: Instant) async throws -> UserRecord? {
        // Every authenticated request asks this: a prepared statement, parsed once per connection.
        var found: UserRecord?
        for try await user in try await client.execute(SessionUser(token: token, now: now), logger: logger) {
            found = found ?? user
        }
        return found
    }

    public func deleteSession(token: String) async throws {
        try await run("DELETE FROM sessions WHERE token = \(token)")
    }

    public func loginFailures(username: String, since: Instant) async throws -> [Instant] {
        try await rows("SELECT at FROM login_failures WHERE username = \(username) AND at >= \(since) ORDER BY at").map { try $0.decode(Instant.self) }
    }

    public func recordLoginFailure(username: String, at: Instant, forgetBefore: Instant) async throws {
        try await transaction { c in
            try await run("DELETE FROM login_failures WHERE at < \(forgetBefore)", on: c)
            try await run("INSERT INTO login_failures (username, at) VALUES (\(username), \(at))", on: c)
        }
    }

    public func clearLoginFailures(username: String) async throws {
        try await run("DELETE FROM login_failures WHERE username = \(username)")
    }

    public func changeMarks() async throws -> ChangeMarks {
        let row = try await rows("SELECT (SELECT MAX(version) FROM template_versions), (SELECT MAX(id) FROM admin_audit)").first
        let (template, admin) = try row?.decode((Int?, Int?).self) ?? (nil, nil)
        return ChangeMarks(templateVersion: template, adminChange: admin ?? 0)
    }

    // MARK: Templates

    public func latestTemplates() async throws -> TemplateVersion? {
        try await transaction { c in
            guard let row = try await rows("""
                SELECT version, published_at, published_by FROM template_versions ORDER BY version DESC LIMIT 1
                """, on: c).first else { return nil }
            let (version, at, by) = try row.decode((Int, Instant, String).self)
            var files: [String: String] = [:]
            for f in try await rows("SELECT path, source FROM template_files WHERE version = \(version)", on: c) {
                let (path, source) = try f.decode((String, String).self)
                files[path] = source
            }
            return TemplateVersion(version: version, files: files, publishedAt: at, publishedBy: by)
        }
    }

    public func templateHistory() async throws -> [(version: Int, publishedAt: Instant, publishedBy: String)] {
        try await rows("SELECT version, published_at, published_by FROM template_versions ORDER BY version").map {
            try $0.decode((Int, Instant, String).self)
        }
    }

    @discardableResult
    public func publishTemplates(files: [String: String], by user: String, at: Instant) async throws -> Int {
        try await transaction { c in
            let version = try await rows("""
                INSERT INTO template_versions (published_at, published_by) VALUES (\(at), \(user)) RETURNING version
                """, on: c)[0].decode(Int.self)
            let sorted = files.sorted { $0.key < $1.key }
            try await run("""
                INSERT INTO template_files (version, path, source)
                SELECT \(version), unnest(\(sorted.map(\.key))::text[]), unnest(\(sorted.map(\.value))::text[])
                """, on: c)
            try await insert(AdminAuditEntry(at: at, user: user, action: "publish_templates", target: "第 \(version) 版",
                                             detail: "\(files.count) 个文件"), on: c)
            return version
        }
    }
}

/// The user of a live session, in one read.
struct SessionUser: PostgresPreparedStatement {
    static let sql = """
        SELECT u.username, u.password_hash, u.role, u.unit, u.source, u.disabled, u.must_change_password
        FROM sessions s JOIN users u ON u.username = s.username
        WHERE s.token = $1 AND s.expires > $2 AND NOT u.disabled
        """
    typealias Row = UserRecord?
    let token: String
    let now: Instant

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 2)
        b.append(token)
        b.append(now)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> UserRecord? { try PostgresStore.user(row) }
}
