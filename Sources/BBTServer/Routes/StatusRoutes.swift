import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// Completeness for an office: for each unit below, its form status and what is still missing.
struct StatusRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/units/:code/status/:month") { _, context in try await status(context) }
    }

    /// One unit's completeness for a month.
    struct UnitStatus {
        let unit: Int
        let level: Level
        let state: FormState
        let missing: [String]
    }

    /// For each unit below `unit` that fills a form this month: its status and missing required fields.
    static func rows(_ state: ServiceState, catalog: Catalog, unit: Int, month: Period) async throws -> [UnitStatus] {
        var rows: [UnitStatus] = []
        for level in catalog.fillingLevels where level < state.tree[unit].level {
            let form = OneForm(catalog: catalog, month: month, level: level)
            guard !form.entries.isEmpty else { continue }
            let units = state.tree.units(at: level, under: unit)
            let codes = units.map { state.tree[$0].code }
            let states = try await state.store.formStates(units: codes, month: month)
            let stored = try await state.store.values(units: codes, periods: Array(Set(form.entries.map(\.period))))
            var filled = Set<String>()
            for v in stored { filled.insert("\(v.unit) \(v.field) \(v.period)") }
            for (u, code) in zip(units, codes) {
                let missing = form.entries.filter { !$0.field.optional && !filled.contains("\(code) \($0.field.id) \($0.period)") }
                rows.append(UnitStatus(unit: u, level: level, state: states[code] ?? .empty, missing: missing.map(\.field.id)))
            }
        }
        return rows
    }

    func status(_ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        guard user.role != .filler, state.scope.canRead(user, unit: unit) else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        let rows = try await StatusRoutes.rows(state, catalog: catalog, unit: unit, month: month)
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        return jsonResponse(.object([
            ("unit", .string(state.tree[unit].code)), ("month", .string(month.description)),
            ("summary", .object(FormStatus.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
            ("units", .array(rows.map { r in
                .object([
                    ("unit", .string(state.tree[r.unit].code)), ("name", .string(state.tree[r.unit].name)),
                    ("level", .string(r.level.rawValue)),
                    ("parent", .optional(state.tree[r.unit].parent.map { state.tree[$0].code })),
                    ("status", .string(r.state.status.rawValue)), ("version", .int(r.state.version)),
                    ("submittedAt", .optional(r.state.submittedAt)), ("reason", .optional(r.state.reason)),
                    ("missing", .array(r.missing.map { .string($0) })),
                ])
            })),
        ]))
    }
}
