import BBTAPI
import BBTEngine
import BBTStore
import Foundation
import Hummingbird

/// 催报 (`ReminderService`): a reviewer's reminders, what became of them, a unit's notices, and
/// where each part of the tree sends them (webhooks, admin).
struct ReminderRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.post("/api/v1/units/:code/reminders") { request, context in try await remind(request, context) }
        router.get("/api/v1/reminders") { request, context in try await sent(request, context) }
        router.get("/api/v1/me/notices") { _, context in
            let notices = try await ReminderService(state: state).notices(for: context.user)
            return try jsonResponse(NoticesAnswer(unit: context.user.unit, notices: notices.map { answer($0) }))
        }
        router.get("/api/v1/webhooks") { _, context in
            try state.require(.manageUnits, of: context.user)
            return try jsonResponse(WebhooksAnswer(try await state.store.webhooks().map(answer)))
        }
        router.put("/api/v1/webhooks/:code") { request, context in try await setWebhook(request, context) }
        router.delete("/api/v1/webhooks/:code") { _, context in
            try state.require(.manageUnits, of: context.user)
            let code = try context.parameter("code")
            _ = try state.unit(code)
            let audit = AdminAuditEntry(at: state.clock.instant(), user: context.user.username, action: "删除催报推送地址", target: code, detail: "")
            guard try await state.store.deleteWebhook(unit: code, audit: audit) else { throw APIError.notFound("\(code) 没有设置催报推送地址") }
            return Response(status: .noContent)
        }
    }

    func remind(_ request: Request, _ context: UserContext) async throws -> Response {
        let code = try context.parameter("code")
        var request = request
        let body = try await request.decode(ReminderRequest.self, context)
        let month = try body.month.map { try Requests.month($0) } ?? state.clock.currentMonth().previous
        let planned = try await ReminderService(state: state).remind(by: context.user, office: code, month: month, units: body.units,
                                                                     message: body.message)
        return try jsonResponse(RemindersAnswer(unit: code, month: month.description,
                                                notices: planned.map { answer($0.notice, webhook: $0.webhook?.unit) }), status: .created)
    }

    /// `?month=` (default: every month) `&unit=` (default: the user's own).
    func sent(_ request: Request, _ context: UserContext) async throws -> Response {
        let month = try request.monthQuery()
        let code = request.uri.queryParameters.get("unit").map { String($0) } ?? context.user.unit
        let sent = try await ReminderService(state: state).sent(office: code, month: month, for: context.user)
        return try jsonResponse(RemindersAnswer(unit: code, month: month?.description, notices: sent.map { notice, deliveries in
            answer(notice, webhook: deliveries.first?.webhookUnit, deliveries: deliveries.map { d in
                NoticeAnswer.Delivery(id: d.id, webhookUnit: d.webhookUnit, kind: d.kind.rawValue, status: d.status.rawValue,
                                      attempts: d.attempts.map { NoticeAnswer.Attempt(at: Instant(seconds: $0.at).description, ok: $0.ok, outcome: $0.outcome) },
                                      nextAttemptAt: d.nextAt.map { Instant(seconds: $0).description })
            })
        }))
    }

    func setWebhook(_ request: Request, _ context: UserContext) async throws -> Response {
        try state.require(.manageUnits, of: context.user)
        let code = try context.parameter("code")
        let unit = try state.unit(code)
        var request = request
        let body = try await request.decode(WebhookRequest.self, context)
        var problems: [(String, String)] = []
        let url = body.url?.trimmingCharacters(in: .whitespaces) ?? ""
        if let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil {
            if url.count > 2000 { problems.append(("url", "地址太长")) }
        } else {
            problems.append(("url", url.isEmpty ? "请填写推送地址" : "应为 http:// 或 https:// 开头的地址"))
        }
        let kind = body.kind.flatMap(WebhookKind.init(rawValue:))
        if kind == nil { problems.append(("kind", "应为 wecom (企业微信群机器人)、dingtalk (钉钉群机器人) 或 json")) }
        guard problems.isEmpty, let kind else { throw APIError(.unprocessableContent, "invalid_webhook", "推送地址有误", fields: problems) }
        let hook = WebhookRecord(unit: code, url: url, kind: kind)
        let audit = AdminAuditEntry(at: state.clock.instant(), user: context.user.username, action: "设置催报推送地址", target: code,
                                    detail: "\(kind.rawValue) \(URL(string: url)?.host ?? "")")
        try await state.store.setWebhook(hook, audit: audit)
        return try jsonResponse(WebhookAnswer(unit: code, unitName: state.tree[unit].name, url: url, kind: kind.rawValue))
    }

    func answer(_ w: WebhookRecord) -> WebhookAnswer {
        WebhookAnswer(unit: w.unit, unitName: state.tree.index(of: w.unit).map { state.tree[$0].name } ?? w.unit, url: w.url, kind: w.kind.rawValue)
    }

    func answer(_ n: NoticeRecord, webhook: String? = nil, deliveries: [NoticeAnswer.Delivery]? = nil) -> NoticeAnswer {
        NoticeAnswer(id: n.id, unit: n.unit, unitName: state.tree.index(of: n.unit).map { state.tree[$0].name } ?? n.unit,
                     month: n.month.description, kind: n.kind.rawValue, due: n.due, message: n.message, sender: n.sender,
                     at: n.at.description, webhookUnit: webhook, deliveries: deliveries)
    }
}
