import BBTNumber
import BBTTemplates
import Foundation

/// One filling unit's value of a field for a period of any frequency, derived from the periods it
/// was collected at: flows add the sub-periods (empty if any is empty), stocks (and text, bools,
/// dates) take the last sub-period's value (empty if that one is empty). Where a report expired
/// within the period, a field may have been collected monthly before and quarterly after: each part
/// is derived at the frequency that held when it ended.
struct TimeAggregation {
    let catalog: Catalog
    let values: FormValues
    let level: Level
    /// Collection frequency per epoch, per field index at `level` (`nil`: not collected then).
    let frequencies: [[Frequency?]]

    init(catalog: Catalog, values: FormValues, level: Level) {
        self.catalog = catalog
        self.values = values
        self.level = level
        self.frequencies = (0..<catalog.epochCount).map { e in
            catalog.fields.map { catalog.frequency(of: $0.id, at: level, epoch: e) }
        }
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

    /// How the field is collected for periods ending with `period`.
    func frequency(of field: Int, in period: Period) -> Frequency? {
        frequencies[frequencies.count == 1 ? 0 : catalog.epoch(ofMonth: period.endMonth)][field]
    }

    func value(unit: Int, field: Int, period: Period) -> Value? {
        let epoch = frequencies.count == 1 ? 0 : catalog.epoch(ofMonth: period.endMonth)
        guard let collected = frequencies[epoch][field], collected <= period.frequency else { return nil }
        if collected == period.frequency { return values.value(unit: unit, field: field, period: period) }
        if epoch > 0, catalog.epoch(ofMonth: period.startMonth) != epoch {
            // The collection changed within the period: derive each half, quarter or month on its own.
            let parts = period.parts(period.frequency.finer)
            if catalog.fields[field].isFlow { return sum(parts.map { value(unit: unit, field: field, period: $0) }) }
            return value(unit: unit, field: field, period: parts[parts.count - 1])
        }
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
