import BBTTemplates

extension Catalog {
    /// The reports due at `period` for a unit of `level`, each with the period it covers. For a month
    /// that is every report whose period ends with it (June: the monthly reports for June, the
    /// quarterly ones for Q2, the half-yearly ones for H1); for a quarter, half or year, the reports of
    /// exactly that frequency.
    public func reportsDue(at period: Period, for level: Level) -> [(Report, Period)] {
        reports.compactMap { r in
            guard r.filledBy <= level else { return nil }
            if period.frequency == .month {
                let covered = period.containing(r.frequency)
                return covered.lastMonth == period ? (r, covered) : nil
            }
            return r.frequency == period.frequency ? (r, period) : nil
        }
    }
}
