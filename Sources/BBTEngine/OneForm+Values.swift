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

/// How a form's values came to be, counted when it is submitted (减负, measured): `typed` by hand,
/// `checked` — supplied by a department and kept, `carried` — the previous period's kept.
public struct EntryCounts: Sendable, Equatable {
    public let typed: Int
    public let checked: Int
    public let carried: Int

    public init(typed: Int, checked: Int, carried: Int) {
        self.typed = typed
        self.checked = checked
        self.carried = carried
    }
}

extension OneForm {
    /// The counts of the form's values as `lookup` holds them (after the save), against what
    /// departments supplied (`provided`, by field ID). An empty entry counts nowhere.
    public func entryCounts(_ lookup: (String, Period) -> Value?, provided: [String: Value]) -> EntryCounts {
        var typed = 0, checked = 0, carried = 0
        for e in entries {
            guard let v = lookup(e.field.id, e.period) else { continue }
            if e.field.source != nil, provided[e.field.id] == v {
                checked += 1
            } else if e.field.carry, lookup(e.field.id, e.period.previous) == v {
                carried += 1
            } else {
                typed += 1
            }
        }
        return EntryCounts(typed: typed, checked: checked, carried: carried)
    }
}
