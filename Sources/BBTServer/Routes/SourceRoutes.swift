import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// Department data (数据回流): a provider uploads its source's values; the corrections that
/// communities made to them flow back.
struct SourceRoutes {
    let state: ServiceState
    /// A city's month of one source is some 40,000 values: a few MB of CSV.
    static let maxUpload = 64 << 20

    func add(to router: some RouterMethods<UserContext>) {
        router.put("/api/v1/sources/:source/values") { request, context in try await upload(request, context) }
        router.get("/api/v1/sources/:source/corrections") { request, context in try await corrections(request, context) }
    }

    func upload(_ request: Request, _ context: UserContext) async throws -> Response {
        let user = context.user
        let (source, catalog) = try await SourceService(state: state).source(try context.parameter("source"), for: user, to: .upload)
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: SourceRoutes.maxUpload)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too_large", "上传超过 \(SourceRoutes.maxUpload >> 20) MiB, 请按月分批上传")
        }
        let bytes = Array(buffer.readableBytesView)
        let parsed: Result<[Supply.Row], Supply.Refusal>
        if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw APIError.badRequest("CSV 应为 UTF-8 编码") }
            parsed = Supply.rows(csv: text)
        } else {
            do {
                parsed = Supply.rows(json: try JSONParser.parse(bytes))
            } catch {
                throw APIError.badRequest("请求体不是有效的 JSONValue: \(error.description)")
            }
        }
        let outcome = try await Upload.store(parsed, source: source.id, user: user.username, unit: user.unit, catalog: catalog,
                                             tree: state.tree, into: state.store, at: state.clock.timestamp())
            .mapError(APIError.init).get()
        return jsonResponse(.object([
            ("stored", .int(outcome.stored)), ("unchanged", .int(outcome.unchanged)),
            ("conflicts", .array(outcome.conflicts.map { c in
                .object([("unit", .string(c.unit)), ("field", .string(c.field)), ("period", .string(c.period.description)),
                         ("provided", FormJSON.value(c.provided)), ("value", FormJSON.value(c.value))])
            })),
        ]))
    }

    /// Every value of a month where the community's differs from the department's: its corrections
    /// (with their reasons) and the conflicts (saved before the department's value came, no reason).
    func corrections(_ request: Request, _ context: UserContext) async throws -> Response {
        let (source, _) = try await SourceService(state: state).source(try context.parameter("source"), for: context.user, to: .read)
        guard let month = try request.monthQuery() else { throw APIError.badRequest("需要月份 ?month=YYYY-MM (如 2023-06)") }
        let list = try await SourceRoutes.differences(state, source: source.id, month: month)
        if request.uri.queryParameters.get("format") == "csv" {
            return ReportRoutes.file(Array(SourceRoutes.csv(list).utf8), type: "text/csv; charset=utf-8",
                                     name: "\(source.id)-\(month)-corrections.csv")
        }
        return jsonResponse(.array(list.map { d in
            .object([("unit", .string(d.unit)), ("field", .string(d.field)), ("period", .string(d.period.description)),
                     ("provided", FormJSON.value(d.provided)), ("value", FormJSON.value(d.value)),
                     ("reason", .optional(d.reason)), ("by", .optional(d.by)), ("at", .optional(d.at))])
        }))
    }

    struct Difference {
        let unit: String
        let field: String
        let period: Period
        let provided: Value
        let value: Value
        let reason: String?
        let by: String?
        let at: String?
    }

    static func differences(_ state: ServiceState, source: String, month: Period) async throws -> [Difference] {
        let periods = FormWorkflow.storagePeriods(of: month)
        let provided = try await state.store.providedValues(source: source, periods: periods)
        let units = Array(Set(provided.map(\.unit))).sorted()
        var saved: [String: Value] = [:]
        for v in try await state.store.values(units: units, periods: periods) { saved["\(v.unit) \(v.field) \(v.period)"] = v.value }
        var reasons: [String: StoredCorrection] = [:]
        for c in try await state.store.corrections(units: units, periods: periods) { reasons["\(c.unit) \(c.field) \(c.period)"] = c }
        return provided.compactMap { p in
            let key = "\(p.unit) \(p.field) \(p.period)"
            guard let value = saved[key], value != p.value else { return nil }
            let c = reasons[key]
            return Difference(unit: p.unit, field: p.field, period: p.period, provided: p.value, value: value,
                              reason: c?.reason, by: c?.user, at: c?.at)
        }
    }

    /// The list as a department imports it: one difference a row, quoted where needed.
    static func csv(_ list: [Difference]) -> String {
        func cell(_ s: String?) -> String {
            guard let s else { return "" }
            // A leading = + - @ would be a formula in a spreadsheet: keep it text.
            let safe = s.first.map { "=+-@".contains($0) && Double(s) == nil } == true ? "'" + s : s
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        var out = "unit,period,field,provided,value,reason,by,at\r\n"
        for d in list {
            out += [d.unit, d.period.description, d.field, d.provided.plainText, d.value.plainText, d.reason, d.by, d.at]
                .map(cell).joined(separator: ",") + "\r\n"
        }
        return out
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
