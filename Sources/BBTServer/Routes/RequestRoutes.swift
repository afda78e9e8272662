import BBTAPI
import BBTEngine
import BBTTemplates
import Hummingbird

/// 报表准入 (`RequestService`): file a request (the department's XLSX as the body with the members
/// in the query, or JSON with a `.bbt` draft), read it with its review, revise it, decide it; the
/// office's yearly figures; and the 清单 every logged-in user may read.
struct RequestRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.post("/api/v1/requests") { request, context in
            let service = RequestService(state: state)
            guard context.user.role.mayFileRequests else { throw APIError.forbidden }
            let r = try await service.file(try await filing(request, context), by: context.user)
            return try jsonResponse(answer(r), status: .created)
        }
        router.get("/api/v1/requests") { request, context in
            let status = try request.uri.queryParameters.get("status").flatMap { s -> RequestStatus? in
                guard !s.isEmpty else { return nil }
                guard let st = RequestStatus(rawValue: String(s)) else {
                    throw APIError.badRequest("状态应为 submitted、returned、approved 或 rejected", member: "status")
                }
                return st
            }
            return try jsonResponse(RequestListAnswer(try await RequestService(state: state).list(status: status, for: context.user)))
        }
        router.get("/api/v1/requests/stats") { request, context in
            try state.require(.manageTemplates, of: context.user)
            let year = try yearQuery(request) ?? state.clock.currentMonth().year
            return try jsonResponse(RequestStatsAnswer(year: year, requests: try await state.store.requests()))
        }
        router.get("/api/v1/requests/{id}") { _, context in
            try jsonResponse(answer(try await RequestService(state: state).get(try id(context), for: context.user)))
        }
        router.put("/api/v1/requests/{id}") { request, context in
            let service = RequestService(state: state)
            let id = try id(context)
            guard context.user.role.mayFileRequests else { throw APIError.forbidden }
            return try jsonResponse(answer(try await service.revise(id, try await filing(request, context), by: context.user)))
        }
        router.post("/api/v1/requests/{id}/decision") { request, context in
            try state.require(.manageTemplates, of: context.user)
            let id = try id(context)
            var request = request
            let body = try await request.decode(RequestDecisionBody.self, context)
            guard let decision = RequestDecision(rawValue: body.decision) else {
                throw APIError(.unprocessableContent, "invalid_values", "决定应为 approve、reject 或 return", fields: [("decision", "应为 approve、reject 或 return")])
            }
            let validUntil = try month(body.validUntil, member: "validUntil")
            let (r, _) = try await RequestService(state: state).decide(id, .init(
                decision: decision, reason: body.reason, listed: body.listed, validUntil: validUntil, source: body.source,
                confirmed: body.confirm == true), by: context.user)
            return try jsonResponse(answer(r))
        }
        router.get("/api/v1/listing") { request, _ in
            let month = try request.monthQuery() ?? state.clock.currentMonth()
            return try jsonResponse(try await listing(month))
        }
    }

    func listing(_ month: Period) async throws -> ListingAnswer {
        let catalog = await state.templates().catalog
        var once: [String: String] = [:]
        for r in try await state.store.requests() where r.status == .approved && r.kind == .once {
            if let v = r.validUntil, let f = Frequency(rawValue: r.frequency) {
                once[r.reportID] = Period.month(v.year, v.month).containing(f).description
            }
        }
        return ListingAnswer(catalog, month: month, once: once)
    }

    func answer(_ r: RequestService.Reviewed) -> RequestAnswer {
        RequestAnswer(r.request, review: r.review, fillingUnits: r.fillingUnits, reviewProblem: r.reviewProblem)
    }

    func id(_ context: UserContext) throws -> Int {
        guard let n = Int(try context.parameter("id")), n > 0 else { throw APIError.notFound("没有这份申请") }
        return n
    }

    func yearQuery(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("year"), !text.isEmpty else { return nil }
        guard let y = Int(String(text)), (1...9999).contains(y) else { throw APIError.badRequest("年份应为 2026 这样的数", member: "year") }
        return y
    }

    func month(_ text: String?, member: String) throws -> Month? {
        guard let text, !text.isEmpty else { return nil }
        guard let m = Month(text) else {
            throw APIError(.unprocessableContent, "invalid_values", "月份应为 YYYY-MM", fields: [(member, "月份应为 YYYY-MM, 却是 \"\(text)\"")])
        }
        return m
    }

    /// The members from JSON, or from the query with the XLSX form as the body.
    func filing(_ request: Request, _ context: UserContext) async throws -> RequestService.Filing {
        var request = request
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        if isJSON {
            let b = try await request.decode(RequestFilingBody.self, context)
            return try filing(title: b.title, authority: b.authority, reason: b.reason, basis: b.basis, frequency: b.frequency,
                              until: b.until, kind: b.kind, form: nil, fileName: nil, source: b.source)
        }
        let buffer = try await request.body(upTo: RequestService.maxForm, tooLarge: "文件超过 \(RequestService.maxForm >> 20) MiB, 不像一张报表")
        let q = request.uri.queryParameters
        func get(_ name: String) -> String? { q.get(name).map { String($0) } }
        let bytes = Array(buffer.readableBytesView)
        return try filing(title: get("title"), authority: get("authority"), reason: get("reason"), basis: get("basis"),
                          frequency: get("frequency"), until: get("until"), kind: get("kind"),
                          form: bytes.isEmpty ? nil : bytes, fileName: get("name") ?? "form.xlsx", source: nil)
    }

    func filing(title: String?, authority: String?, reason: String?, basis: String?, frequency: String?, until: String?, kind: String?,
                form: [UInt8]?, fileName: String?, source: String?) throws -> RequestService.Filing {
        var problems: [(String, String)] = []
        let k = RequestKind(rawValue: kind.flatMap { $0.isEmpty ? nil : $0 } ?? "regular")
        if k == nil { problems.append(("kind", "应为 regular (常规) 或 once (一事一报)")) }
        var untilMonth: Month?
        if let until, !until.isEmpty {
            if let m = Month(until) { untilMonth = m } else { problems.append(("until", "应为 YYYY-MM, 却是 \"\(until)\"")) }
        }
        if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_values", "申请有误", fields: problems) }
        return RequestService.Filing(title: title ?? "", authority: authority ?? "", reason: reason ?? "", basis: basis ?? "",
                                     frequency: frequency ?? "", until: untilMonth, kind: k!, form: form, fileName: fileName, source: source)
    }
}
