import BBTEngine

/// A save decided against what the store holds (the snapshot the save already read): the form's row
/// after it, the values that change with what each replaces, the corrections, and every audit row in
/// order. A store only checks the version and persists this; nothing about the save is worked out
/// again in SQL, so SQLite and PostgreSQL cannot disagree on what a save writes.
public struct FormWrite: Sendable, Equatable {
    public let unit: String
    public let month: Period
    /// The version the save was decided against; the store refuses the write when it has another.
    public let expectedVersion: Int
    /// The form's row after the save (version `expectedVersion + 1`).
    public let state: FormState
    /// Each changed (field, period) once, with the stored value it replaces (`nil`: none) and the new
    /// one (`nil`: cleared).
    public let values: [ValueChange]
    public let corrections: [CorrectionWrite]
    /// Every audit row of the save, in the order it is written.
    public let audit: [AuditEntry]

    public struct ValueChange: Sendable, Equatable {
        public let field: String
        public let period: Period
        public let old: Value?
        public let new: Value?
    }

    public struct CorrectionWrite: Sendable, Equatable {
        public let field: String
        public let period: Period
        public let reason: String
        /// Whether the form already holds a correction of this value (it is replaced).
        public let replaces: Bool

        public init(field: String, period: Period, reason: String, replaces: Bool) {
            self.field = field
            self.period = period
            self.reason = reason
            self.replaces = replaces
        }
    }

    /// `save` decided against the form's `current` state, the values it holds (`stored`, by field and
    /// period) and the corrections it holds (`corrected`, "field@period"); `nil` when `current` is not
    /// the version the save expects (someone saved in between: a conflict).
    public init?(_ save: FormSave, current: FormState, stored: (String, Period) -> Value?, corrected: Set<String> = []) {
        guard current.version == save.expectedVersion else { return nil }
        unit = save.unit
        month = save.month
        expectedVersion = save.expectedVersion
        func row(_ action: String, _ field: String?, _ period: Period?, _ old: String?, _ new: String?) -> AuditEntry {
            AuditEntry(at: save.at, user: save.user, unit: save.unit, month: save.month, action: action, field: field,
                       period: period, old: old, new: new)
        }
        // A value given twice is an earlier and a later state of one field: each step is audited
        // against the one before it, and the store writes the last.
        var audit: [AuditEntry] = []
        var now: [String: Value?] = [:]
        var order: [String] = []
        var original: [String: (field: String, period: Period, value: Value?)] = [:]
        for (field, period, value) in save.values {
            let key = "\(field)@\(period)"
            if original[key] == nil {
                original[key] = (field, period, stored(field, period))
                now[key] = original[key]!.value
                order.append(key)
            }
            let before = now[key]!
            guard before?.storage.kind != value?.storage.kind || before?.storage.text != value?.storage.text else { continue }
            audit.append(row("value", field, period, before?.storage.text, value?.storage.text))
            now[key] = value
        }
        values = order.compactMap { key in
            let o = original[key]!, new = now[key]!
            guard o.value?.storage.kind != new?.storage.kind || o.value?.storage.text != new?.storage.text else { return nil }
            return ValueChange(field: o.field, period: o.period, old: o.value, new: new)
        }
        corrections = save.corrections.map {
            CorrectionWrite(field: $0.field, period: $0.period, reason: $0.reason, replaces: corrected.contains("\($0.field)@\($0.period)"))
        }
        for c in save.corrections { audit.append(row("correction", c.field, c.period, c.provided.plainText, c.reason)) }
        if save.status != current.status { audit.append(row("status", nil, nil, current.status.rawValue, save.status.rawValue)) }
        if save.explanation != current.explanation { audit.append(row("explanation", nil, nil, current.explanation, save.explanation)) }
        self.audit = audit
        let submittedAt = save.status == .submitted && current.status != .submitted ? save.at : current.submittedAt
        state = FormState(status: save.status, version: save.expectedVersion + 1, submittedAt: submittedAt, updatedAt: save.at,
                          updatedBy: save.user, reason: save.reason, explanation: save.explanation)
    }
}

extension FormSnapshot {
    /// The values and corrections of the snapshot as `FormWrite` looks them up.
    public var lookup: (stored: (String, Period) -> Value?, corrected: Set<String>) {
        var byKey: [String: Value] = [:]
        for v in values { byKey["\(v.field)@\(v.period)"] = v.value }
        return ({ byKey["\($0)@\($1)"] }, Set(corrections.map { "\($0.field)@\($0.period)" }))
    }
}
