import BBTTemplates

extension Catalog {
    /// The months whose forms `report` reads for `period`: the period itself, and the earlier
    /// months its time functions reach (`prev`, `prev_year`, `ytd`), through computed indicators too.
    public func monthsNeeded(_ report: Report, for period: Period) -> [Period] {
        monthsNeeded(report.columns.map(\.expression), for: period)
    }

    /// The same for some expressions only (one column's drill-down reads its own months). Each
    /// field read counts on its own: a flow reads every month of its period, a stock (and text,
    /// bools, dates) only the last; time functions move the period (`prev`, `prev_year`) or reach
    /// back to January (`ytd` of a flow).
    public func monthsNeeded(_ expressions: [Formula], for period: Period) -> [Period] {
        var months: Set<Period> = [period.lastMonth]
        func read(_ id: String, _ time: TimeFunction?) {
            let flow = field(id)?.isFlow ?? false
            let at: [Period]
            switch time {
            case nil: at = [period]
            case .prev: at = [period.previous]
            case .prev_year: at = [period.previousYear]
            case .ytd: at = flow ? Period(year: period.year, frequency: .year, index: 1).parts(.month).filter { $0 <= period.lastMonth } : [period]
            }
            for p in at {
                if flow { months.formUnion(p.parts(.month)) } else { months.insert(p.lastMonth) }
            }
        }
        func walk(_ f: Formula) {
            switch f {
            case .field(let id): read(id, nil)
            case .time(let t, let id): read(id, t)
            case .computed(let id): if let c = computed(id) { walk(c.expression) }
            case .call(_, let args), .cells(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            default: break
            }
        }
        expressions.forEach(walk)
        return months.sorted()
    }
}
