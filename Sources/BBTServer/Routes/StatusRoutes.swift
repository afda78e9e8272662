import BBTAPI
import BBTEngine
import Hummingbird

/// Completeness for an office (`CompletenessService`): for each unit below, its form status and
/// what is still missing, and the tallies offices report.
struct StatusRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/status/:month") { _, context in try await status(context) }
    }

    func status(_ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        let service = CompletenessService(state: state)
        try service.require(context.user, reviews: unit)
        let rows = try await service.rows(await state.templates(), unit: unit, month: month)
        return try jsonResponse(StatusAnswer(unit: unit, month: month, tree: state.tree, rows: rows,
                                             tallies: service.tallies(rows, unit: unit, month: month)))
    }
}
