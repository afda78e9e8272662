import BBTStore
import Hummingbird

/// The request context: who is asking (set by `AuthMiddleware`), and the body size limit.
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
