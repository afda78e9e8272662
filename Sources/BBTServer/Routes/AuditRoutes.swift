import BBTEngine
import BBTRender
import Hummingbird

/// Who changed which value, when, from what to what.
struct AuditRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/audit") { request, context in try await audit(request, context) }
    }

    func audit(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role == .reviewer || user.role == .admin else { throw APIError.forbidden }
        let q = request.uri.queryParameters
        if q.get("kind") == "admin" {
            guard user.role == .admin else { throw APIError.forbidden }
            let entries = try await state.store.adminAudit()
            return jsonResponse(.object([("entries", .array(entries.map { e in
                .object([("at", .string(e.at)), ("user", .string(e.user)), ("action", .string(e.action)),
                         ("target", .string(e.target)), ("detail", .string(e.detail))])
            }))]))
        }
        var month: Period?
        if let m = q.get("month") {
            guard let p = Period(m), p.frequency == .month else { throw APIError.badRequest("month 应为 YYYY-MM") }
            month = p
        }
        var unit: String?
        if let code = q.get("unit"), !code.isEmpty {
            try state.requireRead(user, unit: try state.unit(code))
            unit = code
        }
        let entries = try await state.store.audit(unit: unit, month: month).filter { e in
            guard let u = state.tree.index(of: e.unit) else { return user.role == .admin }
            return state.actor(user, on: u).mayRead
        }
        return jsonResponse(.object([("entries", .array(entries.map { e in
            .object([("at", .string(e.at)), ("user", .string(e.user)), ("unit", .string(e.unit)), ("month", .string(e.month)),
                     ("action", .string(e.action)), ("field", .optional(e.field)), ("period", .optional(e.period)),
                     ("old", .optional(e.old)), ("new", .optional(e.new))])
        }))]))
    }
}
