import BBTEngine

/// The answer to `PUT /api/v1/sources/{source}/values`: how many values were new or changed, how
/// many were there already, and the supplied values that differ from what a community saved (the
/// community's stays).
public struct SourceUploadAnswer: Encodable, Sendable {
    public let stored: Int
    public let unchanged: Int
    public let conflicts: [Conflict]
    /// Columns of the file that were not read (`单位名称`), said back so nothing is dropped silently.
    public let ignoredColumns: [String]

    public struct Conflict: Encodable, Sendable {
        public let unit: String
        public let unitName: String
        public let field: String
        public let fieldLabel: String
        public let period: String
        /// The department's value.
        public let provided: Value
        /// The community's.
        public let value: Value

        public init(unit: String, unitName: String?, field: String, fieldLabel: String?, period: Period, provided: Value, value: Value) {
            self.unit = unit
            self.unitName = unitName ?? unit
            self.field = field
            self.fieldLabel = fieldLabel ?? field
            self.period = period.description
            self.provided = provided
            self.value = value
        }
    }

    public init(stored: Int, unchanged: Int, conflicts: [Conflict], ignoredColumns: [String] = []) {
        self.stored = stored
        self.unchanged = unchanged
        self.conflicts = conflicts
        self.ignoredColumns = ignoredColumns
    }
}

/// One row of `GET /api/v1/sources/{source}/corrections?month=YYYY-MM` (the answer is an array of
/// them): a value of the month where the community's differs from the department's. `reason`, `by`
/// and `at` are `null` for a conflict (saved before the department's value came).
public struct CorrectionAnswer: Encodable, Sendable {
    public let unit: String
    public let unitName: String
    public let field: String
    public let fieldLabel: String
    public let period: String
    public let provided: Value
    public let value: Value
    public let reason: String?
    /// The username who gave the reason.
    public let by: String?
    public let at: String?

    /// `unitName` and `fieldLabel` as the tree and the catalog know them, `nil` for none (the code is shown).
    public init(_ d: Corrections.Difference, unitName: String?, fieldLabel: String?) {
        unit = d.unit
        self.unitName = unitName ?? d.unit
        field = d.field
        self.fieldLabel = fieldLabel ?? d.field
        period = d.period.description
        provided = d.provided
        value = d.value
        reason = d.reason
        by = d.by
        at = d.at?.description
    }
}

/// The corrections answer: a JSON array, as interfaces.md has it.
public typealias CorrectionsAnswer = [CorrectionAnswer]
