import BBTAPI
import BBTEngine
import Hummingbird
import NIOCore

/// The unit tree as it stood in a month, and its changes (`UnitService`): a unit added, renamed or
/// moved from a month, closed after one (撤并), a new units file previewed and applied.
struct UnitRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units") { request, context in try await units(request, context) }
        router.post("/api/v1/units") { request, context in try await addUnit(request, context) }
        router.patch("/api/v1/units/:code") { request, context in try await changeUnit(request, context) }
        router.post("/api/v1/units/import") { request, context in try await importUnits(request, context) }
    }

    /// `?at=YYYY-MM` (default: the current month).
    func units(_ request: Request, _ context: UserContext) async throws -> Response {
        let month = try request.monthQuery("at") ?? state.clock.currentMonth()
        return try jsonResponse(UnitsAnswer(month: month, tree: UnitService(state: state).tree(at: month)))
    }

    func addUnit(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.decode(UnitCreateRequest.self, context)
        let unit = try await UnitService(state: state).add(code: body.code, name: body.name, level: body.level, parent: body.parent,
                                                           from: body.from, by: context.user)
        return try jsonResponse(UnitCreated(unit), status: .created)
    }

    func changeUnit(_ request: Request, _ context: UserContext) async throws -> Response {
        let code = try context.parameter("code")
        var request = request
        let body = try await request.decode(UnitChangeRequest.self, context)
        guard !body.isEmpty else { throw APIError.badRequest("请写明要改的名称、上级单位或撤并月份") }
        let change = try await UnitService(state: state).change(code: code, name: body.name, parent: body.parent, from: body.from,
                                                                until: body.until, unknown: body.unknown, by: context.user)
        return try jsonResponse(UnitChangeAnswer(change))
    }

    /// The body is the new `units.csv`; `?from=YYYY-MM` the month it holds from; `?apply=true` applies it.
    func importUnits(_ request: Request, _ context: UserContext) async throws -> Response {
        let q = request.uri.queryParameters
        var request = request
        let buffer = try await request.body(upTo: UnitService.maxFile, tooLarge: "单位表超过 \(UnitService.maxFile >> 20) MiB")
        let outcome = try await UnitService(state: state).importUnits(
            csv: Array(buffer.readableBytesView), from: q.get("from").map { String($0) }, apply: q.get("apply") == "true", by: context.user)
        return try jsonResponse(UnitsImportAnswer(applied: outcome.applied, diff: outcome.diff, from: outcome.from.description, until: outcome.until.description))
    }
}
