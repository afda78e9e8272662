import BBTEngine
import BBTRender
import BBTStore
import Hummingbird

/// Completeness for an office: for each unit below, its form status and what is still missing.
struct StatusRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/units/:code/status/:month") { _, context in try await status(context) }
    }

    func status(_ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        guard user.role != .filler, state.scope.canRead(user, unit: unit) else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        var rows: [JSON] = []
        var counts: [FormStatus: Int] = [:]
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
                let s = states[code] ?? .empty
                counts[s.status, default: 0] += 1
                let missing = form.entries.filter { !$0.field.optional && !filled.contains("\(code) \($0.field.id) \($0.period)") }
                rows.append(.object([
                    ("unit", .string(code)), ("name", .string(state.tree[u].name)), ("level", .string(level.rawValue)),
                    ("parent", .optional(state.tree[u].parent.map { state.tree[$0].code })),
                    ("status", .string(s.status.rawValue)), ("version", .int(s.version)),
                    ("submittedAt", .optional(s.submittedAt)), ("reason", .optional(s.reason)),
                    ("missing", .array(missing.map { .string($0.field.id) })),
                ]))
            }
        }
        return jsonResponse(.object([
            ("unit", .string(state.tree[unit].code)), ("month", .string(month.description)),
            ("summary", .object(FormStatus.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
            ("units", .array(rows)),
        ]))
    }
}
