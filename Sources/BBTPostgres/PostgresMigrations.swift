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
        // A save was nine round trips between a server and the database (the claim, the old values,
        // the writes, each audit, BEGIN and COMMIT); on machines the two share, each is a context
        // switch. The function does the whole save in one statement and one transaction; PL/pgSQL is
        // in every PostgreSQL since 9.0, in openGauss and in KingbaseES. Array elements are read by
        // subscript (`generate_series`), not `unnest … WITH ORDINALITY` (9.4), so that the audit keeps
        // the order of the values given. No statement joins the given values to stored ones: its
        // plan is made once and must not depend on how much history a unit has.
        ("2026-12-02 a form's save in one statement (bbt_save_form)", [
            """
            CREATE FUNCTION bbt_save_form(p_unit TEXT, p_month TEXT, p_expected BIGINT, p_status TEXT, p_at TEXT,
                p_user TEXT, p_reason TEXT, p_explanation TEXT,
                v_fields TEXT[], v_periods TEXT[], v_kinds TEXT[], v_values TEXT[],
                c_fields TEXT[], c_periods TEXT[], c_reasons TEXT[], c_provided TEXT[]) RETURNS BIGINT AS $$
            DECLARE
                before_status TEXT := 'empty';
                before_submitted TEXT;
                before_explanation TEXT;
                n INTEGER := coalesce(array_length(v_fields, 1), 0);
                m INTEGER;
                ch_fields TEXT[]; ch_periods TEXT[]; ch_kinds TEXT[]; ch_values TEXT[]; ch_old TEXT[];
            BEGIN
                IF p_expected = 0 THEN
                    -- A form nobody created: another server's insert of it is a unique violation.
                    INSERT INTO forms (unit, month, status, version, submitted_at, updated_at, updated_by, reason, explanation)
                    VALUES (p_unit, p_month, p_status, 1, CASE WHEN p_status = 'submitted' THEN p_at END, p_at, p_user,
                            p_reason, p_explanation);
                ELSE
                    -- Only the expected version is taken; its row lock holds every other save of the form.
                    SELECT status, submitted_at, explanation INTO before_status, before_submitted, before_explanation
                      FROM forms WHERE unit = p_unit AND month = p_month AND version = p_expected FOR UPDATE;
                    IF NOT FOUND THEN
                        RETURN -1;
                    END IF;
                    UPDATE forms SET status = p_status, version = p_expected + 1,
                        submitted_at = CASE WHEN p_status = 'submitted' AND before_status <> 'submitted' THEN p_at
                                            ELSE before_submitted END,
                        updated_at = p_at, updated_by = p_user, reason = p_reason, explanation = p_explanation
                    WHERE unit = p_unit AND month = p_month;
                END IF;
                -- The values that change, each with the one it replaces (kind and text joined by a
                -- chr(1), which no kind holds), found by the key, one probe each: a join would let a
                -- generic plan read all of the unit's history to hash it (OFFSET 0: probed once, not
                -- again for the WHERE).
                SELECT array_agg(g.field ORDER BY g.i), array_agg(g.period ORDER BY g.i), array_agg(g.kind ORDER BY g.i),
                       array_agg(g.value ORDER BY g.i), array_agg(g.old ORDER BY g.i)
                  INTO ch_fields, ch_periods, ch_kinds, ch_values, ch_old
                  FROM (SELECT x.*, (SELECT o.kind || chr(1) || o.value FROM form_values o
                                      WHERE o.unit = p_unit AND o.period = x.period AND o.field = x.field) AS old
                          FROM (SELECT i, v_fields[i] AS field, v_periods[i] AS period, NULLIF(v_kinds[i], '') AS kind,
                                       CASE WHEN v_kinds[i] = '' THEN NULL ELSE v_values[i] END AS value
                                  FROM generate_series(1, n) AS i) x OFFSET 0) g
                 WHERE g.old IS DISTINCT FROM (g.kind || chr(1) || g.value);  -- parenthesised: before 9.5 IS binds first
                m := coalesce(array_length(ch_fields, 1), 0);
                IF m > 0 THEN
                    INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                    SELECT p_at, p_user, p_unit, p_month, 'value', ch_fields[j], ch_periods[j],
                           substr(ch_old[j], strpos(ch_old[j], chr(1)) + 1), ch_values[j]
                      FROM generate_series(1, m) AS j ORDER BY j;
                    -- A new form's values are all new: one insert. A changed one's are few, each by its key.
                    FOR j IN 1 .. m LOOP
                        IF ch_old[j] IS NOT NULL AND ch_kinds[j] IS NULL THEN
                            DELETE FROM form_values WHERE unit = p_unit AND period = ch_periods[j] AND field = ch_fields[j];
                        ELSIF ch_old[j] IS NOT NULL THEN
                            UPDATE form_values SET kind = ch_kinds[j], value = ch_values[j]
                             WHERE unit = p_unit AND period = ch_periods[j] AND field = ch_fields[j];
                        END IF;
                    END LOOP;
                    INSERT INTO form_values (unit, period, field, kind, value)
                    SELECT p_unit, ch_periods[j], ch_fields[j], ch_kinds[j], ch_values[j]
                      FROM generate_series(1, m) AS j WHERE ch_old[j] IS NULL AND ch_kinds[j] IS NOT NULL;
                END IF;
                FOR i IN 1 .. coalesce(array_length(c_fields, 1), 0) LOOP
                    DELETE FROM corrections WHERE unit = p_unit AND period = c_periods[i] AND field = c_fields[i];
                    INSERT INTO corrections (unit, period, field, reason, username, at)
                    VALUES (p_unit, c_periods[i], c_fields[i], c_reasons[i], p_user, p_at);
                    INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                    VALUES (p_at, p_user, p_unit, p_month, 'correction', c_fields[i], c_periods[i], c_provided[i], c_reasons[i]);
                END LOOP;
                IF p_status <> before_status THEN
                    INSERT INTO audit (at, username, unit, month, action, old, new)
                    VALUES (p_at, p_user, p_unit, p_month, 'status', before_status, p_status);
                END IF;
                IF p_explanation IS DISTINCT FROM before_explanation THEN
                    INSERT INTO audit (at, username, unit, month, action, old, new)
                    VALUES (p_at, p_user, p_unit, p_month, 'explanation', before_explanation, p_explanation);
                END IF;
                RETURN p_expected + 1;
            END
            $$ LANGUAGE plpgsql
            """,
            // Planned once per connection, not on every save: with arrays for parameters PostgreSQL
            // judges a custom plan worth making on each call, and planning was half the function's
            // time (perf, docs/performance.md). `plan_cache_mode` is PostgreSQL 12's: where a server
            // lacks it, the function runs as it is.
            """
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'plan_cache_mode') THEN
                    EXECUTE 'ALTER FUNCTION bbt_save_form(TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT[], '
                         || 'TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[]) SET plan_cache_mode = force_generic_plan';
                END IF;
            END
            $$
            """,
        ]),
        // The save is decided in Swift (`FormWrite`): which values change and what each replaces,
        // the corrections, every audit row, the form's row after it. `bbt_save_form`, which decided
        // it again in PL/pgSQL, goes; `bbt_write_form` only claims the version and writes what it is
        // given, one statement per row by its key. A function rather than one statement with
        // writable WITH parts: measured, that statement was planned anew on every save (array
        // parameters) and cost a fifth of the saves; a function's statements are planned once per
        // connection (generic plans, as for the function before).
        ("2026-12-05 a save decided once, in Swift: bbt_save_form replaced by bbt_write_form", [
            "DROP FUNCTION IF EXISTS bbt_save_form(TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[])",
            """
            CREATE FUNCTION bbt_write_form(p_unit TEXT, p_month TEXT, p_expected BIGINT, p_status TEXT, p_submitted TEXT, p_at TEXT,
                p_user TEXT, p_reason TEXT, p_explanation TEXT,
                d_fields TEXT[], d_periods TEXT[],
                u_fields TEXT[], u_periods TEXT[], u_kinds TEXT[], u_values TEXT[],
                a_fields TEXT[], a_periods TEXT[], a_kinds TEXT[], a_values TEXT[],
                r_fields TEXT[], r_periods TEXT[], r_reasons TEXT[],
                c_fields TEXT[], c_periods TEXT[], c_reasons TEXT[],
                l_actions TEXT[], l_fields TEXT[], l_periods TEXT[], l_old TEXT[], l_new TEXT[]) RETURNS BIGINT AS $$
            BEGIN
                IF p_expected = 0 THEN
                    -- A form nobody created: another server's insert of it is a unique violation.
                    INSERT INTO forms (unit, month, status, version, submitted_at, updated_at, updated_by, reason, explanation)
                    VALUES (p_unit, p_month, p_status, 1, p_submitted, p_at, p_user, p_reason, p_explanation);
                ELSE
                    -- Only the expected version is taken; its row lock holds every other save of the form.
                    UPDATE forms SET status = p_status, version = p_expected + 1, submitted_at = p_submitted, updated_at = p_at,
                        updated_by = p_user, reason = p_reason, explanation = p_explanation
                    WHERE unit = p_unit AND month = p_month AND version = p_expected;
                    IF NOT FOUND THEN
                        RETURN -1;
                    END IF;
                END IF;
                FOR i IN 1 .. coalesce(array_length(d_fields, 1), 0) LOOP
                    DELETE FROM form_values WHERE unit = p_unit AND period = d_periods[i] AND field = d_fields[i];
                END LOOP;
                FOR i IN 1 .. coalesce(array_length(u_fields, 1), 0) LOOP
                    UPDATE form_values SET kind = u_kinds[i], value = u_values[i]
                     WHERE unit = p_unit AND period = u_periods[i] AND field = u_fields[i];
                END LOOP;
                INSERT INTO form_values (unit, period, field, kind, value)
                SELECT p_unit, a_periods[i], a_fields[i], a_kinds[i], a_values[i]
                  FROM generate_series(1, coalesce(array_length(a_fields, 1), 0)) AS i;
                FOR i IN 1 .. coalesce(array_length(r_fields, 1), 0) LOOP
                    UPDATE corrections SET reason = r_reasons[i], username = p_user, at = p_at
                     WHERE unit = p_unit AND period = r_periods[i] AND field = r_fields[i];
                END LOOP;
                INSERT INTO corrections (unit, period, field, reason, username, at)
                SELECT p_unit, c_periods[i], c_fields[i], c_reasons[i], p_user, p_at
                  FROM generate_series(1, coalesce(array_length(c_fields, 1), 0)) AS i;
                -- Text arrays carry no NULL here: "" is NULL, "=" and the text is the text.
                INSERT INTO audit (at, username, unit, month, action, field, period, old, new)
                SELECT p_at, p_user, p_unit, p_month, l_actions[i],
                       CASE WHEN l_fields[i] = '' THEN NULL ELSE substr(l_fields[i], 2) END,
                       CASE WHEN l_periods[i] = '' THEN NULL ELSE substr(l_periods[i], 2) END,
                       CASE WHEN l_old[i] = '' THEN NULL ELSE substr(l_old[i], 2) END,
                       CASE WHEN l_new[i] = '' THEN NULL ELSE substr(l_new[i], 2) END
                  FROM generate_series(1, coalesce(array_length(l_actions, 1), 0)) AS i ORDER BY i;
                RETURN p_expected + 1;
            END
            $$ LANGUAGE plpgsql
            """,
            """
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'plan_cache_mode') THEN
                    EXECUTE 'ALTER FUNCTION bbt_write_form(TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT[], '
                         || 'TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], '
                         || 'TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[]) SET plan_cache_mode = force_generic_plan';
                END IF;
            END
            $$
            """,
        ]),
        ("2026-12-05 report admission: requests", [
            "CREATE TABLE requests (id BIGSERIAL PRIMARY KEY, requester TEXT NOT NULL, status TEXT NOT NULL, document TEXT NOT NULL)",
        ]),
        ("2026-12-05 what filling really costs: active seconds and entry counts per form", [
            """
            CREATE TABLE form_effort (unit TEXT NOT NULL, month TEXT NOT NULL, active_seconds BIGINT NOT NULL DEFAULT 0,
                typed INTEGER, checked INTEGER, carried INTEGER, PRIMARY KEY (unit, month))
            """,
            "CREATE INDEX form_effort_by_month ON form_effort (month)",
        ]),
        ("2026-12-05 催报: notices, webhooks and their deliveries", [
            "CREATE TABLE webhooks (unit TEXT PRIMARY KEY, url TEXT NOT NULL, kind TEXT NOT NULL)",
            """
            CREATE TABLE notices (id BIGSERIAL PRIMARY KEY, unit TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, due TEXT,
                message TEXT NOT NULL, sender TEXT NOT NULL, at TEXT NOT NULL)
            """,
            "CREATE INDEX notices_by_unit ON notices (unit, month)",
            "CREATE UNIQUE INDEX notices_automatic_once ON notices (unit, month, kind) WHERE kind <> 'manual'",
            """
            CREATE TABLE deliveries (id BIGSERIAL PRIMARY KEY, notice BIGINT NOT NULL REFERENCES notices (id),
                webhook_unit TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
                status TEXT NOT NULL, attempts TEXT NOT NULL, next_at BIGINT)
            """,
            "CREATE INDEX deliveries_by_notice ON deliveries (notice)",
            "CREATE INDEX deliveries_due ON deliveries (status, next_at)",
        ]),
    ]

    /// A database that is PostgreSQL in name but not in behaviour, said before anything is created:
    /// openGauss creates databases compatible with Oracle by default (`''` is NULL) or MySQL (`||`
    /// is OR), and the store's SQL means PostgreSQL's.
    struct Incompatible: Error, CustomStringConvertible {
        var description: String {
            "数据库不按 PostgreSQL 的方式处理空字符串或 || (openGauss 请用 CREATE DATABASE … DBCOMPATIBILITY 'PG' 建库, 见 docs/operations.md)"
        }
    }

    static func requirePostgresBehaviour(_ connection: PostgresConnection, logger: Logger) async throws {
        let behaves: Bool
        do {
            behaves = try await connection.query("SELECT CAST('' AS TEXT) IS NOT NULL AND 'a' || 'b' = 'ab'", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
        } catch {
            throw Incompatible()
        }
        guard behaves else { throw Incompatible() }
    }

    /// Applies what is missing, each migration in its own transaction, under the advisory lock.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await requirePostgresBehaviour(connection, logger: logger)
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
