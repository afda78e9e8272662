import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// The one form of a unit for a month: read it, save a draft, submit.
struct FormRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/units/:code/forms/:month") { _, context in try await get(context) }
        router.put("/api/v1/units/:code/forms/:month") { request, context in try await put(request, context) }
    }

    struct Loaded {
        let unit: Int
        let month: Period
        let form: OneForm
        let catalog: Catalog
        let stored: [String: Value]      // this form's values
        let carried: [String: Value]     // previous period's values of `carry` fields not yet filled
        let formState: FormState
    }

    func load(_ context: AppContext) async throws -> Loaded {
        try await load(unit: try state.unit(try context.parameter("code")), month: try context.month())
    }

    func load(unit: Int, month: Period) async throws -> Loaded {
        let catalog = await state.templates().catalog
        let form = OneForm(catalog: catalog, month: month, level: state.tree[unit].level)
        let code = state.tree[unit].code
        let periods = Set(form.entries.map(\.period)).union(form.entries.filter(\.field.carry).map(\.period.previous))
        let values = try await state.store.values(units: [code], periods: Array(periods))
        var byKey: [String: Value] = [:]
        for v in values { byKey["\(v.field)@\(v.period)"] = v.value }
        var stored: [String: Value] = [:]
        var carried: [String: Value] = [:]
        for e in form.entries {
            if let v = byKey["\(e.field.id)@\(e.period)"] { stored[e.field.id] = v }
            else if e.field.carry, let v = byKey["\(e.field.id)@\(e.period.previous)"] { carried[e.field.id] = v }
        }
        return Loaded(unit: unit, month: month, form: form, catalog: catalog, stored: stored, carried: carried,
                      formState: try await state.store.formState(unit: code, month: month))
    }

    func get(_ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let l = try await load(context)
        guard state.scope.canRead(user, unit: l.unit) else { throw APIError.forbidden }
        return jsonResponse(FormJSON.form(l, unit: state.tree[l.unit]))
    }

    func put(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let l = try await load(context)
        guard state.scope.canFill(user, unit: l.unit) else { throw APIError.forbidden }
        let body = try await request.json(context)
        guard case .object = body, case .object(let submitted)? = body["values"] else {
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
        if l.formState.status == .submitted || l.formState.status == .approved {
            throw APIError(.conflict, "locked", "表单已\(l.formState.status.chinese), 需上级退回后才能修改")
        }
        guard version == l.formState.version else {
            throw APIError(.conflict, "version_conflict", "表单已被他人修改 (当前版本 \(l.formState.version)), 请刷新后再保存",
                           extra: [("version", .int(l.formState.version))])
        }

        // Every value checked; all problems answered at once.
        let entries = Dictionary(uniqueKeysWithValues: l.form.entries.map { ($0.field.id, $0) })
        var problems: [(String, String)] = []
        var changes: [(field: String, period: Period, value: Value?)] = []
        var merged = l.stored
        for (id, raw) in submitted {
            guard let entry = entries[id] else {
                problems.append((id, l.catalog.field(id) == nil ? "没有这个字段" : "\(l.month) 的表单没有这一项"))
                continue
            }
            switch FieldValueParser.parse(raw, for: entry.field) {
            case .failure(let e): problems.append((id, e.message))
            case .success(let v):
                changes.append((id, entry.period, v))
                merged[id] = v
            }
        }
        if !problems.isEmpty {
            throw APIError(.unprocessableContent, "invalid_values", "有 \(problems.count) 项填写不正确", fields: problems)
        }

        // Rules with prev/prev_year/ytd need the unit's other periods; most catalogs have none.
        let history = l.catalog.rulesReadHistory ? try await history(unit: state.tree[l.unit].code, month: l.month) : [:]
        let violations = l.catalog.violations(form: l.form, values: merged) { history["\($0)@\($1)"] }
        let errors = violations.filter { $0.severity == .error }
        let warnings = violations.filter { $0.severity == .warning }
        if submit {
            var missing: [(String, String)] = []
            for e in l.form.entries where !e.field.optional && merged[e.field.id] == nil {
                missing.append((e.field.id, "必填"))
            }
            var ruleFields: [(String, String)] = []
            for v in errors { for f in v.fields where entries[f] != nil { ruleFields.append((f, v.message)) } }
            if !missing.isEmpty || !errors.isEmpty {
                throw APIError(.unprocessableContent, "cannot_submit",
                               missing.isEmpty ? "有 \(errors.count) 条审核规则未通过" : "还有 \(missing.count) 项必填未填",
                               fields: missing + ruleFields,
                               extra: [("rules", .array(errors.map { .string($0.message) })),
                                       ("warnings", .array(warnings.map { .string($0.message) }))])
            }
        }
        let outcome = try await state.store.save(FormSave(
            unit: state.tree[l.unit].code, month: l.month, expectedVersion: version, values: changes,
            status: submit ? .submitted : .draft, user: user.username, at: Clock.now()))
        switch outcome {
        case .conflict(let current):
            throw APIError(.conflict, "version_conflict", "表单已被他人修改 (当前版本 \(current)), 请刷新后再保存",
                           extra: [("version", .int(current))])
        case .saved(let newVersion):
            return jsonResponse(.object([
                ("status", .string(submit ? FormStatus.submitted.rawValue : FormStatus.draft.rawValue)),
                ("version", .int(newVersion)),
                ("errors", .array(submit ? [] : errors.map { .string($0.message) })),
                ("warnings", .array(warnings.map { .string($0.message) })),
            ]))
        }
    }

    /// Values of this and last year, for `prev`, `prev_year` and `ytd` in rules.
    private func history(unit: String, month: Period) async throws -> [String: Value] {
        var periods: [Period] = []
        for year in [month.year - 1, month.year] {
            for f in Frequency.allCases { periods += Period(year: year, frequency: .year, index: 1).parts(f) }
        }
        var out: [String: Value] = [:]
        for v in try await state.store.values(units: [unit], periods: periods) { out["\(v.field)@\(v.period)"] = v.value }
        return out
    }
}

/// The form as JSON: sections, fields with their period, saved and pre-filled values, status, version.
enum FormJSON {
    static func value(_ v: Value?) -> JSON {
        switch v {
        case nil: .null
        case .number(let d)?: .number(d.plainText)
        case .text(let s)?: .string(s)
        case .bool(let b)?: .bool(b)
        case .date(let d)?: .string(d.description)
        }
    }

    static func form(_ l: FormRoutes.Loaded, unit: OrgUnit) -> JSON {
        func field(_ e: OneForm.Entry) -> JSON {
            let f = e.field
            var m: [(String, JSON)] = [
                ("id", .string(f.id)), ("label", .string(f.label)), ("type", .string(f.type.name)),
                ("unit", .optional(f.unit)), ("min", f.min.map { .number($0.plainText) } ?? .null),
                ("max", f.max.map { .number($0.plainText) } ?? .null), ("help", .optional(f.help)),
                ("optional", .bool(f.optional)), ("carry", .bool(f.carry)),
                ("period", .string(e.period.description)), ("frequency", .string(e.frequency.rawValue)),
            ]
            if case .choice(let options) = f.type { m.append(("options", .array(options.map { .string($0) }))) }
            if case .text(let n?) = f.type { m.append(("maxLength", .int(n))) }
            m.append(("value", value(l.stored[f.id])))
            m.append(("carried", value(l.carried[f.id])))
            return .object(m)
        }
        return .object([
            ("unit", .string(unit.code)), ("unitName", .string(unit.name)), ("month", .string(l.month.description)),
            ("status", .string(l.formState.status.rawValue)), ("version", .int(l.formState.version)),
            ("submittedAt", .optional(l.formState.submittedAt)), ("reason", .optional(l.formState.reason)),
            ("sections", .array(l.form.sections.map { s in
                .object([("title", .string(s.title ?? "其他")), ("fields", .array(s.entries.map(field)))])
            })),
            ("values", .object(l.form.entries.compactMap { e in l.stored[e.field.id].map { (e.field.id, value($0)) } })),
            ("carried", .object(l.form.entries.compactMap { e in l.carried[e.field.id].map { (e.field.id, value($0)) } })),
        ])
    }
}
