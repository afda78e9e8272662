import BBTEngine
import BBTRender
import BBTStore
import Hummingbird

/// Accounts (`UserService`): admins list, create and change users; everyone changes their own password.
struct UserRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/users") { _, context in try await list(context) }
        router.post("/api/v1/users") { request, context in try await create(request, context) }
        router.patch("/api/v1/users/:username") { request, context in try await change(request, context) }
        router.post("/api/v1/me/password") { request, context in try await changeOwnPassword(request, context) }
    }

    static func json(_ u: UserRecord, tree: UnitTree) -> JSONValue {
        .object([
            ("username", .string(u.username)), ("role", .string(u.role.rawValue)), ("unit", .string(u.unit)),
            ("unitName", .string(tree.index(of: u.unit).map { tree[$0].name } ?? u.unit)),
            ("source", .optional(u.source)), ("disabled", .bool(u.disabled)), ("mustChangePassword", .bool(u.mustChangePassword)),
        ])
    }

    func list(_ context: UserContext) async throws -> Response {
        let users = try await UserService(state: state).list(by: context.user)
        return jsonResponse(.object([("users", .array(users.map { UserRoutes.json($0, tree: state.tree) }))]))
    }

    func create(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.json(context)
        guard case .object = body else { throw APIError.badRequest("需要 {\"username\", \"password\", \"role\", \"unit\", \"source\"?}") }
        let user = try await UserService(state: state).create(
            username: body["username"]?.stringValue ?? "", password: body["password"]?.stringValue ?? "",
            role: body["role"]?.stringValue.flatMap(UserRole.init(rawValue:)), unit: body["unit"]?.stringValue ?? "",
            source: body["source"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, by: context.user)
        return jsonResponse(UserRoutes.json(user, tree: state.tree), status: .created)
    }

    func change(_ request: Request, _ context: UserContext) async throws -> Response {
        let username = try context.parameter("username")
        var request = request
        let body = try await request.json(context)
        guard case .object(let members) = body, !members.isEmpty else {
            throw APIError.badRequest("需要 {\"role\"?, \"unit\"?, \"source\"?, \"disabled\"?, \"password\"?}")
        }
        var change = UserService.Change()
        var problems: [AccountRules.Problem] = []
        for (key, value) in members {
            switch key {
            case "role":
                if let r = value.stringValue.flatMap(UserRole.init(rawValue:)) { change.role = r }
                else { problems.append(.init("role", AccountRules.roleRule)) }
            case "unit":
                if let u = value.stringValue { change.unit = u } else { problems.append(.init("unit", "应为单位代码")) }
            case "source":
                if value == .null { change.source = .some(nil) }
                else if let s = value.stringValue { change.source = .some(s.isEmpty ? nil : s) }
                else { problems.append(.init("source", "应为数据来源或空")) }
            case "disabled":
                if case .bool(let d) = value { change.disabled = d } else { problems.append(.init("disabled", "应为是或否 (true 或 false)")) }
            case "password":
                if let p = value.stringValue { change.password = p } else { problems.append(.init("password", "应为文字")) }
            default:
                problems.append(.init(key, "这一项不能修改"))
            }
        }
        let user = try await UserService(state: state).change(username, change, problems: problems, by: context.user)
        return jsonResponse(UserRoutes.json(user, tree: state.tree))
    }

    /// `{"old", "new"}`.
    func changeOwnPassword(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.json(context)
        try await UserService(state: state).changeOwnPassword(
            old: body["old"]?.stringValue ?? "", new: body["new"]?.stringValue ?? "", of: context.user,
            session: AuthMiddleware.token(of: request))
        return jsonResponse(.object([("ok", .bool(true)), ("mustChangePassword", .bool(false))]))
    }
}
