import BBTTemplates

extension Catalog {
    /// The periods a unit's line over time runs over for a report's column: the thirteen months
    /// ending with `period` when every field of the column is collected monthly (a quarter's 常住人口
    /// month by month shows June's jump), else the thirteen periods of the report's own frequency.
    public func linePeriods(report: Report, column: Column, period: Period) -> [Period] {
        let fields = fields(of: column.expression)
        let monthly = !fields.isEmpty && fields.allSatisfy {
            frequency(of: $0, at: report.filledBy, month: period.lastMonth.endMonth) == .month
        }
        return (monthly ? period.lastMonth : period).lastPeriods(13)
    }
}
