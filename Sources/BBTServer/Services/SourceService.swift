import BBTEngine
import BBTStore
import BBTTemplates

/// A department's source (数据回流) as a user may reach it: its provider uploads and reads the
/// corrections, an admin reads them; anyone else is refused.
struct SourceService {
    let state: ServiceState

    /// The source `id` for `user` doing `action`: 403 without the right, 404 for a source the
    /// published templates do not declare.
    func source(_ id: String, for user: UserRecord, to action: SourceAccess.Action) async throws -> (DataSource, Catalog) {
        guard SourceAccess.may(action, role: user.role, ownSource: user.source, source: id) else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        guard let source = catalog.source(id) else { throw APIError.notFound("没有数据来源 \(id)") }
        return (source, catalog)
    }
}
