/// What must hold before a form may be submitted. Each blocker names the fields it concerns, so the
/// API can answer per field and the page can mark the inputs.
public struct SubmitGate: Sendable, Equatable {
    public enum Blocker: Sendable, Equatable {
        /// A required field left empty.
        case missing(field: String)
        /// An error rule that fails on the form's values.
        case rule(RuleViolation)
    }

    public let blockers: [Blocker]
    /// A message per field: 必填 for an empty one, the rule's message for each field on this form
    /// that a failing rule reads.
    public let fieldMessages: [FieldMessage]

    public var isOpen: Bool { blockers.isEmpty }

    /// The gate of `form` with `values` (stored and sent, merged) and the rules that failed on them.
    public init(form: OneForm, values: [String: Value], violations: [RuleViolation]) {
        let missing = FormWorkflow.missing(in: form) { values[$0.field.id] != nil }
        let failed = violations.filter { $0.severity == .error }
        blockers = missing.map { .missing(field: $0.field.id) } + failed.map { .rule($0) }
        let onForm = Set(form.entries.map(\.field.id))
        fieldMessages = missing.map { FieldMessage($0.field.id, "必填") }
            + failed.flatMap { r in r.fields.filter(onForm.contains).map { FieldMessage($0, r.message) } }
    }

    public var missingFields: [String] {
        blockers.compactMap { if case .missing(let f) = $0 { f } else { nil } }
    }

    public var failedRules: [RuleViolation] {
        blockers.compactMap { if case .rule(let r) = $0 { r } else { nil } }
    }

    /// One sentence for the whole refusal.
    public var summary: String {
        let missing = missingFields.count
        return missing > 0 ? "还有 \(missing) 项必填未填" : "有 \(failedRules.count) 条审核规则未通过"
    }
}

/// A message about one field (or one member of a request), shown beside its input.
public struct FieldMessage: Sendable, Equatable {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
