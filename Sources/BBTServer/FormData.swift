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
    /// This form's saved values by field ID.
    let stored: [String: Value]
    /// The previous period's values of `carry` fields not yet saved.
    let carried: [String: Value]
    /// What departments supplied for this form's fields, by field ID.
    let provided: [String: ProvidedValue]
    /// The community's reasons for values that differ from the supplied ones, by field ID.
    let reasons: [String: String]
    let state: FormState

    static func load(_ service: ServiceState, unit: Int, month: Period) async throws -> FormData {
        // A closed unit has no form after its last month (its stored values stay); nor one before it opens.
        try service.requireExists(unit, in: month)
        let catalog = await service.templates().catalog
        let form = OneForm(catalog: catalog, month: month, level: service.tree[unit].level)
        let code = service.tree[unit].code
        let lookup = try await values(service, unit: code, periods: form.periodsShown)
        let (stored, carried) = form.values { lookup["\($0)@\($1)"] }
        var provided: [String: ProvidedValue] = [:]
        var reasons: [String: String] = [:]
        let supplied = form.entries.filter { $0.field.source != nil }
        if !supplied.isEmpty {
            let periods = Array(Set(supplied.map(\.period)))
            let own = Set(supplied.map { "\($0.field.id)@\($0.period)" })
            for p in try await service.store.providedValues(units: [code], periods: periods) where own.contains("\(p.field)@\(p.period)") {
                provided[p.field] = ProvidedValue(value: p.value, source: p.source,
                                                  sourceName: catalog.source(p.source)?.name ?? p.source, at: p.at)
            }
            for c in try await service.store.corrections(units: [code], periods: periods) where own.contains("\(c.field)@\(c.period)") {
                reasons[c.field] = c.reason
            }
        }
        return FormData(unit: unit, month: month, form: form, catalog: catalog, stored: stored, carried: carried,
                        provided: provided, reasons: reasons, state: try await service.store.formState(unit: code, month: month))
    }

    /// The unit's values that rules with time functions read; nothing when no rule reads history.
    func history(_ service: ServiceState) async throws -> [String: Value] {
        guard catalog.rulesReadHistory else { return [:] }
        return try await FormData.values(service, unit: service.tree[unit].code, periods: FormWorkflow.historyPeriods(of: month))
    }

    private static func values(_ service: ServiceState, unit: String, periods: [Period]) async throws -> [String: Value] {
        var out: [String: Value] = [:]
        for v in try await service.store.values(units: [unit], periods: periods) { out["\(v.field)@\(v.period)"] = v.value }
        return out
    }
}
