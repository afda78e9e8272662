import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// Completeness for an office: for each unit below, its form status and what is still missing.
struct StatusRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/status/:month") { _, context in try await status(context) }
    }

    /// A rate in percent with one decimal, as a JSON number; `null` when nothing was expected.
    static func percent(_ rate: Double?) -> JSONValue {
        guard let rate else { return .null }
        return .number(String(format: "%.1f", rate))
    }

    func status(_ context: UserContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        // Completeness is for offices: a filler never sees it.
        guard state.actor(user, on: unit).mayReview else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        let rows = try await Completeness.rows(state, catalog: catalog, unit: unit, month: month)
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        return jsonResponse(.object([
            ("unit", .string(state.tree[unit].code)), ("month", .string(month.description)),
            ("summary", .object(FormStatus.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
            ("completeness", .array(Completeness.tallies(state, rows: rows, unit: unit, month: month).map { u, t in
                .object([
                    ("unit", .string(state.tree[u].code)), ("name", .string(state.tree[u].name)),
                    ("level", .string(state.tree[u].level.rawValue)),
                    ("expected", .int(t.expected)), ("submitted", .int(t.submitted)), ("onTime", .int(t.onTime)),
                    ("late", .int(t.late)), ("approved", .int(t.approved)), ("returned", .int(t.returned)),
                    ("rates", .object([("submitted", StatusRoutes.percent(t.rate(t.submitted))),
                                       ("onTime", StatusRoutes.percent(t.rate(t.onTime))),
                                       ("approved", StatusRoutes.percent(t.rate(t.approved)))])),
                ])
            })),
            ("units", .array(rows.map { r in
                .object([
                    ("unit", .string(state.tree[r.unit].code)), ("name", .string(state.tree[r.unit].name)),
                    ("level", .string(r.level.rawValue)),
                    ("parent", .optional(state.tree[r.unit].parent.map { state.tree[$0].code })),
                    ("status", .string(r.state.status.rawValue)), ("version", .int(r.state.version)),
                    ("submittedAt", .optional(r.state.submittedAt)), ("reason", .optional(r.state.reason)),
                    ("explanation", .optional(r.state.explanation)),
                    ("due", .optional(r.due?.description)), ("punctuality", .string(r.punctuality.rawValue)),
                    ("missing", .array(r.missing.map { .string($0) })),
                ])
            })),
        ]))
    }
}
