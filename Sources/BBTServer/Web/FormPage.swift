import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// The filler's one form on a page (a reviewer reads it locked).
extension WebRoutes {
    func formPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let actor = state.actor(user, on: unit)
        let code = state.tree[unit].code
        let service = FormService(state: state)
        let month: Period
        if let m = try request.monthQuery() { month = m } else { month = try await service.workingMonth(unit: code) }
        // Loaded as for a save: the 上报说明 box shows the checks that would need it, with the history they read.
        let loaded = try await service.form(unit: unit, month: month, for: user, withHistory: true)
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
                let (shown, origin) = ShownValue.of(stored: stored, provided: provided?.value, carried: loaded.carried[f.id])
                var m: [String: Any] = ["id": f.id, "label": f.label, "unit": f.unit ?? "", "help": f.help ?? "",
                                        "required": !f.optional, "locked": locked,
                                        "carried": origin == .carried, "supplied": origin == .supplied]
                if let provided {
                    m["provided"] = true
                    m["providedValue"] = provided.value.plainText
                    m["providedSource"] = provided.sourceName
                    m["providedDate"] = provided.at.chinaDay.description
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
        let shown = ShownValue.checked(stored: loaded.stored, provided: loaded.provided.mapValues(\.value))
        let explain = loaded.rules.violations(form: loaded.form, values: shown) { loaded.history["\($0)@\($1)"] }
            .filter { $0.severity == .explain }.map(\.message)
        model["explainRules"] = explain
        model["explanation"] = loaded.state.explanation ?? ""
        model["explainShown"] = !explain.isEmpty || loaded.state.explanation != nil
        return page("\(state.tree[unit].name) \(month.chinese)", "form", model, user: user)
    }
}
