import BBTAPI
import BBTEngine
import BBTStore
import BBTTemplates
import Foundation

/// Accounts: admins list, create and change users (role, unit, source, disabled, a temporary
/// password); everyone changes their own password. What fits is decided by the engine
/// (`AccountRules`, `AccountChange`); every change is in the admin audit.
struct UserService {
    let state: ServiceState

    /// The problems found, per member of the request: 422.
    static func invalid(_ message: String, _ problems: [AccountRules.Problem]) -> APIError {
        APIError(.unprocessableContent, "invalid_values", message, fields: problems.map { ($0.member, $0.message) })
    }


    func list(by admin: UserRecord) async throws -> [UserRecord] {
        try state.require(.manageUsers, of: admin)
        return try await state.store.users()
    }

    /// The unit's name in the tree of now; `nil` for a code it does not have.
    func unitName(_ code: String) -> String? {
        state.tree.index(of: code).map { state.tree[$0].name }
    }

    /// An account as the API and the admin's page show it, never its hash.
    func answer(_ u: UserRecord) -> UserAnswer {
        UserAnswer(username: u.username, role: u.role, unit: u.unit, unitName: unitName(u.unit), source: u.source,
                   disabled: u.disabled, mustChangePassword: u.mustChangePassword)
    }

    /// The problems of a role, unit and source together.
    func problems(role: UserRole, unit: String, source: String?, catalog: Catalog) -> [AccountRules.Problem] {
        guard let u = state.tree.index(of: unit) else { return [AccountRules.Problem("unit", unit.isEmpty ? "请选择单位" : "没有单位 \(unit)")] }
        return AccountRules.problems(role: role, unitName: state.tree[u].name, level: state.tree[u].level,
                                     fillingLevels: catalog.fillingLevels, source: source,
                                     sourceName: source.flatMap { catalog.source($0)?.name })
    }

    /// A new account with a temporary password (changed at the first log-in). `role` is as sent
    /// (422 for one that is not a role); `source` `nil` or empty is none.
    func create(username: String, password: String, role: String, unit: String, source: String?,
                by admin: UserRecord) async throws -> UserRecord {
        try state.require(.manageUsers, of: admin)
        let source = source.flatMap { $0.isEmpty ? nil : $0 }
        var problems: [AccountRules.Problem] = []
        if !AccountRules.validUsername(username) { problems.append(.init("username", AccountRules.usernameRule)) }
        if let p = AccountRules.passwordProblem(password) { problems.append(.init("password", p)) }
        let role = UserRole(rawValue: role)
        if case .none = role { problems.append(.init("role", AccountRules.roleRule)) }
        let catalog = await state.templates().catalog
        if let role { problems += self.problems(role: role, unit: unit, source: source, catalog: catalog) }
        guard problems.isEmpty, let role else { throw UserService.invalid("用户信息有误", problems) }
        let user = UserRecord(username: username, passwordHash: Passwords.hash(password), role: role, unit: unit, source: source,
                              mustChangePassword: true)
        let detail = AccountChange.creation(role: role, unit: unit, source: source, unitName: unitName,
                                            sourceName: { catalog.source($0)?.name })
        let audit = AdminAuditEntry(at: state.clock.instant(), user: admin.username, action: "create_user", target: username, detail: detail)
        guard try await state.store.createUser(user, audit: audit) else {
            throw APIError(.conflict, "taken", "用户名 \(username) 已被使用", fields: [("username", "已被使用")])
        }
        return user
    }

    /// An admin's change of an account; a new password is temporary. `role` is as sent (422 for
    /// one that is not a role); `unknown` are members sent that cannot be changed (422 each).
    func change(_ username: String, role: String?, unit: String?, source: String??, disabled: Bool?, password: String?,
                unknown: [String], by admin: UserRecord) async throws -> UserRecord {
        try state.require(.manageUsers, of: admin)
        var problems = unknown.map { AccountRules.Problem($0, "这一项不能修改") }
        // A role sent that is not one of the roles.
        let newRole = role.flatMap(UserRole.init(rawValue:))
        if let sent = role, UserRole(rawValue: sent) == nil { problems.append(.init("role", AccountRules.roleRule)) }
        let change = AccountChange(role: newRole, unit: unit, source: source, disabled: disabled, password: password)
        guard let before = try await state.store.user(named: username) else { throw APIError.notFound("没有用户 \(username)") }
        let catalog = await state.templates().catalog
        problems += change.problems(of: username, by: admin.username)
        let role = change.role ?? before.role, unit = change.unit ?? before.unit
        let source = change.source ?? before.source
        problems += self.problems(role: role, unit: unit, source: source, catalog: catalog)
        guard problems.isEmpty else { throw UserService.invalid("\(username) 的信息有误", problems) }
        let user = UserRecord(username: username, passwordHash: change.password.map(Passwords.hash) ?? before.passwordHash,
                              role: role, unit: unit, source: source, disabled: change.disabled ?? before.disabled,
                              mustChangePassword: change.password != nil || before.mustChangePassword)
        let detail = change.summary(unitName: unitName, sourceName: { catalog.source($0)?.name })
        let audit = AdminAuditEntry(at: state.clock.instant(), user: admin.username, action: "change_user", target: username, detail: detail)
        guard try await state.store.updateUser(user, audit: audit, keepSession: nil) else { throw APIError.notFound("没有用户 \(username)") }
        return user
    }

    /// The old password proves it is the owner; the new one follows `AccountRules` and is not the
    /// old one. Other sessions of the user end; `session` goes on.
    func changeOwnPassword(old: String, new: String, of user: UserRecord, session: String?) async throws {
        var problems: [AccountRules.Problem] = []
        if !Passwords.verify(old, hash: user.passwordHash) { problems.append(.init("old", "原密码不对")) }
        if let p = AccountRules.passwordProblem(new) { problems.append(.init("new", p)) }
        else if new == old { problems.append(.init("new", "新密码不能与原密码相同")) }
        guard problems.isEmpty else { throw UserService.invalid("密码未修改", problems) }
        let changed = UserRecord(username: user.username, passwordHash: Passwords.hash(new), role: user.role, unit: user.unit,
                                 source: user.source, disabled: user.disabled, mustChangePassword: false)
        let audit = AdminAuditEntry(at: state.clock.instant(), user: user.username, action: "change_own_password",
                                    target: user.username, detail: "")
        _ = try await state.store.updateUser(changed, audit: audit, keepSession: session)
    }
}
