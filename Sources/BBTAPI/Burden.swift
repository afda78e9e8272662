import BBTEngine

/// `GET /api/v1/burden?month=&unit=`: what filling really cost the filling units below `unit` in
/// a month, measured on their submitted forms (interfaces.md, "What filling really costs").
public struct BurdenAnswer: Encodable, Sendable {
    public let month: String
    public let unit: String
    public let forms: Int
    public let submitted: Int
    public let activeMinutes: Minutes
    public let perForm: PerForm?
    public let manualBaseline: Int

    public struct Minutes: Encodable, Sendable {
        public let median: Double?
        public let p90: Double?
    }

    public struct PerForm: Encodable, Sendable {
        public let typed: Double
        public let checked: Double
        public let carried: Double
    }

    public init(_ b: MeasuredBurden, unit: String) {
        month = b.month.description
        self.unit = unit
        forms = b.forms
        submitted = b.submitted
        activeMinutes = Minutes(median: b.medianMinutes, p90: b.p90Minutes)
        perForm = b.perForm.map { PerForm(typed: $0.typed, checked: $0.checked, carried: $0.carried) }
        manualBaseline = b.manualBaseline
    }
}
