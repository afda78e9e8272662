import BBTEngine
import BBTStore
import Hummingbird

/// The one form of a unit for a month: read it, save a draft, submit. What may happen is decided by
/// `FormWorkflow` through `FormService`; these routes parse, call it and answer.
struct FormRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/forms/:month") { _, context in try await get(context) }
        router.put("/api/v1/units/:code/forms/:month") { request, context in try await put(request, context) }
    }

    func get(_ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let data = try await FormService(state: state).form(unit: unit, month: try context.month(), for: context.user)
        return jsonResponse(FormJSON.form(data, unit: state.tree[unit]))
    }

    func put(_ request: Request, _ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        var request = request
        let edit = try FormRoutes.edit(try await request.json(context))
        let (step, version) = try await FormService(state: state).edit(edit, unit: unit, month: month, by: context.user)
        return jsonResponse(.object([
            ("status", .string(step.status.rawValue)), ("version", .int(version)),
            ("errors", .array(step.errors.map { .string($0.message) })),
            ("warnings", .array(step.warnings.map { .string($0.message) })),
            ("explain", .array(step.explain.map { .string($0.message) })),
            ("explanation", step.explanation.map { .string($0) } ?? .null),
        ]))
    }

    /// `{"values": {…}, "version": N, "submit": bool, "corrections": {"field": "reason"},
    /// "explanation": "上报说明"}`; 400 for anything else.
    static func edit(_ body: JSONValue) throws -> FormEdit {
        guard case .object = body, case .object(let values)? = body["values"] else {
            throw APIError.badRequest("需要 {\"values\": {…}, \"version\": N, \"submit\": true|false}")
        }
        guard case .number(let versionText)? = body["version"], let version = Int(versionText), version >= 0 else {
            throw APIError.badRequest("version 应为表单当前的版本号 (整数)")
        }
        var submit = false
        if let s = body["submit"] {
            guard case .bool(let b) = s else { throw APIError.badRequest("submit 应为 true 或 false") }
            submit = b
        }
        var corrections: [(field: String, reason: String)] = []
        if let c = body["corrections"] {
            guard case .object(let members) = c else { throw APIError.badRequest("corrections 应为 {\"字段\": \"更正原因\"}") }
            for (field, reason) in members {
                guard case .string(let text) = reason else { throw APIError.badRequest("corrections 中 \(field) 的更正原因应为文字") }
                corrections.append((field, text))
            }
        }
        var explanation: String?
        if let e = body["explanation"] {
            switch e {
            case .string(let text): explanation = text
            case .null: explanation = ""
            default: throw APIError.badRequest("explanation 应为上报说明的文字")
            }
        }
        return FormEdit(values: values.map { (field: $0.0, value: $0.1) }, version: version, submit: submit, corrections: corrections,
                        explanation: explanation)
    }
}
