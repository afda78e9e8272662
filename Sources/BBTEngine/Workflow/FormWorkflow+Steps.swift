import Foundation
import BBTTemplates

/// A save or submit as the filler sent it: raw values by field ID, the version they were read at,
/// and reasons for values that differ from what a department supplied.
public struct FormEdit: Sendable {
    public let values: [(field: String, value: JSONValue)]
    public let version: Int
    public let submit: Bool
    public let corrections: [(field: String, reason: String)]
    /// The 上报说明 sent with this step (`nil`: none sent; the form keeps the one it has).
    public let explanation: String?

    public init(values: [(field: String, value: JSONValue)], version: Int, submit: Bool,
                corrections: [(field: String, reason: String)] = [], explanation: String? = nil) {
        self.explanation = explanation
        self.values = values
        self.version = version
        self.submit = submit
        self.corrections = corrections
    }
}

/// Why a community's value differs from the department's, to be stored with the form and sent back.
public struct Correction: Sendable, Equatable {
    public let field: String
    public let period: Period
    public let provided: Value
    public let reason: String

    public init(field: String, period: Period, provided: Value, reason: String) {
        self.field = field
        self.period = period
        self.provided = provided
        self.reason = reason
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
    /// Failing `explain` rules: a submit needs an explanation for them.
    public let explain: [RuleViolation]
    /// A reviewer's reason for returning the form.
    public let reason: String?
    /// Reasons given in this step for values that differ from a department's.
    public let corrections: [Correction]
    /// The form's 上报说明 after this step, stored with it.
    public let explanation: String?

    init(status: FormStatus, changes: [(field: String, period: Period, value: Value?)], errors: [RuleViolation],
         warnings: [RuleViolation], explain: [RuleViolation] = [], reason: String?, corrections: [Correction] = [],
         explanation: String?) {
        self.explain = explain
        self.explanation = explanation
        self.status = status
        self.changes = changes
        self.errors = errors
        self.warnings = warnings
        self.reason = reason
        self.corrections = corrections
    }
}

extension FormWorkflow {
    /// Decides a save or a submit of `form` (now in `state`, holding `stored`) by `actor`. Rules that
    /// read other periods (`prev`, `prev_year`, `ytd`) ask `history`. `provided` holds what
    /// departments supplied for this form and `reasons` the corrections already stored, by field ID:
    /// a supplied value the form does not hold yet is taken into it, and a value that differs from
    /// the supplied one needs a reason before the form can be submitted. Refusals come in the order
    /// the API promises: permission, lock, version, values, then the submit gate.
    public static func edit(_ edit: FormEdit, form: OneForm, catalog: Catalog, state: FormState, stored: [String: Value],
                            provided: [String: ProvidedValue] = [:], reasons: [String: String] = [:],
                            by actor: Actor, rules: RuleBook? = nil,
                            history: (String, Period) -> Value? = { _, _ in nil }) -> Result<FormStep, FormRefusal> {
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
        var given: [String: String] = [:]
        for (id, reason) in edit.corrections {
            let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if provided[id] == nil {
                problems.append(FieldMessage(id, "这一项没有部门提供的数据, 不需要更正原因"))
            } else if text.isEmpty || text.count > 500 {
                problems.append(FieldMessage(id, "更正原因必填, 不超过 500 字"))
            } else {
                given[id] = text
            }
        }
        // An explanation sent replaces the form's (blank clears it); none sent keeps it.
        var explained = state.explanation
        if let raw = edit.explanation {
            switch FormWorkflow.explanation(raw) {
            case .success(let text): explained = text
            case .failure(let problem): problems.append(problem)
            }
        }
        if !problems.isEmpty {
            // A submit hears everything that blocks it at once: what did not parse, and what the
            // rest breaks (required items, rules, corrections) — not one round trip per kind.
            if edit.submit {
                let bad = Set(problems.map(\.field))
                let violations = (rules ?? RuleBook(catalog: catalog)).violations(form: form, values: merged, history: history)
                let gate = SubmitGate(form: form, values: merged, violations: violations, provided: provided,
                                      reasons: reasons.merging(given) { _, new in new }, explained: explained != nil)
                problems += gate.fieldMessages.filter { !bad.contains($0.field) }
            }
            return .failure(.invalidValues(problems))
        }

        // A supplied value the form does not hold yet becomes the form's value: kept unless changed.
        let sent = Set(edit.values.map(\.field))
        for e in form.entries where merged[e.field.id] == nil && !sent.contains(e.field.id) {
            guard let p = provided[e.field.id] else { continue }
            merged[e.field.id] = p.value
            changes.append((e.field.id, e.period, p.value))
        }
        // The gate asks for a reason only where the value still differs from the department's.
        let allReasons = reasons.merging(given) { _, new in new }
        let corrections = form.entries.compactMap { e -> Correction? in
            guard let reason = given[e.field.id], let p = provided[e.field.id], merged[e.field.id] != p.value else { return nil }
            return Correction(field: e.field.id, period: e.period, provided: p.value, reason: reason)
        }

        let violations = (rules ?? RuleBook(catalog: catalog)).violations(form: form, values: merged, history: history)
        let warnings = violations.filter { $0.severity == .warning }
        let explain = violations.filter { $0.severity == .explain }
        if edit.submit {
            let gate = SubmitGate(form: form, values: merged, violations: violations, provided: provided, reasons: allReasons,
                                  explained: explained != nil)
            guard gate.isOpen else { return .failure(.cannotSubmit(gate, warnings: warnings)) }
            // Submitted with no explain rule failing, an earlier explanation no longer explains anything.
            return .success(FormStep(status: status, changes: changes, errors: [], warnings: warnings, explain: explain,
                                     reason: nil, corrections: corrections, explanation: explain.isEmpty ? nil : explained))
        }
        return .success(FormStep(status: status, changes: changes, errors: violations.filter { $0.severity == .error },
                                 warnings: warnings, explain: explain, reason: nil, corrections: corrections, explanation: explained))
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
            return .success(FormStep(status: status, changes: [], errors: [], warnings: [], reason: reason,
                                     explanation: state.explanation))
        }
        return .success(FormStep(status: status, changes: [], errors: [], warnings: [], reason: nil, explanation: state.explanation))
    }
}
