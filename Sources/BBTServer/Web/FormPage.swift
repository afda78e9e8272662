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
        let lockNote: String?
        switch FormWorkflow.decide(.save, from: loaded.state.status, by: actor) {
        case .success where month > state.clock.currentMonth(): (locked, lockNote) = (true, "还没到\(month.chinese), 这个月的表单到时才能填报")
        case .success: (locked, lockNote) = (false, nil)
        case .failure(.forbidden): (locked, lockNote) = (true, "只读: 只有本单位的填报员可以填写")
        case .failure(let refusal): (locked, lockNote) = (true, refusal.message)
        }
        // 核实性审核 on what the form shows now: the box appears with the checks that need a 上报说明.
        let shown = ShownValue.checked(stored: loaded.stored, provided: loaded.provided.mapValues(\.value))
        let explain = loaded.rules.violations(form: loaded.form, values: shown) { loaded.history["\($0)@\($1)"] }
            .filter { $0.severity == .explain }.map(\.message)
        let model = FormPageModel(loaded, tree: state.tree, locked: locked, lockNote: lockNote, explainRules: explain,
                                  today: Timestamp.day(state.clock.now(), offsetSeconds: Timestamp.china))
        return try page("\(state.tree[unit].name) \(month.chinese)", "form", model, user: user)
    }
}
