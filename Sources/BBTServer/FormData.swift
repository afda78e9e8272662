import BBTAPI
import BBTEngine
import BBTStore
import BBTTemplates

/// A unit's one form of a month with what the store holds for it: what the workflow decides on and
/// what the API and the page show.
struct FormData {
    let unit: Int
    let month: Period
    let form: OneForm
    let catalog: Catalog
    let rules: RuleBook
    /// This form's saved values by field ID.
    let stored: [String: Value]
    /// The previous period's values of `carry` fields not yet saved.
    let carried: [String: Value]
    /// What departments supplied for this form's fields, by field ID.
    let provided: [String: ProvidedValue]
    /// The community's reasons for values that differ from the supplied ones, by field ID.
    let reasons: [String: String]
    let state: FormState

    /// The values of the unit that rules with time functions read (only when loaded `forSave` and
    /// a rule reads history).
    let history: [String: Value]
    /// What the store held, as read: a save is decided against it (`FormWrite`).
    let snapshot: FormSnapshot

    /// One read of the store (`Store.formSnapshot`); `forSave` adds the periods that rules with time
    /// functions read, so that a save decides on one consistent snapshot.
    static func load(_ service: ServiceState, unit: Int, month: Period, forSave: Bool = false) async throws -> FormData {
        // A closed unit has no form after its last month (its stored values stay); nor one before it opens.
        try service.requireExists(unit, in: month)
        let published = await service.templates()
        let catalog = published.catalog
        let layout = published.forms.layout(month: month, level: service.tree[unit].level)
        let form = layout.form
        let code = service.tree[unit].code
        let shown = form.periodsShown
        let needed: (fields: [String], periods: [Period]) = forSave ? layout.historyNeeded : ([], [])
        let supplied = form.entries.filter { $0.field.source != nil }
        let snapshot = try await service.store.formSnapshot(
            unit: code, month: month, periods: shown, suppliedPeriods: Array(Set(supplied.map(\.period))),
            historyFields: needed.fields, historyPeriods: needed.periods)
        var lookup: [String: Value] = [:], history: [String: Value] = [:]
        for v in snapshot.values { lookup["\(v.field)@\(v.period)"] = v.value }
        for v in snapshot.history { history["\(v.field)@\(v.period)"] = v.value }
        let (stored, carried) = form.values { lookup["\($0)@\($1)"] }
        var provided: [String: ProvidedValue] = [:]
        var reasons: [String: String] = [:]
        let own = Set(supplied.map { "\($0.field.id)@\($0.period)" })
        for p in snapshot.provided where own.contains("\(p.field)@\(p.period)") {
            provided[p.field] = ProvidedValue(value: p.value, source: p.source,
                                              sourceName: catalog.source(p.source)?.name ?? p.source, at: p.at)
        }
        for c in snapshot.corrections where own.contains("\(c.field)@\(c.period)") {
            reasons[c.field] = c.reason
        }
        return FormData(unit: unit, month: month, form: form, catalog: catalog, rules: published.rules, stored: stored, carried: carried,
                        provided: provided, reasons: reasons, state: snapshot.state, history: history, snapshot: snapshot)
    }
}

extension FormData {
    /// The form as `GET /api/v1/units/{code}/forms/{month}` answers it, and as the form page embeds it.
    func answer(_ tree: UnitTree) -> FormAnswer {
        FormAnswer(unit: tree[unit], month: month, form: form, catalog: catalog, state: state, stored: stored, carried: carried, provided: provided,
                   reasons: reasons)
    }
}
