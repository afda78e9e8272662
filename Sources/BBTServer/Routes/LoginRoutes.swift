import BBTRender
import BBTStore
import Foundation
import Hummingbird

/// `POST /api/v1/login` and `POST /api/v1/logout`.
struct LoginRoutes {
    let state: ServiceState
    /// A session lasts a working day.
    static let sessionSeconds: TimeInterval = 12 * 3600

    func add(to router: Router<AppContext>) {
        router.post("/api/v1/login") { request, context in try await login(request, context) }
        router.post("/api/v1/logout") { request, context in
            if let token = AuthMiddleware.token(of: request) { try await state.store.deleteSession(token: token) }
            var response = jsonResponse(.object([("ok", .bool(true))]))
            response.setCookie(Cookie(name: "bbt_session", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let body = try await request.json(context)
        guard case .object = body, let username = body["username"]?.stringValue, let password = body["password"]?.stringValue else {
            throw APIError(.badRequest, "bad_request", "需要 {\"username\": \"…\", \"password\": \"…\"}")
        }
        guard let user = try await state.store.user(named: username), Passwords.verify(password, hash: user.passwordHash) else {
            throw APIError(.unauthorized, "unauthorized", "用户名或密码错误")
        }
        let token = Passwords.token()
        try await state.store.createSession(token: token, username: user.username,
                                            expires: Clock.iso(Date().addingTimeInterval(LoginRoutes.sessionSeconds)))
        var response = jsonResponse(.object([
            ("token", .string(token)), ("role", .string(user.role.rawValue)), ("unit", .string(user.unit)),
        ]))
        response.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(LoginRoutes.sessionSeconds), path: "/",
                                  httpOnly: true, sameSite: .strict))
        return response
    }
}
