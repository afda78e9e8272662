import BBTEngine
import Hummingbird

/// What filling really cost, measured, over a year (admin; a reviewer for its own subtree).
extension WebRoutes {
    func burdenPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let q = request.uri.queryParameters
        let current = state.clock.currentMonth()
        var year = current.year
        if let text = q.get("year"), !text.isEmpty {
            guard let y = Int(String(text)), (1...9999).contains(y) else { throw APIError.badRequest("年份应为 2023 这样的数", member: "year") }
            year = y
        }
        let unit = try state.unit(q.get("unit").map { String($0) } ?? user.unit)
        let months = (1...12).map { Period.month(year, $0) }
        let measured = try await BurdenService(state: state).months(months, unit: unit, for: user)
        let model = BurdenPageModel(measured, unit: state.tree[unit].code, unitName: state.tree[unit].name, year: year)
        return try page("填报负担实测", "burden", model, user: user)
    }
}
