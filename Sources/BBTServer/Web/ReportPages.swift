import BBTAPI
import BBTEngine
import BBTNumber
import BBTRender
import BBTTemplates
import Foundation
import Hummingbird

/// Reports on screen: the table as the XLSX has it, each number a link to where it comes from, and
/// that drill-down as a page of its own (the same trace as the API, with each unit's last thirteen
/// periods drawn by the server). Plain links: they work without script and on a phone.
extension WebRoutes {
    /// Sparklines need thirteen periods of every contributing unit; beyond this many units the page
    /// lists the numbers and leaves the lines to the rows below (a street's drill-down).
    static let sparklineLimit = 200

    func addReportPages(to router: some RouterMethods<PageContext>) {
        router.get("/report/:code/:id/:file") { request, context in try await reportPage(request, context) }
        router.get("/report/:code/:id/:file/cells/:row/:key") { request, context in try await cellPage(request, context) }
    }

    private func period(_ context: PageContext) throws -> Period { try Requests.period(try context.parameter("file")) }

    func reportPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let period = try period(context)
        let mode = try request.rowMode()
        let service = ReportService(state: state)
        let (catalog, report, table) = try await service.table(try context.parameter("id"), unit: unit, period: period, rows: mode, for: user)
        let screen = ReportScreen(table, rules: catalog.rules)
        // Rows whose community changed a department's figure (数据回流) of this report are marked as well.
        let corrected = try await service.correctedUnits(table, catalog: catalog, report: report, period: period)
        let code = state.tree[unit].code
        let base = "/report/\(code)/\(report.id)/\(period)"
        let query = mode == .leaf ? "?rows=leaf" : ""
        func row(_ r: ReportScreen.Row) -> ReportPageModel.Row {
            let key = r.unit?.code ?? "total"
            let corrected = r.unit.map { corrected.contains($0.code) } ?? false
            return ReportPageModel.Row(
                name: r.unit?.name ?? "合计", code: r.unit?.code ?? "", status: r.status?.rawValue, statusLabel: r.status?.chinese,
                explanation: r.explanation, corrected: corrected, marked: r.explanation != nil || corrected,
                cells: r.cells.map { c in
                    ReportPageModel.Cell(text: c.text, isNumber: c.isNumber, href: "\(base)/cells/\(key)/\(c.key)\(query)", key: c.key)
                })
        }
        let model = ReportPageModel(
            id: report.id, title: report.title, formNo: report.formNo, authority: report.authority, approval: report.approval, listed: report.listed,
            unitName: state.tree[unit].name,
            back: user.role.home == .form ? "/form/\(user.unit)" : "/review/\(code)",
            backLabel: user.role.home == .form ? "返回表单" : "返回填报情况",
            periodLabel: period.chinese, leaf: mode == .leaf,
            xlsx: "/api/v1/units/\(code)/reports/\(report.id)/\(period).xlsx\(query)",
            other: mode == .leaf ? base : "\(base)?rows=leaf",
            headerRows: screen.headerRows.map { .init(cells: $0.map { .init(text: $0.text, colspan: $0.columns, rowspan: $0.rows) }) },
            designators: Array(1...max(1, screen.columnCount)).prefix(screen.columnCount).map { $0 },
            rows: screen.rows.map(row), total: screen.total.map(row),
            checks: screen.checks.isEmpty ? nil : screen.checks.joined(separator: "，"))
        return try page("\(report.id) \(report.title) \(period.chinese)", "report", model, user: user)
    }

    func cellPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let period = try period(context)
        let rowKey = try context.parameter("row"), key = try context.parameter("key")
        let service = ReportService(state: state)
        let (catalog, report, trace) = try await service.trace(try context.parameter("id"), unit: unit, period: period,
                                                               row: rowKey, key: key, for: user)
        let linePeriods = catalog.linePeriods(report: report, column: trace.column, period: period)
        var lines: [String: String] = [:]
        if trace.contributions.count <= WebRoutes.sparklineLimit {
            let first = linePeriods[0].chinese, last = linePeriods[linePeriods.count - 1].chinese
            lines = try await service.lines(catalog: catalog, report: report, periods: linePeriods, unit: unit, row: rowKey,
                                            column: trace.column).mapValues { Sparkline.svg($0, label: "\(first)至\(last)") }
        }
        let rowName = rowKey == "total" ? "合计" : (state.tree.index(of: rowKey).map { state.tree[$0].name } ?? rowKey)
        func label(_ input: CellTrace.Input) -> String {
            let base = catalog.field(input.field)?.label ?? input.field
            switch input.time {
            case .ytd?: return base + " (本年累计)"
            case .prev?: return base + " (上期)"
            case .prev_year?: return base + " (上年同期)"
            case nil: return base
            }
        }
        let code = state.tree[unit].code
        let query = (try? request.rowMode()) == .leaf ? "?rows=leaf" : ""
        let shared = CellAnswer(trace)
        let supplied = try await service.supplied(trace, catalog: catalog, period: period)
        let value = ReportScreen.text(trace.value, trace.column)
        let model = CellPageModel(
            cell: shared, reportTitle: report.title, id: report.id, periodLabel: period.chinese, rowName: rowName,
            back: "/report/\(code)/\(report.id)/\(period)\(query)", value: value.isEmpty ? nil : value,
            inputs: trace.inputs.map { .init(name: $0.name, label: label($0), value: ReportScreen.text($0.value, nil)) },
            contributions: zip(trace.contributions, shared.contributions).map { c, sharedPart in
                CellPageModel.Contribution(contribution: sharedPart, statusLabel: c.status.chinese,
                                           values: zip(trace.inputs, c.values).map { input, v in
                                               let s = supplied[c.unit.code]?[input.field]
                                               let differs = s.map { $0.value != v } ?? false
                                               return CellPageModel.InputValue(text: ReportScreen.text(v, nil),
                                                                               supplied: differs ? s.map { $0.value.plainText } : nil,
                                                                               reason: differs ? s?.reason : nil)
                                           },
                                           value: ReportScreen.text(c.value, trace.column), sparkline: lines[c.unit.code])
            },
            noLines: lines.isEmpty && !trace.contributions.isEmpty, limit: WebRoutes.sparklineLimit,
            lineLabel: linePeriods[0].frequency == .month ? "近13个月" : "近13期")
        return try page("\(report.id) \(rowName) \(trace.column.header)", "cell", model, user: user)
    }
}
