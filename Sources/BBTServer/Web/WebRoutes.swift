import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// The web interface in Chinese: log-in, the filler's form, the reviewer's table, the template editor.
struct WebRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/static/:name") { _, context in WebRoutes.asset(try context.parameter("name")) }
        router.get("/favicon.ico") { _, _ in redirect(WebFiles.current.url("favicon.svg") ?? "/") }
        router.get("/") { request, context in try await home(request, context) }
        router.get("/login") { _, _ in page("登录", "login", [:], user: nil) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in
            if let token = AuthMiddleware.token(of: request) { try await state.store.deleteSession(token: token) }
            var r = redirect("/login")
            r.setCookie(Cookie(name: "bbt_session", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return r
        }
        router.get("/form/:code") { request, context in try await formPage(request, context) }
        router.get("/review/:code") { request, context in try await reviewPage(request, context) }
        router.get("/admin/templates") { _, context in try await templatesPage(context) }
        router.get("/catalog") { _, context in try await catalogPage(context) }
        router.get("/me/password") { _, context in
            guard let user = context.user else { return redirect("/login") }
            return page("修改密码", "password", ["mustChange": user.mustChangePassword], user: user)
        }
        router.get("/admin/users") { _, context in try await usersPage(context) }
        router.get("/admin/units") { request, context in try await unitsPage(request, context) }
        router.get("/sources/:source") { request, context in try await sourcePage(request, context) }
        addReportPages(to: router)
    }

    /// A static file by its hashed name (`app.3f2a9c1b0d4e.css`): its content never changes under
    /// that name, so browsers keep it for a year. Any other name, an old version's too, is 404.
    static func asset(_ name: String) -> Response {
        guard let asset = WebFiles.current.served[name] else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: "404 Not Found")))
        }
        return Response(status: .ok, headers: [
            .contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable",
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: asset.body))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `template` rendered with `model` inside the layout, which links the stylesheet, the favicon,
    /// the shared script and the page's own script (`static/<template>.js`, when there is one).
    func page(_ title: String, _ template: String, _ model: [String: Any], user: UserRecord?) -> Response {
        let files = WebFiles.current
        let body = files.library.render(model, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "title": title, "body": body, "css": files.url("app.css") ?? "", "favicon": files.url("favicon.svg") ?? "",
            "script": files.url("bbt.js") ?? "", "scripts": files.scripts(for: template),
        ]
        if let user {
            layout["user"] = ["username": user.username, "unitName": state.tree.index(of: user.unit).map { state.tree[$0].name } ?? user.unit,
                              "roleLabel": user.role.chinese, "isAdmin": user.role == .admin && !user.mustChangePassword]
        }
        var buffer = ByteBuffer()
        buffer.writeString(files.library.render(layout, withTemplate: "layout") ?? "")
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .init("Content-Security-Policy")!: WebRoutes.contentSecurityPolicy,
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: buffer))
    }

    /// Scripts and styles only from our own files: no inline code, no inline style, no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func home(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        switch user.role {
        case .filler: return redirect("/form/\(user.unit)")
        case .reviewer: return redirect("/review/\(user.unit)")
        case .admin: return redirect("/admin/templates")
        case .provider: return redirect("/sources/\(user.source ?? "")")
        }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024)
        let fields = WebRoutes.formFields(String(buffer: buffer))
        let token: String
        do {
            token = try await SessionService(state: state).logIn(fields["username"] ?? "", fields["password"] ?? "").token
        } catch let e as APIError {
            var r = page("登录", "login", ["error": e.message], user: nil)
            r.status = e.status
            return r
        }
        var r = redirect("/")
        r.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(SessionService.sessionSeconds), path: "/", httpOnly: true, sameSite: .strict))
        return r
    }

    /// `application/x-www-form-urlencoded` pairs.
    static func formFields(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    /// The month in `?month=`, if any.
    func requestedMonth(_ request: Request) throws -> Period? {
        guard let m = request.uri.queryParameters.get("month") else { return nil }
        guard let p = Period(String(m)), p.frequency == .month else { throw APIError.badRequest("月份应为 YYYY-MM") }
        return p
    }

    /// The month a unit works on: the one after its last submitted or approved form (a locked form
    /// is done; a returned one is not), or this month in China for a unit that never submitted.
    func workingMonth(unit: String) async throws -> Period {
        let done = FormStatus.allCases.filter(FormWorkflow.isLocked)
        if let last = try await state.store.latestMonth(unit: unit, in: done) { return last.next }
        return state.clock.currentMonth()
    }

    func formPage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        let unit = try state.unit(try context.parameter("code"))
        let actor = state.actor(user, on: unit)
        guard actor.mayRead else { throw APIError.forbidden }
        let code = state.tree[unit].code
        let month: Period
        if let m = try requestedMonth(request) { month = m } else { month = try await workingMonth(unit: code) }
        let loaded = try await FormData.load(state, unit: unit, month: month, forSave: true)
        let locked: Bool
        let lockNote: String
        switch FormWorkflow.decide(.save, from: loaded.state.status, by: actor) {
        case .success: (locked, lockNote) = (false, "")
        case .failure(.forbidden): (locked, lockNote) = (true, "只读: 只有本单位的填报员可以填写")
        case .failure(let refusal): (locked, lockNote) = (true, refusal.message)
        }
        let sections: [[String: Any]] = loaded.form.sections.map { s in
            ["title": s.title ?? "其他", "fields": s.entries.map { e -> [String: Any] in
                let f = e.field
                let stored = loaded.stored[f.id]
                let provided = loaded.provided[f.id]
                let shown = stored ?? provided?.value ?? loaded.carried[f.id]
                var m: [String: Any] = ["id": f.id, "label": f.label, "unit": f.unit ?? "", "help": f.help ?? "",
                                        "required": !f.optional, "locked": locked,
                                        "carried": stored == nil && provided == nil && loaded.carried[f.id] != nil,
                                        "supplied": stored == nil && provided != nil]
                if let provided {
                    m["provided"] = true
                    m["providedValue"] = provided.value.plainText
                    m["providedSource"] = provided.sourceName
                    m["providedDate"] = WebRoutes.chinaDate(provided.at)
                    m["differs"] = stored != nil && stored != provided.value
                    m["reason"] = loaded.reasons[f.id] ?? ""
                }
                if e.period != month { m["periodNote"] = "\(e.period.chinese)数" }
                if let lo = f.min, let hi = f.max { m["bounds"] = "\(lo.plainText)~\(hi.plainText)" }
                switch f.type {
                case .int, .decimal:
                    m["isNumber"] = true
                    m["value"] = shown?.number?.plainText ?? ""
                case .text(let n):
                    m["isText"] = true
                    if let n { m["maxLength"] = n }
                    if case .text(let t)? = shown { m["value"] = t }
                case .date:
                    m["isDate"] = true
                    if case .date(let d)? = shown { m["value"] = d.description }
                case .bool:
                    m["isSelect"] = true
                    m["selectType"] = "bool"
                    m["options"] = [["value": "true", "label": "是", "selected": shown == .bool(true)],
                                    ["value": "false", "label": "否", "selected": shown == .bool(false)]]
                case .choice(let options):
                    m["isSelect"] = true
                    m["selectType"] = "text"
                    m["options"] = options.map { ["value": $0, "label": $0, "selected": shown == .text($0)] }
                }
                return m
            }]
        }
        var model: [String: Any] = [
            "unitName": state.tree[unit].name, "unitCode": code, "month": month.description, "monthLabel": month.chinese,
            "status": loaded.state.status.rawValue, "statusLabel": loaded.state.status.chinese,
            "version": loaded.state.version, "locked": locked, "lockNote": lockNote,
            "prevMonth": month.previous.description, "nextMonth": month.next.description, "sections": sections,
        ]
        if let reason = loaded.state.reason, loaded.state.status == .returned { model["reason"] = reason }
        // 核实性审核 on what the form shows now: the box appears with the checks that need a 上报说明.
        let shown = loaded.provided.mapValues(\.value).merging(loaded.stored) { _, saved in saved }
        let explain = loaded.rules.violations(form: loaded.form, values: shown) { loaded.history["\($0)@\($1)"] }
            .filter { $0.severity == .explain }.map(\.message)
        model["explainRules"] = explain
        model["explanation"] = loaded.state.explanation ?? ""
        model["explainShown"] = !explain.isEmpty || loaded.state.explanation != nil
        return page("\(state.tree[unit].name) \(month.chinese)", "form", model, user: user)
    }

    func reviewPage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        let unit = try state.unit(try context.parameter("code"))
        guard user.role != .filler, state.actor(user, on: unit).mayRead else { throw APIError.forbidden }
        let code = state.tree[unit].code
        // An office reviews the month its units have just handed in.
        let month: Period
        if let m = try requestedMonth(request) { month = m } else { month = try await workingMonth(unit: code).previous }
        let catalog = await state.templates().catalog
        let rows = try await Completeness.rows(state, catalog: catalog, unit: unit, month: month)
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        let strips = try await Completeness.strips(state, catalog: catalog, rows: rows, month: month)
        let stripMonths = month.lastPeriods(13)
        func rate(_ r: Double?) -> String { r.map { String(format: "%.1f%%", $0) } ?? "" }
        let model: [String: Any] = [
            "tallies": Completeness.tallies(state, rows: rows, unit: unit, month: month).map { u, t -> [String: Any] in
                ["code": state.tree[u].code, "name": state.tree[u].name, "expected": t.expected, "submitted": t.submitted,
                 "onTime": t.onTime, "late": t.late, "approved": t.approved, "returned": t.returned,
                 "submittedRate": rate(t.rate(t.submitted)), "onTimeRate": rate(t.rate(t.onTime)), "approvedRate": rate(t.rate(t.approved))]
            },
            "unitName": state.tree[unit].name, "unitCode": code, "month": month.description, "monthLabel": month.chinese,
            "prevMonth": month.previous.description, "nextMonth": month.next.description,
            "reports": catalog.reportsDue(at: month, for: state.tree[unit].level).map { r, p in
                ["id": r.id, "title": r.title, "period": p.description]
            },
            "summary": FormStatus.allCases.map { ["status": $0.rawValue, "label": $0.chinese, "count": counts[$0] ?? 0] },
            "units": rows.map { r -> [String: Any] in
                [
                    "code": state.tree[r.unit].code, "name": state.tree[r.unit].name, "month": month.description,
                    "status": r.state.status.rawValue, "statusLabel": r.state.status.chinese,
                    "reason": r.state.status == .returned ? (r.state.reason.map { $0 as Any } ?? false) : false,
                    "submittedAt": r.state.submittedAt.map(WebRoutes.chinaTime) ?? "", "missingCount": r.missing.count,
                    "explanation": r.state.explanation.map { $0 as Any } ?? false,
                    "due": r.due?.description ?? "",
                    "punctualityLabel": r.punctuality == .missing ? "" : r.punctuality.chinese,
                    "strip": zip(stripMonths, strips[r.unit] ?? []).map { m, p -> [String: String] in
                        // CSS classes: on-time, late, missing, none.
                        ["month": m.description, "kind": p.map { $0 == .onTime ? "on-time" : $0.rawValue } ?? "none",
                         "label": p?.chinese ?? "无需填报"]
                    },
                    "canApprove": FormWorkflow.allows(.approve, from: r.state.status, by: state.actor(user, on: r.unit)),
                    "canReturn": FormWorkflow.allows(.return, from: r.state.status, by: state.actor(user, on: r.unit)),
                ]
            },
        ]
        return page("\(state.tree[unit].name) \(month.chinese)填报情况", "review", model, user: user)
    }

    /// An ISO timestamp as a time in China: `2023-07-03 09:30`.
    static func chinaTime(_ iso: String) -> String {
        guard let date = Timestamp.date(iso) else { return iso }
        let china = Generated(date).china
        return String(china.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// Who did something, as a page shows it: the service itself and the demo data are not people.
    static func person(_ username: String) -> String {
        switch username {
        case "system": "系统 (首次发布)"
        case "seed": "演示数据"
        default: username
        }
    }

    /// The day of an ISO timestamp in China.
    static func chinaDate(_ iso: String) -> String {
        guard let date = Timestamp.date(iso) else { return String(iso.prefix(10)) }
        return Timestamp.day(date, offsetSeconds: Timestamp.china).description
    }

    func sourcePage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        let (source, catalog) = try await SourceService(state: state).source(try context.parameter("source"), for: user, to: .read)
        let id = source.id
        let month: Period
        if let m = try requestedMonth(request) { month = m } else { month = state.clock.currentMonth().previous }
        let differences = try await SourceRoutes.differences(state, source: id, month: month)
        let model: [String: Any] = [
            "sourceId": id, "sourceName": source.name, "canUpload": user.role == .provider, "month": month.description, "monthLabel": month.chinese,
            "prevMonth": month.previous.description, "nextMonth": month.next.description,
            "fields": catalog.fields.filter { $0.source == id }.map { ["id": $0.id, "label": $0.label] },
            "differences": differences.map { d -> [String: Any] in
                [
                    "unit": d.unit, "unitName": state.tree.index(of: d.unit).map { state.tree[$0].name } ?? d.unit,
                    "fieldLabel": catalog.field(d.field)?.label ?? d.field, "period": d.period.description,
                    "provided": d.provided.plainText, "value": d.value.plainText,
                    "reason": d.reason.map { $0 as Any } ?? false, "by": d.by.map(WebRoutes.person) ?? "",
                ]
            },
        ]
        return page("\(source.name) 数据回流", "source", model, user: user)
    }

    func templatesPage(_ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        guard user.role == .admin else { throw APIError.forbidden }
        let p = await state.templates()
        let b = p.catalog.burden
        // Inside <script>, "<" is written as \u003c so that no source text can close the element.
        let filesJSON = JSONValue.object(p.files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            .serialized(pretty: false).replacingOccurrences(of: "<", with: "\\u003c")
        let model: [String: Any] = [
            "version": p.version, "publishedAt": WebRoutes.chinaTime(p.publishedAt), "publishedBy": WebRoutes.person(p.publishedBy),
            "fields": p.catalog.fields.count, "reports": p.catalog.reports.count, "manual": b.manualEntries, "form": b.formEntries,
            "files": p.files.keys.sorted(), "filesJSON": filesJSON,
        ]
        return page("模板管理", "templates", model, user: user)
    }

    func catalogPage(_ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        guard user.role == .admin || user.role == .reviewer else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        let month = state.clock.currentMonth()
        let level = catalog.lowestFillingLevel
        let (asked, filled) = catalog.mostAskedFields
        let validity = catalog.reports.map { CatalogRoutes.validity($0, month: month) }
        let model: [String: Any] = [
            "monthLabel": month.chinese, "count": catalog.reports.count, "levelLabel": level.chinese, "filled": filled,
            "expired": validity.count { $0 == "expired" }, "expiring": validity.count { $0 == "expiring" },
            "reports": zip(catalog.reports, validity).map { r, v -> [String: Any] in
                [
                    "id": r.id, "title": r.title, "formNo": r.formNo, "authority": r.authority, "approval": r.approval ?? "",
                    "frequency": r.frequency.chinese + "报", "validUntil": r.validUntil.flatMap(Period.init)?.chinese ?? "长期",
                    "expired": v == "expired", "expiring": v == "expiring",
                    "entries": r.frequency.periodsPerYear * r.fields.count,
                ]
            },
            "fields": asked.prefix(30).map { f, reports -> [String: Any] in
                    ["id": f.id, "label": f.label, "reports": reports, "of": filled,
                     "source": f.source.flatMap { catalog.source($0)?.name } ?? "社区填报"]
                },
        ]
        return page("报表目录", "catalog", model, user: user)
    }

    func usersPage(_ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        guard user.role == .admin else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        let users = try await state.store.users()
        let model: [String: Any] = [
            "roles": UserRole.allCases.map { ["value": $0.rawValue, "label": $0.chinese] },
            "sources": catalog.sources.map { ["id": $0.id, "name": $0.name] },
            "units": state.tree.units.map { ["code": $0.code, "name": $0.name] },
            "users": users.map { u -> [String: Any] in
                [
                    "username": u.username, "role": u.role.rawValue, "roleLabel": u.role.chinese, "unit": u.unit,
                    "unitName": state.tree.index(of: u.unit).map { state.tree[$0].name } ?? u.unit,
                    "source": u.source ?? "", "sourceName": u.source.map { catalog.source($0)?.name ?? $0 } ?? "", "disabled": u.disabled, "mustChange": u.mustChangePassword,
                ]
            },
        ]
        return page("用户管理", "users", model, user: user)
    }

    func unitsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        guard user.role == .admin else { throw APIError.forbidden }
        var month = state.clock.currentMonth()
        if let text = request.uri.queryParameters.get("at") {
            guard let p = Period(text), p.frequency == .month else { throw APIError.badRequest("at 应为 YYYY-MM") }
            month = p
        }
        let all = state.tree, tree = all.at(month)
        let rows: [[String: Any]] = tree.inOrder(month: month.endMonth).map { u, depth in
            let span = tree.spans[u]
            let text = span == .always ? "" : "\(span.from.map(MonthNumber.text) ?? "…") 至 \(span.until.map(MonthNumber.text) ?? "…")"
            return ["code": tree[u].code, "name": tree[u].name, "levelLabel": tree[u].level.chinese, "depth": min(depth, 3), "span": text]
        }
        let model: [String: Any] = [
            "monthLabel": month.chinese, "prevMonth": month.previous.description, "nextMonth": month.next.description,
            "units": rows, "levels": Level.allCases.map { ["value": $0.rawValue, "label": $0.chinese] },
            "allUnits": all.units.map { ["code": $0.code, "name": $0.name] },
        ]
        return page("单位管理", "units", model, user: user)
    }
}
