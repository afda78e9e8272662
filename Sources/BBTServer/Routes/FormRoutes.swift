import BBTAPI
import BBTEngine
import Hummingbird

/// The one form of a unit for a month: read it, save a draft, submit (`FormService`).
struct FormRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/forms/:month") { _, context in try await get(context) }
        router.put("/api/v1/units/:code/forms/:month") { request, context in try await put(request, context) }
    }

    func get(_ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        let l = try await FormService(state: state).form(unit: unit, month: month, for: context.user)
        return try jsonResponse(l.answer(state.tree))
    }

    func put(_ request: Request, _ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        var request = request
        let body = try await request.decode(FormEditRequest.self, context)
        let edit = try FormRoutes.edit(body)
        guard (body.activeSeconds ?? 0) >= 0 else { throw APIError.badRequest("应为上次保存以来的编辑秒数 (非负整数)", member: "activeSeconds") }
        let (step, version) = try await FormService(state: state).edit(edit, unit: unit, month: month, by: context.user,
                                                                        activeSeconds: body.activeSeconds ?? 0)
        return try jsonResponse(SaveAnswer(step, version: version))
    }

    /// The request as the workflow takes it; 400 for what is not a form's edit.
    static func edit(_ body: FormEditRequest) throws -> FormEdit {
        guard case .object(let values) = body.values else { throw APIError.badRequest("应为 {\"字段\": 值}", member: "values") }
        guard body.version >= 0 else { throw APIError.badRequest("应为表单当前的版本号 (整数)", member: "version") }
        var explanation: String?
        switch body.explanation {
        case nil: explanation = nil
        case .string(let text)?: explanation = text
        case .null?: explanation = ""
        default: throw APIError.badRequest("应为上报说明的文字", member: "explanation")
        }
        return FormEdit(values: values.map { (field: $0.0, value: $0.1) }, version: body.version, submit: body.submit ?? false,
                        corrections: (body.corrections ?? [:]).sorted { $0.key < $1.key }.map { (field: $0.key, reason: $0.value) },
                        explanation: explanation)
    }
}
