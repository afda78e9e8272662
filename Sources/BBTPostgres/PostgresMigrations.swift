import Logging
import PostgresNIO

/// Named, append-only migrations, as for SQLite: a released migration is never edited, only followed
/// by a new one. Servers that start together take an advisory lock first, so that one migrates and
/// the others find the work done. The SQL is plain: nothing newer than PostgreSQL 9.5 except where
/// noted, no `ON CONFLICT`, no identity columns, so that openGauss and KingbaseES accept it.
enum PostgresMigrations {
    /// Any constant does; this one spells "bbt" and the year.
    static let lockKey = 0x6262_7426

    static let all: [(name: String, statements: [String])] = [
        ("2026-11-30 the whole schema of the SQLite store's migrations up to several servers", [
            """
            CREATE TABLE units (
                seq BIGSERIAL NOT NULL,
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                level TEXT NOT NULL,
                parent TEXT,
                from_month TEXT,
                until_month TEXT)
            """,
            "CREATE TABLE unit_changes (id BIGSERIAL PRIMARY KEY, code TEXT NOT NULL, from_month TEXT NOT NULL, name TEXT, parent TEXT)",
            """
            CREATE TABLE users (
                username TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                unit TEXT NOT NULL,
                source TEXT,
                disabled BOOLEAN NOT NULL DEFAULT FALSE,
                must_change_password BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            "CREATE TABLE sessions (token TEXT PRIMARY KEY, username TEXT NOT NULL, expires TEXT NOT NULL)",
            "CREATE INDEX sessions_by_user ON sessions (username)",
            "CREATE TABLE login_failures (username TEXT NOT NULL, at TEXT NOT NULL)",
            "CREATE INDEX login_failures_by_user ON login_failures (username, at)",
            "CREATE INDEX login_failures_by_time ON login_failures (at)",
            "CREATE TABLE template_versions (version SERIAL PRIMARY KEY, published_at TEXT NOT NULL, published_by TEXT NOT NULL)",
            """
            CREATE TABLE template_files (
                version INTEGER NOT NULL REFERENCES template_versions (version),
                path TEXT NOT NULL,
                source TEXT NOT NULL,
                PRIMARY KEY (version, path))
            """,
            // Reports ask for units × periods: the key leads with both, so that a city's report over
            // years of history reads only the rows it shows (docs/performance.md).
            """
            CREATE TABLE form_values (
                unit TEXT NOT NULL,
                period TEXT NOT NULL,
                field TEXT NOT NULL,
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (unit, period, field))
            """,
            """
            CREATE TABLE forms (
                unit TEXT NOT NULL,
                month TEXT NOT NULL,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                submitted_at TEXT,
                updated_at TEXT,
                updated_by TEXT,
                reason TEXT,
                PRIMARY KEY (unit, month))
            """,
            """
            CREATE TABLE audit (
                id BIGSERIAL PRIMARY KEY,
                at TEXT NOT NULL,
                username TEXT NOT NULL,
                unit TEXT NOT NULL,
                month TEXT NOT NULL,
                action TEXT NOT NULL,
                field TEXT,
                period TEXT,
                old TEXT,
                new TEXT)
            """,
            "CREATE INDEX audit_by_unit ON audit (unit, month)",
            """
            CREATE TABLE provided_values (
                unit TEXT NOT NULL,
                period TEXT NOT NULL,
                field TEXT NOT NULL,
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                at TEXT NOT NULL,
                username TEXT NOT NULL,
                PRIMARY KEY (unit, period, field))
            """,
            "CREATE INDEX provided_by_source ON provided_values (source, period)",
            """
            CREATE TABLE corrections (
                unit TEXT NOT NULL,
                period TEXT NOT NULL,
                field TEXT NOT NULL,
                reason TEXT NOT NULL,
                username TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (unit, period, field))
            """,
            """
            CREATE TABLE admin_audit (
                id BIGSERIAL PRIMARY KEY,
                at TEXT NOT NULL,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NOT NULL)
            """,
        ]),
        ("2026-12-01 explanations (上报说明) kept with the form", [
            "ALTER TABLE forms ADD COLUMN explanation TEXT",
        ]),
    ]

    /// Applies what is missing, each migration in its own transaction, under the advisory lock.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS bbt_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM bbt_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in all where !applied.contains(migration.name) {
                try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO bbt_migrations (name) VALUES (\(migration.name))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
                logger.info("postgres: migrated \(migration.name)")
            }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }
}
