import BBTStore
import Hummingbird

/// The request context: who is asking (set by `AuthMiddleware`, `nil` for an anonymous request), and
/// the body size limit.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in user; `nil` before authentication.
    public var user: UserRecord?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Forms and template sets are small; anything larger is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}

/// A request of a logged-in user. The API's routes that need one are registered in a group of this
/// context, so an anonymous request is answered 401 before any handler runs.
public struct UserContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let user: UserRecord

    public init(context: AppContext) throws {
        guard let user = context.user else { throw APIError.unauthorized }
        coreContext = context.coreContext
        self.user = user
    }

    public var maxUploadSize: Int { 1 << 20 }
}

/// A page request of a logged-in user: an anonymous one is sent to the log-in page.
public struct PageContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let user: UserRecord

    public init(context: AppContext) throws {
        guard let user = context.user else { throw LoginRedirect() }
        coreContext = context.coreContext
        self.user = user
    }

    public var maxUploadSize: Int { 1 << 20 }
}

/// The answer to a page asked for without a session: the log-in page.
struct LoginRedirect: HTTPResponseError {
    var status: HTTPResponse.Status { .seeOther }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: "/login"])
    }
}
