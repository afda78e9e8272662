import BBTEngine
import BBTStore
import BBTTemplates

/// A department's upload from its rows to the store: checked all or nothing, then stored in one
/// transaction. The API and the seed take this one path.
enum Upload {
    static func store(_ rows: Result<[Supply.Row], Supply.Refusal>, source: String, user: String, unit: String,
                      catalog: Catalog, tree: UnitTree, into store: any Store, at: String) async throws -> Result<ProvideOutcome, Supply.Refusal> {
        let checked = rows.flatMap { Supply.check($0, source: source, home: tree.index(of: unit), catalog: catalog, tree: tree) }
        switch checked {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let values):
            return .success(try await store.provide(ProvideBatch(
                source: source, user: user, at: at, values: values.map { ($0.unit, $0.field, $0.period, $0.value) })))
        }
    }
}
