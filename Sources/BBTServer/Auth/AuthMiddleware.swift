import BBTStore
import Foundation
import Hummingbird

/// Finds the user of a request from `Authorization: Bearer TOKEN` (the API) or the `bbt_session`
/// cookie (the web pages). Routes decide what an anonymous request may do.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let state: ServiceState

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = AuthMiddleware.token(of: request) {
            context.user = try await state.store.sessionUser(token: token, now: state.clock.instant())
        }
        // A temporary password (set by an admin) allows nothing but changing it: the API answers
        // 403, the pages lead to the change.
        if context.user?.mustChangePassword == true, !AuthMiddleware.allowedBeforeChange(request.uri.path) {
            if request.uri.path.hasPrefix("/api/") {
                throw APIError(.forbidden, "password_change_required", "请先修改管理员设置的临时密码 (POST /api/v1/me/password)")
            }
            return Response(status: .seeOther, headers: [.location: "/me/password"])
        }
        return try await next(request, context)
    }

    static func allowedBeforeChange(_ path: String) -> Bool {
        ["/api/v1/me/password", "/api/v1/login", "/api/v1/logout", "/api/v1/health", "/api/v1/openapi.json",
         "/login", "/logout", "/me/password", "/favicon.ico"].contains(path)
            || path.hasPrefix("/static/")
    }

    static func token(of request: Request) -> String? {
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            return String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies["bbt_session"]?.value
    }
}
