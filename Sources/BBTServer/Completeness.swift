import BBTEngine
import BBTStore
import BBTTemplates

/// For an office: each unit below that fills a form in a month, with its form's state and the
/// required fields it has not filled.
struct Completeness {
    struct Row {
        let unit: Int
        let level: Level
        let state: FormState
        let missing: [String]
    }

    static func rows(_ service: ServiceState, catalog: Catalog, unit: Int, month: Period) async throws -> [Row] {
        var rows: [Row] = []
        for level in catalog.fillingLevels where level < service.tree[unit].level {
            let form = OneForm(catalog: catalog, month: month, level: level)
            guard !form.entries.isEmpty else { continue }
            let units = service.tree.at(month).units(at: level, under: unit)
            let codes = units.map { service.tree[$0].code }
            let states = try await service.store.formStates(units: codes, month: month)
            let stored = try await service.store.values(units: codes, periods: Array(Set(form.entries.map(\.period))))
            var filled = Set<String>()
            for v in stored { filled.insert("\(v.unit) \(v.field) \(v.period)") }
            for (u, code) in zip(units, codes) {
                let missing = FormWorkflow.missing(in: form) { filled.contains("\(code) \($0.field.id) \($0.period)") }
                rows.append(Row(unit: u, level: level, state: states[code] ?? .empty, missing: missing.map(\.field.id)))
            }
        }
        return rows
    }
}
