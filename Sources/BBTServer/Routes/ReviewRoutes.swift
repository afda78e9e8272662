import BBTEngine
import BBTRender
import BBTStore
import Hummingbird

/// Approve, or return for correction: a reviewer of an office above the unit.
struct ReviewRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.post("/api/v1/units/:code/forms/:month/approve") { request, context in try await review(request, context, approve: true) }
        router.post("/api/v1/units/:code/forms/:month/return") { request, context in try await review(request, context, approve: false) }
    }

    func review(_ request: Request, _ context: AppContext, approve: Bool) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        guard state.scope.canReview(user, unit: unit) else { throw APIError.forbidden }
        let body = try await request.json(context)
        var reason: String?
        if let r = body["reason"] {
            guard let s = r.stringValue else { throw APIError.badRequest("reason 应为文字") }
            reason = s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let code = state.tree[unit].code
        let current = try await state.store.formState(unit: code, month: month)
        if approve {
            guard current.status == .submitted else {
                throw APIError(.conflict, "not_submitted", "只能审核已上报的表单 (当前: \(current.status.chinese))")
            }
        } else {
            guard current.status == .submitted || current.status == .approved else {
                throw APIError(.conflict, "not_submitted", "只能退回已上报或已审核的表单 (当前: \(current.status.chinese))")
            }
            guard let reason, !reason.isEmpty, reason.count <= 500 else {
                throw APIError(.unprocessableContent, "invalid_values", "请写明退回原因", fields: [("reason", "必填, 不超过 500 字")])
            }
        }
        let outcome = try await state.store.save(FormSave(
            unit: code, month: month, expectedVersion: current.version, values: [],
            status: approve ? .approved : .returned, user: user.username, at: Clock.now(), reason: approve ? nil : reason))
        switch outcome {
        case .conflict(let v):
            throw APIError(.conflict, "version_conflict", "表单刚被修改, 请刷新后再操作", extra: [("version", .int(v))])
        case .saved(let v):
            return jsonResponse(.object([("status", .string(approve ? "approved" : "returned")), ("version", .int(v))]))
        }
    }
}

import Foundation
