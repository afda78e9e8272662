import BBTEngine
import BBTRender
import BBTTemplates
import Hummingbird

/// The catalogue as the admin reviews it: every report with its 法定标识 (表号, 制定机关, 批准文号,
/// 有效期至), how often it is due and what it costs a community a year; and the fields most reports
/// ask for, where the burden sits.
struct CatalogRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/catalog") { _, context in try await catalog(context) }
    }

    func catalog(_ context: UserContext) async throws -> Response {
        let user = context.user
        guard user.role.may(.readCatalog) else { throw APIError.forbidden }
        let published = await state.templates()
        return jsonResponse(CatalogRoutes.json(published.catalog, month: state.clock.currentMonth()))
    }

    /// A report's 有效期 against `month`: `expired` after it, `expiring` within three months, else `valid`.
    static func validity(_ r: Report, month: Period) -> String {
        guard let last = r.lastValidMonth else { return "valid" }
        if last < month.endMonth { return "expired" }
        return last - month.endMonth < 3 ? "expiring" : "valid"
    }

    static func json(_ catalog: Catalog, month: Period) -> JSONValue {
        let level = catalog.lowestFillingLevel
        let (fields, counted) = catalog.mostAskedFields
        return .object([
            ("month", .string(month.description)),
            ("reports", .array(catalog.reports.map { r in
                .object([
                    ("id", .string(r.id)), ("title", .string(r.title)), ("formNo", .string(r.formNo)),
                    ("authority", .string(r.authority)), ("approval", .optional(r.approval)),
                    ("frequency", .string(r.frequency.rawValue)), ("validUntil", .optional(r.validUntil)),
                    ("validity", .string(validity(r, month: month))), ("filledBy", .string(r.filledBy.rawValue)),
                    ("fields", .int(r.fields.count)),
                    ("entriesPerYear", .int(r.frequency.periodsPerYear * r.fields.count)),
                ])
            })),
            ("reportsFilledBy", .object([("level", .string(level.rawValue)), ("count", .int(counted))])),
            ("fields", .array(fields.map { f, asked in
                .object([("id", .string(f.id)), ("label", .string(f.label)), ("reports", .int(asked)),
                         ("of", .int(counted)), ("source", .optional(f.source))])
            })),
        ])
    }
}
