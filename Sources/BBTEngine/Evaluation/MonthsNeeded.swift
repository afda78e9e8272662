import BBTTemplates

extension Catalog {
    /// The months whose forms `report` reads for `period`: the period itself, and the earlier
    /// months its time functions reach (`prev`, `prev_year`, `ytd`), through computed indicators too.
    public func monthsNeeded(_ report: Report, for period: Period) -> [Period] {
        monthsNeeded(report.columns.map(\.expression), for: period)
    }

    /// The same for some expressions only (one column's drill-down reads its own months).
    public func monthsNeeded(_ expressions: [Formula], for period: Period) -> [Period] {
        var periods = [period]
        var times = Set<TimeFunction>()
        func walk(_ f: Formula) {
            switch f {
            case .time(let t, _): times.insert(t)
            case .computed(let id): if let c = computed(id) { walk(c.expression) }
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            default: break
            }
        }
        expressions.forEach(walk)
        if times.contains(.prev) { periods.append(period.previous) }
        if times.contains(.prev_year) { periods.append(period.previousYear) }
        if times.contains(.ytd) { periods.append(contentsOf: Period(year: period.year, frequency: .year, index: 1).parts(.month)) }
        var months = Set<Period>()
        for p in periods { months.formUnion(p.parts(.month)) }
        if times.contains(.ytd) { months = months.filter { $0.year != period.year || $0 <= period.lastMonth } }
        return months.sorted()
    }
}
