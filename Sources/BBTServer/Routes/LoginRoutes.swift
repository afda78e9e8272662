import BBTRender
import BBTStore
import Foundation
import Hummingbird

/// `POST /api/v1/login` and `POST /api/v1/logout`.
struct LoginRoutes {
    let state: ServiceState
    func add(to router: Router<AppContext>) {
        router.post("/api/v1/login") { request, context in try await login(request, context) }
        router.post("/api/v1/logout") { request, context in
            try await SessionService(state: state).logOut(token: AuthMiddleware.token(of: request))
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
        let (user, token) = try await SessionService(state: state).logIn(username, password)
        var response = jsonResponse(.object([
            ("token", .string(token)), ("role", .string(user.role.rawValue)), ("unit", .string(user.unit)),
            ("mustChangePassword", .bool(user.mustChangePassword)),
        ]))
        response.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(SessionService.sessionSeconds), path: "/",
                                  httpOnly: true, sameSite: .strict))
        return response
    }
}
