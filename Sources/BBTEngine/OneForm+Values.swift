/// What a form shows of the values stored for its unit.
extension OneForm {
    /// The periods whose stored values the form shows: each entry's own, and the previous period of
    /// each `carry` field, whose value is offered while the field is still empty.
    public var periodsShown: [Period] {
        Array(Set(entries.map(\.period)).union(entries.filter(\.field.carry).map(\.period.previous)))
    }

    /// The form's saved values (by field ID) from `lookup`, and for each `carry` field not yet saved
    /// its value of the previous period, which the form offers pre-filled but does not store.
    public func values(_ lookup: (String, Period) -> Value?) -> (stored: [String: Value], carried: [String: Value]) {
        var stored: [String: Value] = [:]
        var carried: [String: Value] = [:]
        for e in entries {
            if let v = lookup(e.field.id, e.period) {
                stored[e.field.id] = v
            } else if e.field.carry, let v = lookup(e.field.id, e.period.previous) {
                carried[e.field.id] = v
            }
        }
        return (stored, carried)
    }
}
