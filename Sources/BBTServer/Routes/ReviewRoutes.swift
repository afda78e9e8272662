import BBTEngine
import Foundation
import Hummingbird

/// Approve, or return for correction, as `FormWorkflow.review` decides.
struct ReviewRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.post("/api/v1/units/:code/forms/:month/approve") { request, context in try await review(request, context, .approve) }
        router.post("/api/v1/units/:code/forms/:month/return") { request, context in try await review(request, context, .return) }
    }

    func review(_ request: Request, _ context: UserContext, _ action: FormAction) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        var request = request
        let body = try await request.json(context)
        var reason: String?
        if let r = body["reason"] {
            guard let s = r.stringValue else { throw APIError.badRequest("退回原因应为文字") }
            reason = s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let (step, version) = try await FormService(state: state).review(action, reason: reason, unit: unit, month: month, by: context.user)
        return jsonResponse(.object([("status", .string(step.status.rawValue)), ("version", .int(version))]))
    }
}
