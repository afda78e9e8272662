import BBTEngine
import BBTTemplates

/// Accounts, their sessions and failed log-ins (kept in the store, so that several servers count them together).
public protocol UserStore: Sendable {
    /// Seeds a user (the demo's users.csv): not audited, its password not temporary.
    func upsertUser(_ user: UserRecord) async throws

    func user(named username: String) async throws -> UserRecord?

    /// Every user, by username.
    func users() async throws -> [UserRecord]

    /// Adds a user and its audit row in one transaction; `false` (nothing stored) when the name is taken.
    func createUser(_ user: UserRecord, audit: AdminAuditEntry) async throws -> Bool

    /// Replaces a user's record and writes its audit row in one transaction; a disabled user's
    /// sessions, and on a password change every other session of the user, end with it.
    /// `false` when there is no such user.
    func updateUser(_ user: UserRecord, audit: AdminAuditEntry, keepSession: String?) async throws -> Bool

    func createSession(token: String, username: String, expires: Instant) async throws

    /// The user of a live session (one that expires after `now`), in one read: every
    /// authenticated request asks it.
    func sessionUser(token: String, now: Instant) async throws -> UserRecord?

    func deleteSession(token: String) async throws

    /// Failed log-ins of `username` at or after `since`, oldest first.
    func loginFailures(username: String, since: Instant) async throws -> [Instant]

    /// Records a failed log-in; failures of any user before `forgetBefore` go with it, so that a flood
    /// of made-up names cannot grow the table without bound.
    func recordLoginFailure(username: String, at: Instant, forgetBefore: Instant) async throws

    /// Forgets `username`'s failed log-ins (after a successful one).
    func clearLoginFailures(username: String) async throws
}
