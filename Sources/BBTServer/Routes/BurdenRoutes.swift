import BBTAPI
import Hummingbird

/// What filling really costs, measured (`BurdenService`).
struct BurdenRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/burden") { request, context in
            let month = try request.monthQuery() ?? state.clock.currentMonth().previous
            let code = request.uri.queryParameters.get("unit").map { String($0) } ?? context.user.unit
            let unit = try state.unit(code)
            let b = try await BurdenService(state: state).months([month], unit: unit, for: context.user)
            return try jsonResponse(BurdenAnswer(b[0], unit: state.tree[unit].code))
        }
    }
}
