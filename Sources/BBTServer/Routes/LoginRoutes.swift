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

    /// Checks a password against its hash, with the throttle: 429 after too many failures.
    static func authenticate(_ username: String, _ password: String, state: ServiceState) async throws -> UserRecord {
        let now = state.clock.now()
        let throttle = try await state.loginThrottle.check(username, now: now)
        if let wait = throttle.retryAfter {
            throw APIError(.tooManyRequests, "too_many_attempts", "登录失败次数过多, 请 \(wait / 60 + 1) 分钟后再试")
        }
        guard let user = try await state.store.user(named: username), Passwords.verify(password, hash: user.passwordHash) else {
            try await state.loginThrottle.failed(username, now: now)
            throw APIError(.unauthorized, "unauthorized", "用户名或密码错误")
        }
        // A log-in is a read; it writes only to forget failures there were.
        if throttle.failures > 0 { try await state.loginThrottle.succeeded(username) }
        guard !user.disabled else { throw APIError(.unauthorized, "disabled", "账号已停用, 请联系管理员") }
        return user
    }

    /// A new session for `user`, lasting `sessionSeconds` by the service's clock: its token.
    static func startSession(_ user: UserRecord, state: ServiceState) async throws -> String {
        let token = Passwords.token()
        try await state.store.createSession(token: token, username: user.username,
                                            expires: state.clock.timestamp(after: sessionSeconds))
        return token
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let body = try await request.json(context)
        guard case .object = body, let username = body["username"]?.stringValue, let password = body["password"]?.stringValue else {
            throw APIError(.badRequest, "bad_request", "需要 {\"username\": \"…\", \"password\": \"…\"}")
        }
        let user = try await LoginRoutes.authenticate(username, password, state: state)
        let token = try await LoginRoutes.startSession(user, state: state)
        var response = jsonResponse(.object([
            ("token", .string(token)), ("role", .string(user.role.rawValue)), ("unit", .string(user.unit)),
            ("mustChangePassword", .bool(user.mustChangePassword)),
        ]))
        response.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(LoginRoutes.sessionSeconds), path: "/",
                                  httpOnly: true, sameSite: .strict))
        return response
    }
}
