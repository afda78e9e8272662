import BBTTemplates

/// The values units have filled, keyed by unit, field and the period each value belongs to, and the
/// status of each unit's monthly forms. Fields are identified by their index in the catalog.
public struct FormValues: Sendable {
    /// Per period, per unit: the values of all fields (dense, since a form fills most of them).
    private var slices: [Period: [Int: [Value?]]] = [:]
    private var statuses: [Int: [Period: FormStatus]] = [:]
    private var explanations: [Int: [Period: String]] = [:]
    public let fieldCount: Int

    public init(fieldCount: Int) {
        self.fieldCount = fieldCount
    }

    public mutating func set(unit: Int, field: Int, period: Period, _ value: Value?) {
        if slices[period, default: [:]][unit] == nil {
            slices[period, default: [:]][unit] = Array(repeating: nil, count: fieldCount)
        }
        slices[period]![unit]![field] = value
    }

    public func value(unit: Int, field: Int, period: Period) -> Value? {
        slices[period]?[unit]?[field] ?? nil
    }

    /// Every unit's row for one period, by unit (one lookup for a whole report).
    public func rows(period: Period) -> [Int: [Value?]]? {
        slices[period]
    }

    /// Sets a unit's whole row for a period, replacing what was there.
    public mutating func setRow(unit: Int, period: Period, _ row: [Value?]) {
        precondition(row.count == fieldCount, "a row has a value (or nil) for every field")
        slices[period, default: [:]][unit] = row
    }

    public mutating func setStatus(unit: Int, month: Period, _ status: FormStatus, explanation: String? = nil) {
        statuses[unit, default: [:]][month] = status
        explanations[unit, default: [:]][month] = explanation
    }

    /// The 上报说明 given with a unit's form of a month, if any.
    public func explanation(unit: Int, month: Period) -> String? {
        explanations[unit]?[month]
    }

    /// The status of a unit's form for a month; `empty` when nothing was filled.
    public func status(unit: Int, month: Period) -> FormStatus {
        statuses[unit]?[month] ?? .empty
    }
}
