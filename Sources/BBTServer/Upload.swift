import BBTEngine
import BBTStore
import BBTTemplates

/// A department's upload from its rows to the store: checked all or nothing (`Supply.check`), then
/// stored in one transaction. The API (`SourceService.upload`) and the seed take this one path.
enum Upload {
    static func store(_ rows: Result<[Supply.Row], Supply.Refusal>, source: String, user: String, unit: String,
                      catalog: Catalog, tree: UnitTree, into store: any Store, at: Instant) async throws -> Result<ProvideOutcome, Supply.Refusal> {
        let checked = rows.flatMap { Supply.check($0, source: source, home: tree.index(of: unit), catalog: catalog, tree: tree) }
        switch checked {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let values):
            return .success(try await store.provide(ProvideBatch(
                source: source, user: user, at: at, values: values.map { ($0.unit, $0.field, $0.period, $0.value) })))
        }
    }

    /// The rows of a body: CSV (`unit,period,field,value`, UTF-8 with or without a BOM) when it is
    /// sent as `text/csv`, else JSON (`{"period", "values"}`); 400 for a body that is neither.
    static func rows(_ bytes: [UInt8], csv: Bool) throws -> Result<[Supply.Row], Supply.Refusal> {
        if csv {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw APIError.badRequest("CSV 文件应为 UTF-8 编码 (Excel 另存为时选 \"CSV UTF-8(逗号分隔)\")")
            }
            return Supply.rows(csv: text)
        }
        do {
            return Supply.rows(json: try JSONParser.parse(bytes))
        } catch {
            throw APIError.badRequest(error.description)
        }
    }
}
