import BBTAPI
import Hummingbird

/// `POST /api/v1/login` and `POST /api/v1/logout` (`SessionService`); the session's token comes
/// back in the answer and as the pages' cookie.
struct LoginRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.post("/api/v1/login") { request, context in try await login(request, context) }
        router.post("/api/v1/logout") { request, _ in try await logout(request) }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let body = try await request.decode(LoginRequest.self, context)
        let (user, token) = try await SessionService(state: state).logIn(body.username, body.password)
        var response = try jsonResponse(LoginAnswer(token: token, role: user.role, unit: user.unit,
                                                    mustChangePassword: user.mustChangePassword))
        response.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(SessionService.sessionSeconds), path: "/",
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        try await SessionService(state: state).logOut(token: AuthMiddleware.token(of: request))
        var response = try jsonResponse(OKAnswer())
        response.setCookie(Cookie(name: "bbt_session", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }
}
