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
            "back": user.role.home == .form ? "/form/\(user.unit)" : "/review/\(code)",
            "backLabel": user.role.home == .form ? "返回表单" : "返回填报情况",
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
}
