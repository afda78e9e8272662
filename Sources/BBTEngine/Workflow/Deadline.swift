import BBTTemplates

/// Whether a unit's form of a month came in by its deadline, as offices count 及时率.
public enum Punctuality: String, Sendable, CaseIterable {
    case onTime = "on_time"
    case late
    /// Not submitted (empty, a draft, or returned and not yet submitted again).
    case missing

    public var chinese: String {
        switch self {
        case .onTime: "按时"
        case .late: "迟报"
        case .missing: "未报"
        }
    }
}

extension Catalog {
    /// The day the one form of `month` is due at `level`: one form feeds every report due that
    /// month, so it is due by the earliest `due` day among them, in the month after (a day past
    /// the month's end is its last day). `nil` when none of them names a day.
    public func formDue(month: Period, level: Level) -> LocalDate? {
        let days = reportsDue(at: month, for: level).compactMap { r, _ in r.filledBy == level ? r.due : nil }
        guard let day = days.min() else { return nil }
        let next = month.next  // a month: its index is the month of the year
        return LocalDate(year: next.year, month: next.index,
                         day: min(max(day, 1), LocalDate.days(inMonth: next.index, year: next.year)))
    }
}

extension FormState {
    /// On time when submitted (or approved) by the end of `due` in China (UTC+8). With no deadline,
    /// any submission is on time.
    public func punctuality(due: LocalDate?) -> Punctuality {
        guard status == .submitted || status == .approved, let at = submittedAt else { return .missing }
        guard let due else { return .onTime }
        return at < LocalDate.chinaMidnightAfter(due) ? .onTime : .late
    }
}

extension LocalDate {
    /// The instant the day ends in China: 16:00 UTC of that day.
    static func chinaMidnightAfter(_ d: LocalDate) -> Instant {
        Instant(seconds: (d.daysSince1970 + 1) * 86_400 - Timestamp.china)
    }
}
