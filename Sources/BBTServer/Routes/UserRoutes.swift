import BBTAPI
import BBTEngine
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
        router.get("/api/v1/me/todo") { _, context in
            let items = try await TodoService(state: state).items(for: context.user)
            return try jsonResponse(TodoAnswer(items) { code in state.tree.index(of: code).map { state.tree[$0].name } })
        }
    }

    func list(_ context: UserContext) async throws -> Response {
        let service = UserService(state: state)
        let users = try await service.list(by: context.user)
        return try jsonResponse(UsersAnswer(users: users.map { service.answer($0) }))
    }

    func create(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.decode(UserCreateRequest.self, context)
        let service = UserService(state: state)
        let user = try await service.create(username: body.username ?? "", password: body.password ?? "", role: body.role ?? "",
                                            unit: body.unit ?? "", source: body.source, by: context.user)
        return try jsonResponse(service.answer(user), status: .created)
    }

    func change(_ request: Request, _ context: UserContext) async throws -> Response {
        let username = try context.parameter("username")
        var request = request
        let body = try await request.decode(UserChangeRequest.self, context)
        guard !body.isEmpty else { throw APIError.badRequest("请写明要改的角色、单位、数据来源、停用或新密码") }
        let service = UserService(state: state)
        let user = try await service.change(username, role: body.role, unit: body.unit, source: body.source, disabled: body.disabled,
                                            password: body.password, unknown: body.unknown, by: context.user)
        return try jsonResponse(service.answer(user))
    }

    func changeOwnPassword(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.decode(PasswordChangeRequest.self, context)
        try await UserService(state: state).changeOwnPassword(old: body.old ?? "", new: body.new ?? "", of: context.user,
                                                              session: AuthMiddleware.token(of: request))
        return try jsonResponse(PasswordChangeAnswer())
    }
}
