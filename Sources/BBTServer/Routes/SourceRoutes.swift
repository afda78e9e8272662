import BBTAPI
import BBTEngine
import Hummingbird
import NIOCore

/// Department data (数据回流, `SourceService`): a provider uploads its source's values; the
/// corrections that communities made to them flow back, as JSON or as the CSV a department opens in Excel.
struct SourceRoutes {
    let state: ServiceState
    /// A city's month of one source is some 40,000 values: a few MB of CSV.
    static let maxUpload = 64 << 20

    func add(to router: some RouterMethods<UserContext>) {
        router.put("/api/v1/sources/:source/values") { request, context in try await upload(request, context) }
        router.get("/api/v1/sources/:source/corrections") { request, context in try await corrections(request, context) }
    }

    /// A `text/csv` body (`unit,period,field,value` or 单位,报告期,字段,数值; UTF-8 or GB18030), the same
    /// rows as an XLSX's first sheet, or JSON `{"period", "values"}`.
    func upload(_ request: Request, _ context: UserContext) async throws -> Response {
        let id = try context.parameter("source")
        let service = SourceService(state: state)
        // Refused before the body is read: a large upload by someone who may not make it is not worth reading.
        _ = try await service.source(id, for: context.user, to: .upload)
        var request = request
        let buffer = try await request.body(upTo: SourceRoutes.maxUpload, tooLarge: "上传超过 \(SourceRoutes.maxUpload >> 20) MiB, 请按月分批上传")
        let csv = request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true
        let rows = try Upload.rows(Array(buffer.readableBytesView), csv: csv)
        let (outcome, catalog) = try await service.upload(rows, to: id, by: context.user)
        // Names as they were in each value's period (an upload is one or two periods).
        let tree = state.tree
        var trees: [Period: UnitTree] = [:]
        let conflicts = outcome.conflicts.map { c in
            let then = trees[c.period] ?? tree.at(c.period)
            trees[c.period] = then
            return SourceUploadAnswer.Conflict(unit: c.unit, unitName: SourceService.unitName(then, c.unit), field: c.field,
                                               fieldLabel: catalog.field(c.field)?.label, period: c.period, provided: c.provided, value: c.value)
        }
        return try jsonResponse(SourceUploadAnswer(stored: outcome.stored, unchanged: outcome.unchanged, conflicts: conflicts,
                                                   ignoredColumns: (try? rows.get())?.ignoredColumns ?? []))
    }

    /// `?month=YYYY-MM` (required); `&format=csv` for the file.
    func corrections(_ request: Request, _ context: UserContext) async throws -> Response {
        let id = try context.parameter("source")
        guard let month = try request.monthQuery() else { throw APIError.badRequest("请写明月份 (如 2023-06)", member: "month") }
        let (source, catalog, list) = try await SourceService(state: state).corrections(of: id, month: month, for: context.user)
        // Names as they were in the month: the department's figures are of that month's units.
        let tree = state.tree.at(month)
        let unitName = { (code: String) in SourceService.unitName(tree, code) }
        let fieldLabel = { (field: String) in catalog.field(field)?.label }
        if request.uri.queryParameters.get("format") == "csv" {
            return fileResponse(Array(Corrections.csv(list, unitName: unitName, fieldLabel: fieldLabel).utf8),
                                     type: "text/csv; charset=utf-8", name: "\(source.name) \(month.chinese) 更正回流.csv")
        }
        return try jsonResponse(list.map { CorrectionAnswer($0, unitName: unitName($0.unit), fieldLabel: fieldLabel($0.field)) })
    }
}

extension APIError {
    /// An upload refused: 403 when rows are outside the provider's rights, 422 for invalid rows;
    /// every row named.
    init(_ refusal: Supply.Refusal) {
        switch refusal {
        case .forbidden(let problems):
            self.init(.forbidden, "forbidden", "有 \(problems.count) 行超出本账号的权限, 未保存任何数据",
                      fields: problems.map { ($0.field, $0.message) })
        case .invalid(let problems):
            self.init(.unprocessableContent, "invalid_values", "有 \(problems.count) 行不正确, 未保存任何数据",
                      fields: problems.map { ($0.field, $0.message) })
        }
    }
}
