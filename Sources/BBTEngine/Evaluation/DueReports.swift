import BBTTemplates

extension Catalog {
    /// The reports due at `period` for a unit of `level`, each with the period it covers. For a month
    /// that is every report whose period ends with it (June: the monthly reports for June, the
    /// quarterly ones for Q2, the half-yearly ones for H1); for a quarter, half or year, the reports of
    /// exactly that frequency. A report past its `valid_until` is not due.
    public func reportsDue(at period: Period, for level: Level) -> [(Report, Period)] {
        reports.compactMap { r in
            guard r.filledBy <= level else { return nil }
            let covered: Period
            if period.frequency == .month {
                covered = period.containing(r.frequency)
                guard covered.lastMonth == period else { return nil }
            } else {
                guard r.frequency == period.frequency else { return nil }
                covered = period
            }
            return r.isValid(for: covered) ? (r, covered) : nil
        }
    }
}
