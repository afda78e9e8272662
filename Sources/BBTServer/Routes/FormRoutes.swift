import BBTEngine
import BBTStore
import Hummingbird

/// The one form of a unit for a month: read it, save a draft, submit. What may happen is decided by
/// `FormWorkflow`; these routes parse, call it, store what it decides and answer.
struct FormRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/units/:code/forms/:month") { _, context in try await get(context) }
        router.put("/api/v1/units/:code/forms/:month") { request, context in try await put(request, context) }
    }

    func get(_ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        try state.requireRead(user, unit: unit)
        let data = try await FormData.load(state, unit: unit, month: month)
        return jsonResponse(FormJSON.form(data, unit: state.tree[unit]))
    }

    func put(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try state.unit(try context.parameter("code"))
        let month = try context.month()
        let actor = state.actor(user, on: unit)
        guard FormWorkflow.may(actor, .save) else { throw APIError.forbidden }
        var request = request
        let edit = try FormRoutes.edit(try await request.json(context))
        let data = try await FormData.load(state, unit: unit, month: month, forSave: true)
        let history = data.history
        let step = try FormWorkflow.edit(edit, form: data.form, catalog: data.catalog, state: data.state, stored: data.stored,
                                         provided: data.provided, reasons: data.reasons,
                                         by: actor, rules: data.rules) { history["\($0)@\($1)"] }.orThrowAPIError()
        let version = try await save(step, unit: unit, month: month, expectedVersion: edit.version, user: user)
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

    /// Stores a step the workflow decided, in one transaction; 409 when someone saved in between.
    func save(_ step: FormStep, unit: Int, month: Period, expectedVersion: Int, user: UserRecord,
              conflict: (Int) -> FormRefusal = { .versionConflict(current: $0) }) async throws -> Int {
        let outcome = try await state.store.save(FormSave(
            unit: state.tree[unit].code, month: month, expectedVersion: expectedVersion, values: step.changes,
            status: step.status, user: user.username, at: state.clock.timestamp(), reason: step.reason,
            corrections: step.corrections, explanation: step.explanation))
        switch outcome {
        case .conflict(let current): throw APIError(conflict(current))
        case .saved(let version): return version
        }
    }
}
