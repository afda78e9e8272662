import BBTEngine
import BBTStore
import BBTTemplates

/// Reads from the store what report tables need: the values of the filling units below a unit for
/// the months the reports reach, and the statuses of their forms.
enum ReportData {
    /// `column` narrows what is read to that column's fields and months (a drill-down); `only`, to
    /// those filling units (the others stand behind kept partial aggregates); `store`, the store to
    /// read (by default the standby while it keeps up, else the primary).
    static func load(_ state: ServiceState, catalog: Catalog, due: [(Report, Period)], unit: Int,
                     column: Column? = nil, only: Set<Int>? = nil, store: (any Store)? = nil) async throws -> FormValues {
        if let store { return try await load(state, catalog: catalog, due: due, unit: unit, column: column, only: only, from: store) }
        return try await state.reading { try await load(state, catalog: catalog, due: due, unit: unit, column: column, only: only, from: $0) }
    }

    private static func load(_ state: ServiceState, catalog: Catalog, due: [(Report, Period)], unit: Int,
                             column: Column?, only: Set<Int>?, from store: any Store) async throws -> FormValues {
        let tree = state.tree
        var fillers = Set<Int>()
        var months = Set<Period>()
        var fields = Set<String>()
        for (r, p) in due {
            fields.formUnion(column.map { catalog.fields(of: $0.expression) } ?? r.fields)
            // The units of the period's last month: a community closed before it has no row.
            fillers.formUnion(tree.at(p).units(at: r.filledBy, under: unit))
            months.formUnion(column.map { catalog.monthsNeeded([$0.expression], for: p) } ?? catalog.monthsNeeded(r, for: p))
        }
        let periods = Set(months.flatMap { FormWorkflow.storagePeriods(of: $0) })
        let units = (only.map { fillers.intersection($0) } ?? fillers).sorted()
        let codes = units.map { tree[$0].code }
        var values = FormValues(fieldCount: catalog.fields.count)
        guard !codes.isEmpty else { return values }
        let wanted = fields.sorted()
        let stored = try await store.values(units: codes, periods: Array(periods), fields: wanted)
        for v in stored {
            guard let u = tree.index(of: v.unit), let f = catalog.index(ofField: v.field) else { continue }
            values.set(unit: u, field: f, period: v.period, v.value)
        }
        for m in Set(due.map { $0.1.lastMonth }) {
            let states = try await store.formStates(units: codes, month: m)
            for (u, code) in zip(units, codes) {
                if let s = states[code] { values.setStatus(unit: u, month: m, s.status, explanation: s.explanation) }
            }
        }
        return values
    }
}
