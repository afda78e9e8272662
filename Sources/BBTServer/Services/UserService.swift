import BBTEngine
import BBTStore
import BBTTemplates
import Foundation

/// Accounts: admins list, create and change users (role, unit, source, disabled, a temporary
/// password); everyone changes their own password. Every change is in the admin audit.
struct UserService {
    let state: ServiceState

    /// What an admin may change of an account; `nil` leaves it as it is.
    struct Change {
        var role: UserRole?
        var unit: String?
        /// `.some(nil)` removes the source.
        var source: String??
        var disabled: Bool?
        var password: String?
    }

    /// The problems found, per member of the request: 422.
    static func invalid(_ message: String, _ problems: [AccountRules.Problem]) -> APIError {
        APIError(.unprocessableContent, "invalid_values", message, fields: problems.map { ($0.member, $0.message) })
    }

    func requireAdmin(_ user: UserRecord) throws {
        guard user.role.may(.manageUsers) else { throw APIError.forbidden }
    }

    func list(by admin: UserRecord) async throws -> [UserRecord] {
        try requireAdmin(admin)
        return try await state.store.users()
    }

    /// The problems of a role, unit and source together.
    func problems(role: UserRole, unit: String, source: String?, catalog: Catalog) -> [AccountRules.Problem] {
        guard let u = state.tree.index(of: unit) else { return [AccountRules.Problem("unit", "没有单位 \(unit)")] }
        return AccountRules.problems(role: role, unitName: state.tree[u].name, level: state.tree[u].level,
                                     fillingLevels: catalog.fillingLevels, source: source,
                                     sourceName: source.flatMap { catalog.source($0)?.name })
    }

    /// A new account with a temporary password (changed at the first log-in).
    func create(username: String, password: String, role: UserRole?, unit: String, source: String?,
                by admin: UserRecord) async throws -> UserRecord {
        try requireAdmin(admin)
        var problems: [AccountRules.Problem] = []
        if !AccountRules.validUsername(username) { problems.append(.init("username", AccountRules.usernameRule)) }
        if let p = AccountRules.passwordProblem(password) { problems.append(.init("password", p)) }
        if role == nil { problems.append(.init("role", AccountRules.roleRule)) }
        let catalog = await state.templates().catalog
        if let role { problems += self.problems(role: role, unit: unit, source: source, catalog: catalog) }
        guard problems.isEmpty, let role else { throw UserService.invalid("用户信息有误", problems) }
        let user = UserRecord(username: username, passwordHash: Passwords.hash(password), role: role, unit: unit, source: source,
                              mustChangePassword: true)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "create_user", target: username,
                                    detail: "\(role.chinese) · \(unitName(unit))\(source.map { " · \(catalog.source($0)?.name ?? $0)" } ?? "")")
        guard try await state.store.createUser(user, audit: audit) else {
            throw APIError(.conflict, "taken", "用户名 \(username) 已被使用", fields: [("username", "已被使用")])
        }
        return user
    }

    /// An admin's change of an account; a new password is temporary.
    func change(_ username: String, _ change: Change, problems parsed: [AccountRules.Problem], by admin: UserRecord) async throws -> UserRecord {
        try requireAdmin(admin)
        guard let before = try await state.store.user(named: username) else { throw APIError.notFound("没有用户 \(username)") }
        let catalog = await state.templates().catalog
        var problems = parsed
        let role = change.role ?? before.role, unit = change.unit ?? before.unit
        let source = change.source ?? before.source, disabled = change.disabled ?? before.disabled
        var hash = before.passwordHash, mustChange = before.mustChangePassword
        var said: [String] = []
        if let r = change.role { said.append("角色 \(r.chinese)") }
        if let u = change.unit { said.append("单位 \(unitName(u))") }
        if let s = change.source { said.append(s.map { "数据来源 \(catalog.source($0)?.name ?? $0)" } ?? "无数据来源") }
        if let d = change.disabled { said.append(d ? "停用" : "启用") }
        if let p = change.password {
            if let problem = AccountRules.passwordProblem(p) {
                problems.append(.init("password", problem))
            } else {
                hash = Passwords.hash(p)
                mustChange = true
                said.append("重设密码 (临时)")
            }
        }
        if disabled && username == admin.username { problems.append(.init("disabled", "不能停用自己的账号")) }
        problems += self.problems(role: role, unit: unit, source: source, catalog: catalog)
        guard problems.isEmpty else { throw UserService.invalid("用户信息有误", problems) }
        let user = UserRecord(username: username, passwordHash: hash, role: role, unit: unit, source: source,
                              disabled: disabled, mustChangePassword: mustChange)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "change_user", target: username,
                                    detail: said.joined(separator: "; "))
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
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: user.username, action: "change_own_password",
                                    target: user.username, detail: "")
        _ = try await state.store.updateUser(changed, audit: audit, keepSession: session)
    }

    private func unitName(_ code: String) -> String {
        state.tree.index(of: code).map { "\(state.tree[$0].name) (\(code))" } ?? code
    }
}
