import BBTEngine
import BBTRender
import BBTTemplates
import Hummingbird

/// The unit tree as it stood in a month.
struct UnitRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/units") { request, context in try await units(request, context) }
    }

    /// `?at=YYYY-MM` (default: the current month): the units that existed then, with their names and
    /// parents as they were, in tree order.
    func units(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let month: Period
        if let text = request.uri.queryParameters.get("at") {
            guard let p = Period(text), p.frequency == .month else { throw APIError.badRequest("at 应为 YYYY-MM") }
            month = p
        } else {
            month = state.clock.currentMonth()
        }
        let tree = state.tree.at(month)
        var order: [Int] = []
        var stack = tree.units.indices.filter { tree[$0].parent == nil && tree.exists($0, in: month) }.reversed().map { $0 }
        while let u = stack.popLast() {
            order.append(u)
            stack.append(contentsOf: tree.children[u].reversed())
        }
        return jsonResponse(.object([
            ("at", .string(month.description)),
            ("units", .array(order.map { u in
                let span = tree.spans[u]
                return .object([("code", .string(tree[u].code)), ("name", .string(tree[u].name)), ("level", .string(tree[u].level.rawValue)),
                                ("parent", .optional(tree[u].parent.map { tree[$0].code })), ("from", .optional(span.from.map(MonthNumber.text))),
                                ("until", .optional(span.until.map(MonthNumber.text)))])
            })),
        ]))
    }
}
