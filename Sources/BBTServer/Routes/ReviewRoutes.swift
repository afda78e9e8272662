import BBTAPI
import BBTEngine
import Foundation
import Hummingbird

/// Approve, or return for correction, as `FormWorkflow.review` decides (`FormService`).
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
        let body = try await request.decode(ReviewRequest.self, context)
        let reason = body.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let (step, version) = try await FormService(state: state).review(action, reason: reason, unit: unit, month: month, by: context.user)
        return try jsonResponse(ReviewAnswer(step, version: version))
    }
}
