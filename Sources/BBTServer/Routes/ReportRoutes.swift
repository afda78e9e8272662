import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import BBTXLSX
import Foundation
import Hummingbird
import NIOCore

/// Reports from the database, through the same engine and writers as `bbt render`.
struct ReportRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/reports/:id/:file") { request, context in try await report(request, context) }
        // One parameter name per position: the router's trie shares `:id` with the route above.
        router.get("/api/v1/units/:code/reports/:id") { request, context in try await bundle(request, context) }
    }

    /// `2023-Q2.xlsx` → (period, extension); 404 for anything else.
    static func split(_ file: String, extensions: Set<String>) throws -> (Period, String) {
        guard let dot = file.lastIndex(of: ".") else { throw APIError.notFound("找不到 \(file)") }
        let ext = String(file[file.index(after: dot)...]), stem = String(file[..<dot])
        guard extensions.contains(ext) else { throw APIError.notFound("不支持的格式 .\(ext)") }
        return (try period(stem), ext)
    }

    /// A 报告期 in a path; 400 for anything else.
    static func period(_ text: String) throws -> Period {
        guard let period = Period(text) else { throw APIError.badRequest("报告期应为 2023、2023-H1、2023-Q2 或 2023-06, 却是 \"\(text)\"") }
        return period
    }

    func rowMode(_ request: Request) throws -> RowMode {
        guard let text = request.uri.queryParameters.get("rows") else { return .children }
        guard let mode = RowMode(rawValue: text) else { throw APIError.badRequest("rows 应为 children 或 leaf") }
        return mode
    }

    func report(_ request: Request, _ context: UserContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        try state.requireRead(user, unit: unit)
        let (period, ext) = try ReportRoutes.split(try context.parameter("file"), extensions: ["xlsx", "xml", "json"])
        let mode = try rowMode(request)
        let (catalog, report) = try await ReportRoutes.report(state, try context.parameter("id"), of: unit, for: period)
        let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)], unit: unit)
        let table = try ReportBuilder(catalog: catalog, tree: state.tree.at(period), values: values)
            .table(report: report, period: period, unit: unit, rows: mode)
        let generated = Generated(state.clock.now())
        let name = "\(report.id)-\(state.tree[unit].code)-\(period).\(ext)"
        switch ext {
        case "xlsx":
            let bytes = try ReportWorkbook.write(table, rules: catalog.rules, generated: generated, to: MemorySink()).bytes
            return ReportRoutes.file(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: name)
        case "xml":
            return ReportRoutes.file(try ReportXML.document(table, rows: mode, generated: generated), type: "application/xml; charset=utf-8", name: name)
        default:
            return jsonResponse(ReportJSON.document(table, rows: mode, generated: generated))
        }
    }

    /// The published report `id` as `unit` has it for `period`: 404 when there is no such report for
    /// the unit, 400 for a period of another frequency, 422 when the report had expired by then.
    static func report(_ state: ServiceState, _ id: String, of unit: Int, for period: Period) async throws -> (Catalog, Report) {
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

    /// Every report due at a period, XLSX and XML, as one ZIP.
    func bundle(_ request: Request, _ context: UserContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        try state.requireRead(user, unit: unit)
        let (period, _) = try ReportRoutes.split(try context.parameter("id"), extensions: ["zip"])
        let mode = try rowMode(request)
        let catalog = await state.templates().catalog
        try state.requireExists(unit, in: period)
        let due = catalog.reportsDue(at: period, for: state.tree[unit].level)
        let values = try await ReportData.load(state, catalog: catalog, due: due, unit: unit)
        let generated = Generated(state.clock.now())
        var zip = ZipWriter(sink: MemorySink())
        for (r, p) in due {
            let table = try ReportBuilder(catalog: catalog, tree: state.tree.at(p), values: values)
                .table(report: r, period: p, unit: unit, rows: mode)
            try zip.beginEntry("\(r.id)-\(p).xlsx")
            try zip.write(try ReportWorkbook.write(table, rules: catalog.rules, generated: generated, to: MemorySink()).bytes)
            try zip.endEntry()
            try zip.beginEntry("\(r.id)-\(p).xml")
            try zip.write(try ReportXML.document(table, rows: mode, generated: generated))
            try zip.endEntry()
        }
        try zip.finish()
        return ReportRoutes.file(zip.sink.bytes, type: "application/zip", name: "\(state.tree[unit].code)-\(period).zip")
    }

    static func file(_ bytes: [UInt8], type: String, name: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "report"
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"\(encoded)\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: buffer))
    }
}
