import BBTEngine
import BBTStore
import Hummingbird

/// Approve, or return for correction, as `FormWorkflow.review` decides.
struct ReviewRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.post("/api/v1/units/:code/forms/:month/approve") { request, context in try await review(request, context, .approve) }
        router.post("/api/v1/units/:code/forms/:month/return") { request, context in try await review(request, context, .return) }
    }

    func review(_ request: Request, _ context: AppContext, _ action: FormAction) async throws -> Response {
        let user = try context.requireUser()
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        let actor = state.actor(user, on: unit)
        guard FormWorkflow.may(actor, action) else { throw APIError.forbidden }
        var request = request
        let body = try await request.json(context)
        var reason: String?
        if let r = body["reason"] {
            guard let s = r.stringValue else { throw APIError.badRequest("reason 应为文字") }
            reason = s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let current = try await state.store.formState(unit: state.tree[unit].code, month: month)
        let step = try FormWorkflow.review(action, state: current, by: actor, reason: reason).orThrowAPIError()
        let version = try await FormRoutes(state: state)
            .save(step, unit: unit, month: month, expectedVersion: current.version, user: user) { .changedDuringReview(current: $0) }
        return jsonResponse(.object([("status", .string(step.status.rawValue)), ("version", .int(version))]))
    }
}
