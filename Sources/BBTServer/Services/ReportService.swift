import BBTEngine
import BBTNumber
import BBTRender
import BBTStore
import BBTTemplates
import BBTXLSX

/// Reports from the store, through the same engine and writers as `bbt render`: a report's table
/// and files, the period's bundle, the drill-down of one number and each unit's line over time.
/// Every call checks that `user` may read the unit.
struct ReportService {
    let state: ServiceState

    /// The published report `id` as `unit` has it for `period`: 404 when there is no such report for
    /// the unit, 400 for a period of another frequency, 422 when the report had expired by then.
    func report(_ id: String, of unit: Int, for period: Period) async throws -> (Catalog, Report) {
        let catalog = await state.templates().catalog
        guard let report = catalog.report(id) else { throw APIError.notFound("没有报表 \(id)") }
        guard report.filledBy <= state.tree[unit].level else {
            throw APIError.notFound("报表 \(report.id) 由\(report.filledBy.chinese)填报, \(state.tree[unit].name) 没有这张表")
        }
        guard period.frequency == report.frequency else {
            throw APIError.badRequest("报表 \(report.id) 是\(report.frequency.chinese)报, 报告期 \(period) 不是\(report.frequency.chinese)")
        }
        if let expiry = report.expiry(for: period) {
            throw APIError(.unprocessableContent, "expired", expiry, fields: [("period", expiry)])
        }
        try state.requireExists(unit, in: period)
        return (catalog, report)
    }

    /// One report's table for `user`.
    func table(_ id: String, unit: Int, period: Period, rows: RowMode, for user: UserRecord) async throws -> (Catalog, Report, ReportTable) {
        try state.requireRead(user, unit: unit)
        let (catalog, report) = try await self.report(id, of: unit, for: period)
        // A merged report by units one level down reads kept partials for the streets below.
        let table = rows == .children && state.keepPartials
            ? try await state.partials.table(state, catalog: catalog, version: await state.templates().version, report: report, period: period, unit: unit)
            : try await ReportService.direct(state, catalog: catalog, report: report, period: period, unit: unit, rows: rows)
        return (catalog, report, table)
    }

    /// A report's table from every filling unit's values.
    static func direct(_ state: ServiceState, catalog: Catalog, report: Report, period: Period, unit: Int, rows: RowMode) async throws -> ReportTable {
        let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)], unit: unit)
        return try ReportBuilder(catalog: catalog, tree: state.tree.at(period), values: values)
            .table(report: report, period: period, unit: unit, rows: rows)
    }

    /// One report as a file: XLSX, XML or the JSON document.
    func file(_ id: String, unit: Int, period: Period, format: ReportFormat, rows: RowMode, for user: UserRecord) async throws -> ReportFile {
        let (catalog, report, table) = try await self.table(id, unit: unit, period: period, rows: rows, for: user)
        let generated = Generated(state.clock.now())
        let name = "\(report.id)-\(state.tree[unit].code)-\(period).\(format.rawValue)"
        switch format {
        case .xlsx:
            return ReportFile(name: name, format: format,
                              bytes: try ReportWorkbook.write(table, rules: catalog.rules, generated: generated, to: MemorySink()).bytes)
        case .xml:
            return ReportFile(name: name, format: format, bytes: try ReportXML.document(table, rows: rows, generated: generated))
        case .json:
            return ReportFile(name: name, format: format,
                              bytes: ReportJSON.document(table, rows: rows, generated: generated).bytes())
        }
    }

    /// Every report due at a period, XLSX and XML, as one ZIP.
    func bundle(unit: Int, period: Period, rows: RowMode, for user: UserRecord) async throws -> ReportFile {
        try state.requireRead(user, unit: unit)
        let catalog = await state.templates().catalog
        try state.requireExists(unit, in: period)
        let due = catalog.reportsDue(at: period, for: state.tree[unit].level)
        let values = try await ReportData.load(state, catalog: catalog, due: due, unit: unit)
        let generated = Generated(state.clock.now())
        var zip = ZipWriter(sink: MemorySink())
        for (r, p) in due {
            let table = try ReportBuilder(catalog: catalog, tree: state.tree.at(p), values: values)
                .table(report: r, period: p, unit: unit, rows: rows)
            try zip.beginEntry("\(r.id)-\(p).xlsx")
            try zip.write(try ReportWorkbook.write(table, rules: catalog.rules, generated: generated, to: MemorySink()).bytes)
            try zip.endEntry()
            try zip.beginEntry("\(r.id)-\(p).xml")
            try zip.write(try ReportXML.document(table, rows: rows, generated: generated))
            try zip.endEntry()
        }
        try zip.finish()
        return ReportFile(name: "\(state.tree[unit].code)-\(period).zip", format: nil, bytes: zip.sink.bytes)
    }

    /// The filling units of `table` whose community changed a department's figure (数据回流) of
    /// this report's fields: the report on screen marks their rows.
    func correctedUnits(_ table: ReportTable, catalog: Catalog, report: Report, period: Period) async throws -> Set<String> {
        let fillers = table.rows.filter { $0.status != nil }.map(\.unit.code)
        let periods = Array(Set(catalog.monthsNeeded(report, for: period).flatMap { FormWorkflow.storagePeriods(of: $0) }))
        let shown = Set(report.fields)
        return Set(try await state.reading { try await $0.corrections(units: fillers, periods: periods) }.filter { shown.contains($0.field) }.map(\.unit))
    }

    /// What a department supplied for the drill-down's inputs that are its fields, read at their own
    /// period (a monthly field in a monthly report), by unit code and field: its value and the
    /// community's reason where the community changed it (数据回流).
    func supplied(_ trace: CellTrace, catalog: Catalog, period: Period) async throws -> [String: [String: (value: Value, reason: String?)]] {
        let fields = Set(trace.inputs.filter { input in
            input.time == nil && catalog.field(input.field)?.source != nil
                && catalog.frequency(of: input.field, at: catalog.lowestFillingLevel, in: period) == period.frequency
        }.map(\.field))
        guard !fields.isEmpty else { return [:] }
        let units = trace.contributions.map(\.unit.code)
        var out: [String: [String: (value: Value, reason: String?)]] = [:]
        for p in try await state.reading({ try await $0.providedValues(units: units, periods: [period]) }) where fields.contains(p.field) {
            out[p.unit, default: [:]][p.field] = (p.value, nil)
        }
        for c in try await state.reading({ try await $0.corrections(units: units, periods: [period]) }) where fields.contains(c.field) {
            if let v = out[c.unit]?[c.field]?.value { out[c.unit]![c.field] = (v, c.reason) }
        }
        return out
    }

    /// The drill-down of one number for `user`, with the catalog and report it was made from; 404
    /// naming what is not in the report.
    func trace(_ id: String, unit: Int, period: Period, row: String, key: String,
               for user: UserRecord) async throws -> (Catalog, Report, CellTrace) {
        try state.requireRead(user, unit: unit)
        let (catalog, report) = try await self.report(id, of: unit, for: period)
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

    /// Each contributing unit's own value of `column` over `periods` (`Catalog.linePeriods`), by unit code.
    func lines(catalog: Catalog, report: Report, periods: [Period], unit: Int, row: String,
               column: Column) async throws -> [String: [Number?]] {
        let top = row == "total" ? unit : (state.tree.index(of: row) ?? unit)
        let values = try await ReportData.load(state, catalog: catalog, due: periods.map { (report, $0) }, unit: top, column: column)
        var series: [String: [Number?]] = [:]
        for (i, p) in periods.enumerated() {
            let trace = ReportBuilder(catalog: catalog, tree: state.tree.at(p), values: values)
                .trace(report: report, period: p, unit: unit, row: row == "total" ? .total : .unit(top), column: column.key)
            for c in trace?.contributions ?? [] {
                series[c.unit.code, default: Array(repeating: nil, count: periods.count)][i] = c.value?.number
            }
        }
        return series
    }
}

/// The file formats of one report.
enum ReportFormat: String, CaseIterable {
    case xlsx, xml, json

    var contentType: String {
        switch self {
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .xml: "application/xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }
}

/// A report (or the period's bundle, `format` `nil`) as bytes with its download name.
struct ReportFile {
    let name: String
    let format: ReportFormat?
    let bytes: [UInt8]
}
