import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// Users, sessions and failed log-ins.
extension SQLiteStore {
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

    public func createSession(token: String, username: String, expires: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO sessions (token, username, expires) VALUES (?, ?, ?)", arguments: [token, username, expires])
        }
    }

    public func sessionUser(token: String, now: Instant) async throws -> UserRecord? {
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

    public func loginFailures(username: String, since: Instant) async throws -> [Instant] {
        try await pool.read { db in
            try Instant.fetchAll(db, sql: "SELECT at FROM login_failures WHERE username = ? AND at >= ? ORDER BY at",
                                 arguments: [username, since])
        }
    }

    public func recordLoginFailure(username: String, at: Instant, forgetBefore: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM login_failures WHERE at < ?", arguments: [forgetBefore])
            try db.execute(sql: "INSERT INTO login_failures (username, at) VALUES (?, ?)", arguments: [username, at])
        }
    }

    public func clearLoginFailures(username: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM login_failures WHERE username = ?", arguments: [username]) }
    }

    static func user(_ row: Row) -> UserRecord? {
        UserRecord.Role(rawValue: row["role"]).map {
            UserRecord(username: row["username"], passwordHash: row["password_hash"], role: $0, unit: row["unit"], source: row["source"],
                       disabled: row["disabled"] ?? false, mustChangePassword: row["must_change_password"] ?? false)
        }
    }
}
