import BBTEngine
import BBTStore
import BBTTemplates
import Foundation

/// What is waiting for a user, by role (`Todo`, pure): the filler's form, the reviewer's month, the
/// provider's months not yet supplied. An admin has none here.
struct TodoService {
    let state: ServiceState

    func items(for user: UserRecord) async throws -> [Todo.Item] {
        let catalog = await state.templates().catalog
        let today = Timestamp.day(state.clock.now(), offsetSeconds: Timestamp.china)
        var requests: [Todo.Item] = []
        if user.role.mayFileRequests {
            requests = Todo.requests(try await state.store.requests(), role: user.role, username: user.username, now: state.clock.instant())
        }
        guard let unit = state.tree.index(of: user.unit) else { return requests }
        let forms = FormService(state: state)
        switch user.role.home {
        case .form:
            let month = try await forms.workingMonth(unit: user.unit)
            let form = try await state.store.formState(unit: user.unit, month: month)
            var items = Todo.filler(unit: user.unit, month: month, state: form,
                                    due: catalog.formDue(month: month, level: state.tree[unit].level), today: today)
            // A form returned in another month waits too.
            if let returned = try await state.store.latestMonth(unit: user.unit, in: [.returned]), returned != month {
                let s = try await state.store.formState(unit: user.unit, month: returned)
                items += Todo.filler(unit: user.unit, month: returned, state: s,
                                     due: catalog.formDue(month: returned, level: state.tree[unit].level), today: today)
            }
            return Todo.sorted(items)
        case .review:
            // The month the office reviews: the one its units have just handed in (as its page).
            let month = try await forms.workingMonth(unit: user.unit).previous
            let rows = try await CompletenessService(state: state).rows(await state.templates(), unit: unit, month: month)
            return Todo.sorted(Todo.reviewer(month: month, rows: rows.map { (state.tree[$0.unit].code, $0.state, $0.due) }, today: today))
        case .source:
            guard let source = user.source else { return requests }
            return try await supply(source, catalog: catalog, unit: unit, today: today) + requests
        case .templates, .requests:
            return requests
        }
    }

    /// The last two months whose values of `source` end then and none of which is stored yet.
    private func supply(_ source: String, catalog: Catalog, unit: Int, today: LocalDate) async throws -> [Todo.Item] {
        let fields = catalog.fields.filter { $0.source == source }
        let current = state.clock.currentMonth()
        var items: [Todo.Item] = []
        for month in [current.previous.previous, current.previous] {
            let periods = Set(fields.compactMap { f in
                catalog.frequency(of: f.id, at: catalog.lowestFillingLevel, in: month).map { month.containing($0) }
            }).filter { $0.lastMonth == month }
            guard !periods.isEmpty else { continue }
            if try await state.store.providedValues(source: source, periods: Array(periods)).isEmpty {
                items.append(Todo.Item(kind: .supply, unit: nil, month: month,
                                       due: catalog.formDue(month: month, level: catalog.lowestFillingLevel), today: today, status: nil))
            }
        }
        return Todo.sorted(items)
    }
}
