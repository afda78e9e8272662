import BBTAPI
import Hummingbird

/// The catalogue (`CatalogService`): every report with its 法定标识 and 有效期, how often it is due and
/// what it costs a community a year, and the fields most reports ask for.
struct CatalogRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/catalog") { _, context in
            let (catalog, month) = try await CatalogService(state: state).catalog(for: context.user)
            return try jsonResponse(CatalogAnswer(catalog, month: month))
        }
    }
}
