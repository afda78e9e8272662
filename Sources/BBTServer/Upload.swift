import BBTEngine
import BBTSheet
import BBTStore
import BBTTemplates

/// A department's upload from its rows to the store: checked all or nothing (`Supply.check`), then
/// stored in one transaction. The API (`SourceService.upload`) and the seed take this one path.
enum Upload {
    static func store(_ rows: Result<Supply.Table, Supply.Refusal>, source: String, user: String, unit: String,
                      catalog: Catalog, tree: UnitTree, into store: any Store, at: Instant) async throws -> Result<ProvideOutcome, Supply.Refusal> {
        let checked = rows.flatMap { Supply.check($0.rows, source: source, home: tree.index(of: unit), catalog: catalog, tree: tree) }
        switch checked {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let values):
            return .success(try await store.provide(ProvideBatch(
                source: source, user: user, at: at, values: values.map { ($0.unit, $0.field, $0.period, $0.value) })))
        }
    }

    /// A city's month of one source, some 40,000 rows, is read whole.
    static let sheetLimits: WorkbookReader.Limits = {
        var limits = WorkbookReader.Limits()
        limits.rowLimit = 2_000_000
        return limits
    }()

    /// The rows of a body: an XLSX (its first sheet), CSV when it is sent as `text/csv` (UTF-8 with
    /// or without a BOM, or GB18030), else JSON (`{"period", "values"}`); 400 for a body that is none.
    static func rows(_ bytes: [UInt8], csv: Bool) throws -> Result<Supply.Table, Supply.Refusal> {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let sheet: Sheet
            do {
                sheet = try WorkbookReader.read(bytes, limits: sheetLimits)
            } catch let e as SheetError {
                throw APIError.badRequest("读不出这个 XLSX 文件: \(e.description)")
            }
            // Numbers are read as written, so a code typed as a number comes back whole.
            let width = sheet.lastColumn + 1
            return Supply.rows(table: sheet.rows.enumerated().map { i, row in
                (line: i + 1, cells: (0..<max(width, 0)).map { row[$0] ?? "" })
            })
        }
        if csv {
            guard let text = TextDecoding.decode(bytes) else {
                throw APIError.badRequest("CSV 文件应为 UTF-8 或 GB18030 (GBK) 编码的文本")
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
