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

    func addReportPages(to router: Router<AppContext>) {
        router.get("/report/:code/:id/:file") { request, context in try await reportPage(request, context) }
        router.get("/report/:code/:id/:file/cells/:row/:key") { request, context in try await cellPage(request, context) }
    }

    private func period(_ context: AppContext) throws -> Period { try ReportRoutes.period(try context.parameter("file")) }

    func reportPage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        let unit = try state.unit(try context.parameter("code"))
        try state.requireRead(user, unit: unit)
        let period = try period(context)
        let mode = try ReportRoutes(state: state).rowMode(request)
        let (catalog, report) = try await ReportRoutes.report(state, try context.parameter("id"), of: unit, for: period)
        let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)], unit: unit)
        let table = try ReportBuilder(catalog: catalog, tree: state.tree.at(period), values: values)
            .table(report: report, period: period, unit: unit, rows: mode)
        let screen = ReportScreen(table, rules: catalog.rules)
        // Rows whose community changed a department's figure (数据回流) of this report are marked as well.
        let fillers = table.rows.filter { $0.status != nil }.map(\.unit.code)
        let periods = Array(Set(catalog.monthsNeeded(report, for: period).flatMap { FormWorkflow.storagePeriods(of: $0) }))
        let shownFields = Set(report.fields)
        let corrected = Set(try await state.store.corrections(units: fillers, periods: periods)
            .filter { shownFields.contains($0.field) }.map(\.unit))
        let code = state.tree[unit].code
        let base = "/report/\(code)/\(report.id)/\(period)"
        let query = mode == .leaf ? "?rows=leaf" : ""
        func row(_ r: ReportScreen.Row) -> [String: Any] {
            let key = r.unit?.code ?? "total"
            var m: [String: Any] = [
                "name": r.unit?.name ?? "合计", "code": r.unit?.code ?? "", "isTotal": r.unit == nil,
                "cells": r.cells.map { c in
                    ["text": c.text, "isNumber": c.isNumber, "href": "\(base)/cells/\(key)/\(c.key)\(query)", "key": c.key]
                },
            ]
            if let s = r.status { m["status"] = s.rawValue; m["statusLabel"] = s.chinese }
            if let e = r.explanation { m["explanation"] = e }
            if let u = r.unit, corrected.contains(u.code) { m["corrected"] = true }
            m["marked"] = r.explanation != nil || m["corrected"] != nil
            return m
        }
        let model: [String: Any] = [
            "title": report.title, "id": report.id, "formNo": report.formNo, "authority": report.authority,
            "approval": report.approval ?? "", "unitName": state.tree[unit].name, "unitCode": code,
            "back": user.role == .filler ? "/form/\(user.unit)" : "/review/\(code)",
            "backLabel": user.role == .filler ? "返回表单" : "返回填报情况",
            "period": period.description, "periodLabel": period.chinese, "leaf": mode == .leaf,
            "xlsx": "/api/v1/units/\(code)/reports/\(report.id)/\(period).xlsx\(query)",
            "other": mode == .leaf ? base : "\(base)?rows=leaf",
            "headerRows": screen.headerRows.map { ["cells": $0.map { ["text": $0.text, "colspan": $0.columns, "rowspan": $0.rows] }] },
            "designators": (1...max(1, screen.columnCount)).prefix(screen.columnCount).map { ["n": $0] },
            "rows": screen.rows.map(row), "total": screen.total.map(row) ?? false,
            "checks": screen.checks.joined(separator: "，"),
        ]
        return page("\(report.id) \(report.title) \(period.chinese)", "report", model, user: user)
    }

    func cellPage(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user else { return redirect("/login") }
        let unit = try state.unit(try context.parameter("code"))
        try state.requireRead(user, unit: unit)
        let period = try period(context)
        let rowKey = try context.parameter("row"), key = try context.parameter("key")
        let (catalog, report, trace) = try await CellRoutes.trace(state, unit: unit, id: try context.parameter("id"), period: period,
                                                                  row: rowKey, key: key)
        let linePeriods = WebRoutes.linePeriods(catalog: catalog, report: report, column: trace.column, period: period)
        let lines = trace.contributions.count <= WebRoutes.sparklineLimit
            ? try await history(catalog: catalog, report: report, periods: linePeriods, unit: unit, row: rowKey, column: trace.column) : [:]
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
        let query = (try? ReportRoutes(state: state).rowMode(request)) == .leaf ? "?rows=leaf" : ""
        let model: [String: Any] = [
            "reportTitle": report.title, "id": report.id, "periodLabel": period.chinese, "unitName": state.tree[unit].name,
            "rowName": rowName, "column": trace.column.header,
            "back": "/report/\(code)/\(report.id)/\(period)\(query)",
            "value": ReportScreen.text(trace.value, trace.column), "expression": trace.expression,
            "inputs": trace.inputs.map { ["name": $0.name, "label": label($0), "value": ReportScreen.text($0.value, nil)] },
            "contributions": trace.contributions.map { c -> [String: Any] in
                var m: [String: Any] = [
                    "name": c.unit.name, "code": c.unit.code, "status": c.status.rawValue, "statusLabel": c.status.chinese,
                    "values": c.values.map { ["text": ReportScreen.text($0, nil)] },
                    "value": ReportScreen.text(c.value, trace.column),
                ]
                if let e = c.explanation { m["explanation"] = e }
                if let svg = lines[c.unit.code] { m["sparkline"] = svg }
                return m
            },
            "noLines": lines.isEmpty && !trace.contributions.isEmpty, "limit": WebRoutes.sparklineLimit,
            "lineLabel": linePeriods[0].frequency == .month ? "近13个月" : "近13期",
        ]
        return page("\(report.id) \(rowName) \(trace.column.header)", "cell", model, user: user)
    }

    /// The periods a unit's line runs over: the thirteen months ending with the period when every
    /// field of the column is collected monthly (a quarter's 常住人口 month by month shows June's
    /// jump), else the thirteen periods of the report's own frequency.
    static func linePeriods(catalog: Catalog, report: Report, column: Column, period: Period) -> [Period] {
        let fields = catalog.fields(of: column.expression)
        let monthly = !fields.isEmpty && fields.allSatisfy {
            catalog.frequency(of: $0, at: report.filledBy, month: period.lastMonth.endMonth) == .month
        }
        return (monthly ? period.lastMonth : period).lastPeriods(13)
    }

    /// Each contributing unit's own value of `column` over `periods`, as an SVG line, by unit code.
    private func history(catalog: Catalog, report: Report, periods: [Period], unit: Int, row: String,
                         column: Column) async throws -> [String: String] {
        let top = row == "total" ? unit : (state.tree.index(of: row) ?? unit)
        let values = try await ReportData.load(state, catalog: catalog, due: periods.map { (report, $0) }, unit: top,
                                               column: column)
        var series: [String: [Number?]] = [:]
        for (i, p) in periods.enumerated() {
            let trace = ReportBuilder(catalog: catalog, tree: state.tree.at(p), values: values)
                .trace(report: report, period: p, unit: unit, row: row == "total" ? .total : .unit(top), column: column.key)
            for c in trace?.contributions ?? [] {
                series[c.unit.code, default: Array(repeating: nil, count: periods.count)][i] = c.value?.number
            }
        }
        let first = periods[0].chinese, last = periods[periods.count - 1].chinese
        return series.mapValues { Sparkline.svg($0, label: "\(first)至\(last)") }
    }
}
