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
            context.user = try await state.store.sessionUser(token: token, now: state.clock.timestamp())
        }
        return try await next(request, context)
    }

    static func token(of request: Request) -> String? {
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            return String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies["bbt_session"]?.value
    }
}

extension AppContext {
    /// The logged-in user, or 401.
    func requireUser() throws -> UserRecord {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}
