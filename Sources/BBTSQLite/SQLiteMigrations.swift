import GRDB

/// Named, append-only migrations: a released migration is never edited, only followed by a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("2026-11-26 units, users, sessions, templates, values, forms, audit") { db in
            try db.execute(sql: """
                CREATE TABLE units (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    level TEXT NOT NULL,
                    parent TEXT
                );
                CREATE TABLE users (
                    username TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    unit TEXT NOT NULL
                );
                CREATE TABLE sessions (
                    token TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL,
                    expires TEXT NOT NULL
                );
                CREATE TABLE template_versions (
                    version INTEGER PRIMARY KEY AUTOINCREMENT,
                    published_at TEXT NOT NULL,
                    published_by TEXT NOT NULL
                );
                CREATE TABLE template_files (
                    version INTEGER NOT NULL REFERENCES template_versions(version),
                    path TEXT NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (version, path)
                );
                CREATE TABLE form_values (
                    unit TEXT NOT NULL,
                    field TEXT NOT NULL,
                    period TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (unit, field, period)
                );
                CREATE INDEX form_values_by_period ON form_values (period, unit);
                CREATE TABLE forms (
                    unit TEXT NOT NULL,
                    month TEXT NOT NULL,
                    status TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    submitted_at TEXT,
                    updated_at TEXT,
                    updated_by TEXT,
                    reason TEXT,
                    PRIMARY KEY (unit, month)
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    username TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    month TEXT NOT NULL,
                    action TEXT NOT NULL,
                    field TEXT,
                    period TEXT,
                    old TEXT,
                    new TEXT
                );
                CREATE INDEX audit_by_unit ON audit (unit, month);
                """)
        }
        m.registerMigration("2026-11-30 department data: provider accounts, supplied values, corrections") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN source TEXT;
                CREATE TABLE provided_values (
                    unit TEXT NOT NULL,
                    field TEXT NOT NULL,
                    period TEXT NOT NULL,
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    at TEXT NOT NULL,
                    username TEXT NOT NULL,
                    PRIMARY KEY (unit, field, period)
                );
                CREATE INDEX provided_by_source ON provided_values (source, period);
                CREATE TABLE corrections (
                    unit TEXT NOT NULL,
                    field TEXT NOT NULL,
                    period TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    username TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (unit, field, period)
                );
                """)
        }
        m.registerMigration("2026-11-30 user administration: disabled accounts, temporary passwords, admin audit") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX sessions_by_user ON sessions (username);
                CREATE TABLE admin_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    username TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("2026-11-30 units over time: the months a unit exists in") { db in
            try db.execute(sql: """
                ALTER TABLE units ADD COLUMN from_month TEXT;
                ALTER TABLE units ADD COLUMN until_month TEXT;
                CREATE TABLE unit_changes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL,
                    from_month TEXT NOT NULL,
                    name TEXT,
                    parent TEXT
                );
                """)
        }
        m.registerMigration("2026-11-30 several servers: failed log-ins kept in the database") { db in
            try db.execute(sql: """
                CREATE TABLE login_failures (
                    username TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX login_failures_by_user ON login_failures (username, at);
                CREATE INDEX login_failures_by_time ON login_failures (at);
                """)
        }
        // Reports ask for units × periods × the fields they show. Keyed (unit, period, field) and
        // without a rowid, a unit's values of one period lie together: a city's report over years of
        // history reads its rows and no others (docs/performance.md, issue 14).
        m.registerMigration("2026-11-30 form values keyed by unit, period, field") { db in
            try db.execute(sql: """
                CREATE TABLE form_values_by_key (
                    unit TEXT NOT NULL,
                    period TEXT NOT NULL,
                    field TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (unit, period, field)
                ) WITHOUT ROWID;
                INSERT INTO form_values_by_key (unit, period, field, kind, value)
                    SELECT unit, period, field, kind, value FROM form_values ORDER BY unit, period, field;
                DROP TABLE form_values;
                ALTER TABLE form_values_by_key RENAME TO form_values;
                """)
        }
        m.registerMigration("2026-12-01 explanations (上报说明) kept with the form") { db in
            try db.execute(sql: "ALTER TABLE forms ADD COLUMN explanation TEXT")
        }
        m.registerMigration("2026-12-05 report admission: requests") { db in
            try db.execute(sql: """
                CREATE TABLE requests (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    requester TEXT NOT NULL,
                    status TEXT NOT NULL,
                    document TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("2026-12-05 what filling really costs: active seconds and entry counts per form") { db in
            try db.execute(sql: """
                CREATE TABLE form_effort (
                    unit TEXT NOT NULL,
                    month TEXT NOT NULL,
                    active_seconds INTEGER NOT NULL DEFAULT 0,
                    typed INTEGER,
                    checked INTEGER,
                    carried INTEGER,
                    PRIMARY KEY (unit, month)
                );
                CREATE INDEX form_effort_by_month ON form_effort (month);
                """)
        }
        m.registerMigration("2026-12-05 催报: notices, webhooks and their deliveries") { db in
            try db.execute(sql: """
                CREATE TABLE webhooks (unit TEXT PRIMARY KEY, url TEXT NOT NULL, kind TEXT NOT NULL);
                CREATE TABLE notices (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    unit TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, due TEXT,
                    message TEXT NOT NULL, sender TEXT NOT NULL, at TEXT NOT NULL
                );
                CREATE INDEX notices_by_unit ON notices (unit, month);
                CREATE UNIQUE INDEX notices_automatic_once ON notices (unit, month, kind) WHERE kind <> 'manual';
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notice INTEGER NOT NULL REFERENCES notices (id),
                    webhook_unit TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
                    status TEXT NOT NULL, attempts TEXT NOT NULL, next_at INTEGER
                );
                CREATE INDEX deliveries_by_notice ON deliveries (notice);
                CREATE INDEX deliveries_due ON deliveries (status, next_at);
                """)
        }
        return m
    }
}
