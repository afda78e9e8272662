import BBTNumber
import BBTTemplates
import Foundation

/// One filling unit's value of a field for a period of any frequency, derived from the periods it
/// was collected at: flows add the sub-periods (empty if any is empty), stocks (and text, bools,
/// dates) take the last sub-period's value (empty if that one is empty).
struct TimeAggregation {
    let catalog: Catalog
    let values: FormValues
    let level: Level
    /// Collection frequency per field index at `level` (`nil`: not collected there).
    let frequencies: [Frequency?]

    init(catalog: Catalog, values: FormValues, level: Level) {
        self.catalog = catalog
        self.values = values
        self.level = level
        self.frequencies = catalog.fields.map { catalog.frequency(of: $0.id, at: level) }
    }

    func value(unit: Int, atom: Atom, period: Period) -> Value? {
        switch atom.time {
        case nil: return value(unit: unit, field: atom.field, period: period)
        case .prev: return value(unit: unit, field: atom.field, period: period.previous)
        case .prev_year: return value(unit: unit, field: atom.field, period: period.previousYear)
        case .ytd:
            guard catalog.fields[atom.field].isFlow else { return value(unit: unit, field: atom.field, period: period) }
            let sinceJanuary = Period(year: period.year, frequency: .year, index: 1).parts(period.frequency)
                .filter { $0.months.upperBound <= period.months.upperBound }
            return sum(sinceJanuary.map { value(unit: unit, field: atom.field, period: $0) })
        }
    }

    func value(unit: Int, field: Int, period: Period) -> Value? {
        guard let collected = frequencies[field], collected <= period.frequency else { return nil }
        if collected == period.frequency { return values.value(unit: unit, field: field, period: period) }
        let parts = period.parts(collected)
        if catalog.fields[field].isFlow {
            return sum(parts.map { values.value(unit: unit, field: field, period: $0) })
        }
        return values.value(unit: unit, field: field, period: parts[parts.count - 1])
    }

    private func sum(_ parts: [Value?]) -> Value? {
        var total = Number.zero
        for p in parts {
            guard let d = p?.number else { return nil }
            total += d
        }
        return .number(total)
    }
}
