/// What must hold before a form may be submitted. Each blocker names the fields it concerns, so the
/// API can answer per field and the page can mark the inputs.
public struct SubmitGate: Sendable, Equatable {
    public enum Blocker: Sendable, Equatable {
        /// A required field left empty.
        case missing(field: String)
        /// An error rule that fails on the form's values.
        case rule(RuleViolation)
        /// A value that differs from the one a department supplied, with no reason given.
        case uncorrected(field: String, provided: Value)
        /// An `explain` rule that fails, with no 上报说明 for the form.
        case unexplained(RuleViolation)
    }

    public let blockers: [Blocker]
    /// A message per field: 必填 for an empty one, the rule's message for each field on this form
    /// that a failing rule reads.
    public let fieldMessages: [FieldMessage]

    public var isOpen: Bool { blockers.isEmpty }

    /// The gate of `form` with `values` (stored and sent, merged), the rules that failed on them, and
    /// the department values (`provided`, by field ID) that the form's values differ from without a
    /// reason (`reasons`, by field ID). Failing `explain` rules block only when the form is not
    /// `explained`.
    public init(form: OneForm, values: [String: Value], violations: [RuleViolation],
                provided: [String: ProvidedValue] = [:], reasons: [String: String] = [:], explained: Bool = false) {
        let missing = FormWorkflow.missing(in: form) { values[$0.field.id] != nil }
        let failed = violations.filter { $0.severity == .error }
        let uncorrected = form.entries.compactMap { e -> (String, ProvidedValue)? in
            guard let p = provided[e.field.id], values[e.field.id] != p.value, reasons[e.field.id] == nil else { return nil }
            return (e.field.id, p)
        }
        let unexplained = explained ? [] : violations.filter { $0.severity == .explain }
        blockers = missing.map { .missing(field: $0.field.id) } + failed.map { .rule($0) }
            + uncorrected.map { .uncorrected(field: $0.0, provided: $0.1.value) } + unexplained.map { .unexplained($0) }
        let onForm = Set(form.entries.map(\.field.id))
        fieldMessages = missing.map { FieldMessage($0.field.id, "必填") }
            + failed.flatMap { r in r.fields.filter(onForm.contains).map { FieldMessage($0, r.message) } }
            + uncorrected.map { FieldMessage($0.0, "与\($0.1.sourceName)提供的数据 (\($0.1.value.plainText)) 不同, 请填写更正原因") }
            + unexplained.flatMap { r in r.fields.filter(onForm.contains).map { FieldMessage($0, r.message) } }
            + (unexplained.isEmpty ? [] : [FieldMessage("explanation", "请填写上报说明: " + unexplained.map(\.message).joined(separator: "; "))])
    }

    public var missingFields: [String] {
        blockers.compactMap { if case .missing(let f) = $0 { f } else { nil } }
    }

    public var failedRules: [RuleViolation] {
        blockers.compactMap { if case .rule(let r) = $0 { r } else { nil } }
    }

    public var uncorrectedFields: [String] {
        blockers.compactMap { if case .uncorrected(let f, _) = $0 { f } else { nil } }
    }

    public var unexplainedRules: [RuleViolation] {
        blockers.compactMap { if case .unexplained(let r) = $0 { r } else { nil } }
    }

    /// One sentence for the whole refusal.
    public var summary: String {
        let missing = missingFields.count, rules = failedRules.count
        if missing > 0 { return "还有 \(missing) 项必填未填" }
        if rules > 0 { return "有 \(rules) 条审核规则未通过" }
        if !uncorrectedFields.isEmpty { return "有 \(uncorrectedFields.count) 项与部门数据不同, 请填写更正原因" }
        return "有 \(unexplainedRules.count) 条核实性审核未通过, 请填写上报说明"
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
