import BBTEngine
import BBTRender
import Hummingbird

/// Who changed which value, when, from what to what.
struct AuditRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/audit") { request, context in try await audit(request, context) }
    }

    func audit(_ request: Request, _ context: UserContext) async throws -> Response {
        let user = context.user
        guard user.role.may(.readAudit) else { throw APIError.forbidden }
        let q = request.uri.queryParameters
        if q.get("kind") == "admin" {
            guard user.role.may(.readAdminAudit) else { throw APIError.forbidden }
            let entries = try await state.store.adminAudit()
            return jsonResponse(.object([("entries", .array(entries.map { e in
                .object([("at", .string(e.at)), ("user", .string(e.user)), ("action", .string(e.action)),
                         ("target", .string(e.target)), ("detail", .string(e.detail))])
            }))]))
        }
        let month = try request.monthQuery()
        var unit: String?
        if let code = q.get("unit"), !code.isEmpty {
            try state.requireRead(user, unit: try state.unit(code))
            unit = code
        }
        let entries = try await state.store.audit(unit: unit, month: month).filter { e in
            guard let u = state.tree.index(of: e.unit) else { return Actor.mayReadOrphanedAudit(user.role) }
            return state.actor(user, on: u).mayRead
        }
        return jsonResponse(.object([("entries", .array(entries.map { e in
            .object([("at", .string(e.at)), ("user", .string(e.user)), ("unit", .string(e.unit)), ("month", .string(e.month)),
                     ("action", .string(e.action)), ("field", .optional(e.field)), ("period", .optional(e.period)),
                     ("old", .optional(e.old)), ("new", .optional(e.new))])
        }))]))
    }
}
