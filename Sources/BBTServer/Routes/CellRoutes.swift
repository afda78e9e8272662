import BBTEngine
import BBTRender
import BBTTemplates
import Hummingbird

/// The drill-down of one number of a report: its expression, the merged inputs and every filling
/// unit's part (interfaces.md, "Drill-down"). Same access as the report.
struct CellRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        // `:file` is the period here: one parameter name per position (the report route's).
        router.get("/api/v1/units/:code/reports/:id/:file/cells/:row/:key") { _, context in try await cell(context) }
    }

    func cell(_ context: UserContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        try state.requireRead(user, unit: unit)
        let period = try ReportRoutes.period(try context.parameter("file"))
        let (_, _, trace) = try await CellRoutes.trace(state, unit: unit, id: try context.parameter("id"), period: period,
                                                       row: try context.parameter("row"), key: try context.parameter("key"))
        return jsonResponse(CellRoutes.json(trace))
    }

    /// The trace with the catalog and report it was made from, or 404 naming what is not in the report.
    static func trace(_ state: ServiceState, unit: Int, id: String, period: Period, row: String,
                      key: String) async throws -> (Catalog, Report, CellTrace) {
        let (catalog, report) = try await ReportRoutes.report(state, id, of: unit, for: period)
        let tree = state.tree.at(period)
        let cellRow: ReportBuilder.CellRow
        if row == "total" {
            cellRow = .total
        } else {
            guard let u = tree.index(of: row), tree.isWithin(u, unit) else { throw APIError.notFound("\(state.tree[unit].name) 的报表中没有 \(row) 行") }
            cellRow = .unit(u)
        }
        guard let column = report.columns.first(where: { $0.key == key }) else {
            throw APIError.notFound("报表 \(report.id) 中没有 \(key) 列")
        }
        let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)],
                                               unit: { if case .unit(let u) = cellRow { u } else { unit } }(),
                                               column: column)
        guard let trace = ReportBuilder(catalog: catalog, tree: tree, values: values)
            .trace(report: report, period: period, unit: unit, row: cellRow, column: key) else {
            throw APIError.notFound("报表 \(report.id) 中没有 \(row) 行")
        }
        return (catalog, report, trace)
    }

    static func json(_ t: CellTrace) -> JSONValue {
        .object([
            ("column", .object([("key", .string(t.column.key)), ("label", .string(t.column.header))])),
            ("value", ReportJSON.value(t.value, t.column)),
            ("expression", .string(t.expression)),
            ("inputs", .object(t.inputs.map { ($0.name, FormJSON.value($0.value)) })),
            ("contributions", .array(t.contributions.map { c in
                .object([
                    ("unit", .string(c.unit.code)), ("name", .string(c.unit.name)), ("status", .string(c.status.rawValue)),
                    ("explanation", .optional(c.explanation)),
                    ("values", .object(zip(t.inputs, c.values).map { ($0.name, FormJSON.value($1)) })),
                ])
            })),
        ])
    }
}
