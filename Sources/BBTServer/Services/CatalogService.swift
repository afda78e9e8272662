import BBTEngine
import BBTStore
import BBTTemplates

/// The catalogue as offices and the 减负 office review it, against the current month in China.
struct CatalogService {
    let state: ServiceState

    func catalog(for user: UserRecord) async throws -> (Catalog, Period) {
        try state.require(.readCatalog, of: user)
        return (await state.templates().catalog, state.clock.currentMonth())
    }
}
