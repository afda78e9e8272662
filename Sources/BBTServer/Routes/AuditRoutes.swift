import BBTAPI
import BBTEngine
import Hummingbird

/// Who changed which value, when, from what to what (`?unit=&month=`); with `?kind=admin`, who
/// changed users, units and templates (`AuditService`).
struct AuditRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/audit") { request, context in try await audit(request, context) }
    }

    func audit(_ request: Request, _ context: UserContext) async throws -> Response {
        let q = request.uri.queryParameters
        let service = AuditService(state: state)
        if q.get("kind") == "admin" {
            let entries = try await service.adminEntries(for: context.user)
            return try jsonResponse(AdminAuditAnswer(entries: entries.map {
                AdminAuditAnswer.Entry(at: $0.at.description, user: $0.user, action: $0.action, target: $0.target, detail: $0.detail)
            }))
        }
        let unit = q.get("unit").flatMap { $0.isEmpty ? nil : String($0) }
        let entries = try await service.entries(unit: unit, month: try request.monthQuery(), for: context.user)
        return try jsonResponse(AuditAnswer(entries: entries.map {
            AuditAnswer.Entry(at: $0.at.description, user: $0.user, unit: $0.unit, month: $0.month.description, action: $0.action, field: $0.field,
                              period: $0.period?.description, old: $0.old, new: $0.new)
        }))
    }
}
