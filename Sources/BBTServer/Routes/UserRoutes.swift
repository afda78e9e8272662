import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// Accounts: admins list, create and change users (role, unit, source, disabled, a temporary
/// password); everyone changes their own password. Every change is in the admin audit.
struct UserRoutes {
    let state: ServiceState
    static let minimumPassword = 8

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/users") { _, context in try await list(context) }
        router.post("/api/v1/users") { request, context in try await create(request, context) }
        router.patch("/api/v1/users/:username") { request, context in try await change(request, context) }
        router.post("/api/v1/me/password") { request, context in try await changeOwnPassword(request, context) }
    }

    static func json(_ u: UserRecord, tree: UnitTree) -> JSON {
        .object([
            ("username", .string(u.username)), ("role", .string(u.role.rawValue)), ("unit", .string(u.unit)),
            ("unitName", .string(tree.index(of: u.unit).map { tree[$0].name } ?? u.unit)),
            ("source", .optional(u.source)), ("disabled", .bool(u.disabled)), ("mustChangePassword", .bool(u.mustChangePassword)),
        ])
    }

    func requireAdmin(_ context: AppContext) throws -> UserRecord {
        let user = try context.requireUser()
        guard user.role == .admin else { throw APIError.forbidden }
        return user
    }

    func list(_ context: AppContext) async throws -> Response {
        _ = try requireAdmin(context)
        let users = try await state.store.users()
        return jsonResponse(.object([("users", .array(users.map { UserRoutes.json($0, tree: state.tree) }))]))
    }

    /// The problems of a role, unit and source together, per field.
    func problems(role: UserRole, unit: String, source: String?, catalog: Catalog) -> [(String, String)] {
        var out: [(String, String)] = []
        guard let u = state.tree.index(of: unit) else { return [("unit", "没有单位 \(unit)")] }
        let level = state.tree[u].level
        switch role {
        case .filler where !catalog.fillingLevels.contains(level):
            out.append(("unit", "\(state.tree[u].name)是\(level.chinese), 这一级不填报表 (填报层级: \(catalog.fillingLevels.map(\.chinese).joined(separator: "、")))"))
        case .provider:
            if let source, catalog.source(source) == nil { out.append(("source", "没有数据来源 \(source)")) }
            if source == nil { out.append(("source", "部门数据账号需要 source (数据来源)")) }
        default:
            if source != nil { out.append(("source", "只有部门数据账号 (provider) 有数据来源")) }
        }
        return out
    }

    static func passwordProblem(_ password: String) -> String? {
        password.count >= minimumPassword ? nil : "密码至少 \(minimumPassword) 个字符"
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireAdmin(context)
        var request = request
        let body = try await request.json(context)
        guard case .object = body else { throw APIError.badRequest("需要 {\"username\", \"password\", \"role\", \"unit\", \"source\"?}") }
        var problems: [(String, String)] = []
        let username = body["username"]?.stringValue ?? ""
        if !UserRoutes.validName(username) { problems.append(("username", "用户名为 2 到 32 个英文字母、数字、点、横线或下划线")) }
        let password = body["password"]?.stringValue ?? ""
        if let p = UserRoutes.passwordProblem(password) { problems.append(("password", p)) }
        let role = body["role"]?.stringValue.flatMap(UserRole.init(rawValue:))
        if role == nil { problems.append(("role", "角色应为 filler、reviewer、admin 或 provider")) }
        let unit = body["unit"]?.stringValue ?? ""
        let source = body["source"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let role { problems += self.problems(role: role, unit: unit, source: source, catalog: await state.templates().catalog) }
        guard problems.isEmpty, let role else { throw APIError(.unprocessableContent, "invalid_values", "用户信息有误", fields: problems) }
        let user = UserRecord(username: username, passwordHash: Passwords.hash(password), role: role, unit: unit, source: source,
                              mustChangePassword: true)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "create_user", target: username,
                                    detail: "\(role.chinese) · \(unit)\(source.map { " · \($0)" } ?? "")")
        guard try await state.store.createUser(user, audit: audit) else {
            throw APIError(.conflict, "taken", "用户名 \(username) 已被使用", fields: [("username", "已被使用")])
        }
        return jsonResponse(UserRoutes.json(user, tree: state.tree), status: .created)
    }

    func change(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let username = try context.parameter("username")
        guard let before = try await state.store.user(named: username) else { throw APIError.notFound("没有用户 \(username)") }
        var request = request
        let body = try await request.json(context)
        guard case .object(let members) = body, !members.isEmpty else {
            throw APIError.badRequest("需要 {\"role\"?, \"unit\"?, \"source\"?, \"disabled\"?, \"password\"?}")
        }
        var problems: [(String, String)] = []
        var role = before.role, unit = before.unit, source = before.source, disabled = before.disabled
        var hash = before.passwordHash, mustChange = before.mustChangePassword
        var said: [String] = []
        for (key, value) in members {
            switch key {
            case "role":
                if let r = value.stringValue.flatMap(UserRole.init(rawValue:)) { role = r; said.append("角色 \(r.chinese)") }
                else { problems.append(("role", "角色应为 filler、reviewer、admin 或 provider")) }
            case "unit":
                if let u = value.stringValue { unit = u; said.append("单位 \(u)") } else { problems.append(("unit", "应为单位代码")) }
            case "source":
                if value == .null { source = nil; said.append("无数据来源") }
                else if let s = value.stringValue { source = s.isEmpty ? nil : s; said.append("数据来源 \(s)") }
                else { problems.append(("source", "应为数据来源 ID 或 null")) }
            case "disabled":
                if case .bool(let d) = value { disabled = d; said.append(d ? "停用" : "启用") }
                else { problems.append(("disabled", "应为 true 或 false")) }
            case "password":
                if let p = value.stringValue, UserRoutes.passwordProblem(p) == nil {
                    hash = Passwords.hash(p)
                    mustChange = true
                    said.append("重设密码 (临时)")
                } else { problems.append(("password", UserRoutes.passwordProblem(value.stringValue ?? "") ?? "应为文字")) }
            default:
                problems.append((key, "不能修改 \(key)"))
            }
        }
        if disabled && username == admin.username { problems.append(("disabled", "不能停用自己的账号")) }
        problems += self.problems(role: role, unit: unit, source: source, catalog: await state.templates().catalog)
        guard problems.isEmpty else { throw APIError(.unprocessableContent, "invalid_values", "用户信息有误", fields: problems) }
        let user = UserRecord(username: username, passwordHash: hash, role: role, unit: unit, source: source,
                              disabled: disabled, mustChangePassword: mustChange)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "change_user", target: username,
                                    detail: said.joined(separator: "; "))
        guard try await state.store.updateUser(user, audit: audit, keepSession: nil) else { throw APIError.notFound("没有用户 \(username)") }
        return jsonResponse(UserRoutes.json(user, tree: state.tree))
    }

    /// `{"old", "new"}`: the old password proves it is the owner; the new one is at least 8
    /// characters and not the old one. Other sessions of the user end; this one goes on.
    func changeOwnPassword(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let body = try await request.json(context)
        let old = body["old"]?.stringValue ?? "", new = body["new"]?.stringValue ?? ""
        var problems: [(String, String)] = []
        if !Passwords.verify(old, hash: user.passwordHash) { problems.append(("old", "原密码不对")) }
        if let p = UserRoutes.passwordProblem(new) { problems.append(("new", p)) } else if new == old { problems.append(("new", "新密码不能与原密码相同")) }
        guard problems.isEmpty else { throw APIError(.unprocessableContent, "invalid_values", "密码未修改", fields: problems) }
        let changed = UserRecord(username: user.username, passwordHash: Passwords.hash(new), role: user.role, unit: user.unit,
                                 source: user.source, disabled: user.disabled, mustChangePassword: false)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: user.username, action: "change_own_password",
                                    target: user.username, detail: "")
        _ = try await state.store.updateUser(changed, audit: audit, keepSession: AuthMiddleware.token(of: request))
        return jsonResponse(.object([("ok", .bool(true)), ("mustChangePassword", .bool(false))]))
    }

    static func validName(_ s: String) -> Bool {
        (2...32).contains(s.count) && s.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "."
        }
    }
}
