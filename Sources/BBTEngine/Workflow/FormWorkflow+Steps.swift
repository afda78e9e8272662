import BBTTemplates

/// A save or submit as the filler sent it: raw values by field ID, the version they were read at.
public struct FormEdit: Sendable {
    public let values: [(field: String, value: JSONValue)]
    public let version: Int
    public let submit: Bool

    public init(values: [(field: String, value: JSONValue)], version: Int, submit: Bool) {
        self.values = values
        self.version = version
        self.submit = submit
    }
}

/// What a step decided: the status after it, the values to store (each under its own period, `nil`
/// to clear), and the rules the filler should see.
public struct FormStep: Sendable {
    public let status: FormStatus
    public let changes: [(field: String, period: Period, value: Value?)]
    /// Failing error rules, reported on a draft (a submit with any is refused).
    public let errors: [RuleViolation]
    public let warnings: [RuleViolation]
    /// A reviewer's reason for returning the form.
    public let reason: String?
}

extension FormWorkflow {
    /// Decides a save or a submit of `form` (now in `state`, holding `stored`) by `actor`. Rules that
    /// read other periods (`prev`, `prev_year`, `ytd`) ask `history`. Refusals come in the order the
    /// API promises: permission, lock, version, values, then the submit gate.
    public static func edit(_ edit: FormEdit, form: OneForm, catalog: Catalog, state: FormState, stored: [String: Value],
                            by actor: Actor, history: (String, Period) -> Value? = { _, _ in nil }) -> Result<FormStep, FormRefusal> {
        let status: FormStatus
        switch decide(edit.submit ? .submit : .save, from: state.status, by: actor) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let s): status = s
        }
        guard edit.version == state.version else { return .failure(.versionConflict(current: state.version)) }

        // Every value checked; all problems answered at once.
        let entries = Dictionary(uniqueKeysWithValues: form.entries.map { ($0.field.id, $0) })
        var problems: [FieldMessage] = []
        var changes: [(field: String, period: Period, value: Value?)] = []
        var merged = stored
        for (id, raw) in edit.values {
            guard let entry = entries[id] else {
                problems.append(FieldMessage(id, catalog.field(id) == nil ? "没有这个字段" : "\(form.month) 的表单没有这一项"))
                continue
            }
            switch FieldValueParser.parse(raw, for: entry.field) {
            case .failure(let e): problems.append(FieldMessage(id, e.message))
            case .success(let v):
                changes.append((id, entry.period, v))
                merged[id] = v
            }
        }
        if !problems.isEmpty { return .failure(.invalidValues(problems)) }

        let violations = catalog.violations(form: form, values: merged, history: history)
        let warnings = violations.filter { $0.severity == .warning }
        if edit.submit {
            let gate = SubmitGate(form: form, values: merged, violations: violations)
            guard gate.isOpen else { return .failure(.cannotSubmit(gate, warnings: warnings)) }
            return .success(FormStep(status: status, changes: changes, errors: [], warnings: warnings, reason: nil))
        }
        return .success(FormStep(status: status, changes: changes, errors: violations.filter { $0.severity == .error },
                                 warnings: warnings, reason: nil))
    }

    /// Decides an approval or a return by `actor`. A return needs a reason (at most 500 characters)
    /// that tells the filler what to correct.
    public static func review(_ action: FormAction, state: FormState, by actor: Actor, reason: String?) -> Result<FormStep, FormRefusal> {
        precondition(action == .approve || action == .return, "a review approves or returns")
        let status: FormStatus
        switch decide(action, from: state.status, by: actor) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let s): status = s
        }
        if action == .return {
            guard let reason, !reason.isEmpty, reason.count <= 500 else { return .failure(.reasonRequired) }
            return .success(FormStep(status: status, changes: [], errors: [], warnings: [], reason: reason))
        }
        return .success(FormStep(status: status, changes: [], errors: [], warnings: [], reason: nil))
    }
}
