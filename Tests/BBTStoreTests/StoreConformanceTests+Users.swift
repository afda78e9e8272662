import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Users, their administration and sessions.
extension StoreConformanceTests {
    // MARK: Users

    @Test(arguments: StoreFactory.all)
    func aUserIsAddedThenUpdatedInPlaceByName(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let filler = UserRecord(username: "c001", passwordHash: "$2b$12$first.hash", role: .filler, unit: "510101001")
        let admin = UserRecord(username: "管理员", passwordHash: "$2b$12$admin.hash", role: .admin, unit: "51")
        try await store.upsertUser(filler)
        try await store.upsertUser(admin)
        #expect(try await store.user(named: "c001") == filler)
        #expect(try await store.user(named: "管理员") == admin)

        // The same name again changes role, unit and password hash; it is not a second user.
        let moved = UserRecord(username: "c001", passwordHash: "$2b$12$second.hash", role: .reviewer, unit: "510101")
        try await store.upsertUser(moved)
        #expect(try await store.user(named: "c001") == moved)
        #expect(try await store.user(named: "管理员") == admin)
        #expect(try await store.user(named: "nobody") == nil)
        // Users are not units: a store with users only is still to be seeded.
        #expect(try await store.isEmpty())
    }

    // MARK: User administration

    @Test(arguments: StoreFactory.all)
    func usersAreCreatedOnceChangedWithTheirSessionsAndAudited(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        func audit(_ action: String, _ target: String, _ minute: Int) -> AdminAuditEntry {
            AdminAuditEntry(at: F.time(minute), user: "admin", action: action, target: target, detail: "d\(minute)")
        }
        let worker = UserRecord(username: "w", passwordHash: "h1", role: .filler, unit: "u", mustChangePassword: true)
        #expect(try await store.createUser(worker, audit: audit("create_user", "w", 1)))
        #expect(try await store.createUser(UserRecord(username: "w", passwordHash: "x", role: .admin, unit: "v"), audit: audit("create_user", "w", 2)) == false)
        #expect(try await store.user(named: "w") == worker)
        try await store.upsertUser(UserRecord(username: "a", passwordHash: "h", role: .admin, unit: "u"))
        #expect(try await store.users().map(\.username) == ["a", "w"])
        for token in ["t1", "t2"] { try await store.createSession(token: token, username: "w", expires: "2999-01-01T00:00:00Z") }
        // A new password ends every session of the user but the one that changed it.
        let changed = UserRecord(username: "w", passwordHash: "h2", role: .filler, unit: "u")
        #expect(try await store.updateUser(changed, audit: audit("change_own_password", "w", 3), keepSession: "t1"))
        #expect(try await store.sessionUser(token: "t1", now: F.time(4)) == changed)
        #expect(try await store.sessionUser(token: "t2", now: F.time(4)) == nil)
        // Disabled: no session names the user any more.
        let disabled = UserRecord(username: "w", passwordHash: "h2", role: .filler, unit: "u", disabled: true)
        #expect(try await store.updateUser(disabled, audit: audit("change_user", "w", 5), keepSession: nil))
        #expect(try await store.sessionUser(token: "t1", now: F.time(6)) == nil)
        #expect(try await store.user(named: "w")?.disabled == true)
        #expect(try await store.updateUser(UserRecord(username: "ghost", passwordHash: "h", role: .filler, unit: "u"),
                                           audit: audit("change_user", "ghost", 7), keepSession: nil) == false)
        _ = try await store.publishTemplates(files: ["a.bbt": ""], by: "admin", at: F.time(8))
        #expect(try await store.adminAudit().map { "\($0.action) \($0.target) \($0.at)" } == [
            "create_user w \(F.time(1))", "change_own_password w \(F.time(3))", "change_user w \(F.time(5))",
            "publish_templates 第 1 版 \(F.time(8))",
        ])
    }

    // MARK: Sessions

    @Test(arguments: StoreFactory.all)
    func aSessionNamesItsUserUntilItExpires(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let user = UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001")
        try await store.upsertUser(user)
        try await store.createSession(token: "tok", username: "c001", expires: "2023-07-01T08:00:00Z")
        #expect(try await store.sessionUser(token: "tok", now: "2023-06-01T00:00:00Z") == user)
        #expect(try await store.sessionUser(token: "tok", now: "2023-07-01T07:59:59Z") == user)
        #expect(try await store.sessionUser(token: "tok", now: "2023-07-01T08:00:01Z") == nil)
        #expect(try await store.sessionUser(token: "tok", now: "2024-01-01T00:00:00Z") == nil)
        #expect(try await store.sessionUser(token: "other", now: "2023-06-01T00:00:00Z") == nil)
    }

    @Test(arguments: StoreFactory.all)
    func aSessionGivesTheUserAsTheyAreNowAndNoOneOnceTheUserIsGone(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // A session may be created before its user exists; it names no one until then.
        try await store.createSession(token: "tok", username: "c001", expires: "2999-01-01T00:00:00Z")
        #expect(try await store.sessionUser(token: "tok", now: F.time(0)) == nil)
        try await store.upsertUser(UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001"))
        #expect(try await store.sessionUser(token: "tok", now: F.time(0))?.role == .filler)
        // A role change takes effect on the next request of a live session.
        let promoted = UserRecord(username: "c001", passwordHash: "h", role: .reviewer, unit: "510101")
        try await store.upsertUser(promoted)
        #expect(try await store.sessionUser(token: "tok", now: F.time(0)) == promoted)
    }

    @Test(arguments: StoreFactory.all)
    func aDeletedSessionIsGoneAndTheUsersOtherSessionsStay(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let user = UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001")
        try await store.upsertUser(user)
        try await store.createSession(token: "phone", username: "c001", expires: "2999-01-01T00:00:00Z")
        try await store.createSession(token: "laptop", username: "c001", expires: "2999-01-01T00:00:00Z")
        try await store.deleteSession(token: "phone")
        #expect(try await store.sessionUser(token: "phone", now: F.time(0)) == nil)
        #expect(try await store.sessionUser(token: "laptop", now: F.time(0)) == user)
        // Logging out twice, or with a token never issued, is no error.
        try await store.deleteSession(token: "phone")
        try await store.deleteSession(token: "never-issued")
        #expect(try await store.sessionUser(token: "laptop", now: F.time(0)) == user)
    }
}
