import BBTTemplates

extension UnitTree {
    /// The tree of a period's last month: what a report for that period is made over.
    public func at(_ period: Period) -> UnitTree { at(month: period.endMonth) }

    /// Whether the unit exists in the period's last month (a unit closed after May has no June form).
    public func exists(_ unit: Int, in period: Period) -> Bool { exists(unit, in: period.endMonth) }
}
