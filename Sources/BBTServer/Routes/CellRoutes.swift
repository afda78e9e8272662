import BBTAPI
import BBTEngine
import Hummingbird

/// The drill-down of one number of a report (`ReportService.trace`): its expression, the merged
/// inputs and every filling unit's part (interfaces.md, "Drill-down"). Same access as the report.
struct CellRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        // `:file` is the period here: one parameter name per position (the report route's).
        router.get("/api/v1/units/:code/reports/:id/:file/cells/:row/:key") { _, context in try await cell(context) }
    }

    func cell(_ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let period = try Requests.period(try context.parameter("file"))
        let (_, _, trace) = try await ReportService(state: state).trace(
            try context.parameter("id"), unit: unit, period: period, row: try context.parameter("row"), key: try context.parameter("key"),
            for: context.user)
        return try jsonResponse(CellAnswer(trace))
    }
}
