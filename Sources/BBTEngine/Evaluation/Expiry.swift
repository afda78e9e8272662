import BBTTemplates

extension Period {
    /// The `MonthNumber` of the period's last month: the month that decides what is due for it.
    public var endMonth: Int { MonthNumber.of(year: year, month: months.upperBound) }
    var startMonth: Int { MonthNumber.of(year: year, month: months.lowerBound) }
}

extension Report {
    /// Whether the report is due for `period` as far as its 有效期 goes: a period that ends after
    /// `valid_until` has no such report.
    public func isValid(for period: Period) -> Bool { isValid(in: period.endMonth) }

    /// Why the report cannot be asked for at `period`, naming the date; `nil` when it is valid then.
    public func expiry(for period: Period) -> String? {
        guard !isValid(for: period), let v = validUntil, let end = Period(v) else { return nil }
        return "报表 \(id) 的有效期至 \(end.chinese), 报告期 \(period.chinese) 已过有效期, 不再填报"
    }
}

extension Catalog {
    /// How often units of `level` collect a field for periods ending in `month`'s month.
    public func frequency(of field: String, at level: Level, in period: Period) -> Frequency? {
        frequency(of: field, at: level, month: period.endMonth)
    }
}

extension Frequency {
    /// The next finer frequency (a year is two halves, a half two quarters, a quarter three months).
    var finer: Frequency {
        switch self {
        case .year: .half
        case .half: .quarter
        case .quarter, .month: .month
        }
    }
}
