/// The reason 报表通 exists: what one unit enters by hand in a year, report by report, against what
/// it enters once in the one form.
public struct Burden: Sendable, Equatable {
    public let level: Level
    /// Every report filled separately: periods per year × distinct fields it refers to.
    public let manualEntries: Int
    /// Each collected field once per period of its collection frequency.
    public let formEntries: Int
    /// The part of `formEntries` that departments supply (`from`): the community checks, not types.
    public let providedEntries: Int

    /// What the community still types with the one form.
    public var typedEntries: Int { formEntries - providedEntries }

    /// 1 − typedEntries / manualEntries (0 when there is nothing to enter).
    public var typedReduction: Double {
        manualEntries == 0 ? 0 : 1 - Double(typedEntries) / Double(manualEntries)
    }

    /// 1 − formEntries / manualEntries (0 when there is nothing to enter).
    public var reduction: Double {
        manualEntries == 0 ? 0 : 1 - Double(formEntries) / Double(manualEntries)
    }
}

extension Catalog {
    /// The burden figure for one unit of the lowest filling level (communities, normally).
    public var burden: Burden {
        let level = lowestFillingLevel
        let manual = reports.filter { $0.filledBy == level }
            .reduce(0) { $0 + $1.frequency.periodsPerYear * $1.fields.count }
        let collected = collected(at: level)
        let form = collected.reduce(0) { $0 + $1.frequency.periodsPerYear }
        let provided = collected.filter { field($0.id)?.source != nil }.reduce(0) { $0 + $1.frequency.periodsPerYear }
        return Burden(level: level, manualEntries: manual, formEntries: form, providedEntries: provided)
    }
}
