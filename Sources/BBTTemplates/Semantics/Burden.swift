/// The reason 报表通 exists: what one unit enters by hand in a year, report by report, against what
/// it enters once in the one form.
public struct Burden: Sendable, Equatable {
    public let level: Level
    /// Every report filled separately: periods per year × distinct figures it refers to (a field, or
    /// one slice of a field with breakdowns).
    public let manualEntries: Int
    /// Each collected field once per period of its collection frequency, a field with breakdowns
    /// once per cell.
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
    /// The burden figure for one unit of the lowest filling level (communities, normally), every
    /// report counted.
    public var burden: Burden { burden(reports: reports, collected: collectedByAllReports(at: lowestFillingLevel)) }

    /// The burden figure for year `year`: only the reports valid in some month of it count (no
    /// `valid_until`, or one in that year or later), and fields are collected as those reports need.
    public func burden(year: Int) -> Burden {
        let valid = reports.filter { r in r.lastValidMonth.map { MonthNumber.year($0) >= year } ?? true }
        let collection = Checker.collectionFrequencies(fields: fields, reports: valid)
        return burden(reports: valid, collected: collected(collection[lowestFillingLevel]))
    }

    /// The reports that have expired before `year` began: no longer counted for it.
    public func expired(before year: Int) -> [Report] {
        reports.filter { r in r.lastValidMonth.map { MonthNumber.year($0) < year } ?? false }
    }

    private func burden(reports: [Report], collected: [CollectedField]) -> Burden {
        let level = lowestFillingLevel
        let manual = reports.filter { $0.filledBy == level }
            .reduce(0) { $0 + $1.frequency.periodsPerYear * $1.figures.count }
        let form = collected.reduce(0) { $0 + $1.frequency.periodsPerYear }
        let provided = collected.filter { field($0.id)?.source != nil }.reduce(0) { $0 + $1.frequency.periodsPerYear }
        return Burden(level: level, manualEntries: manual, formEntries: form, providedEntries: provided)
    }
}

extension Catalog {
    /// Where the burden sits: each field the lowest filling level's reports ask for, with how many of
    /// those reports ask it, most asked first (ties by ID); and how many reports that level fills.
    public var mostAskedFields: (fields: [(field: Field, reports: Int)], of: Int) {
        let level = lowestFillingLevel
        var asked: [String: Int] = [:]
        for r in reports where r.filledBy == level { for f in r.fields { asked[f, default: 0] += 1 } }
        let ranked = fields.compactMap { f in asked[f.id].map { (field: f, reports: $0) } }
            .sorted { ($0.reports, $1.field.id) > ($1.reports, $0.field.id) }
        return (ranked, reports.count { $0.filledBy == level })
    }
}
