import BBTTemplates

/// A report's 有效期 against a month, as the catalogue shows it and the 减负 office reviews it.
public enum ReportValidity: String, Sendable, Equatable {
    case valid
    /// Its last valid month is within three months of the month's end.
    case expiring
    /// Its last valid month is before the month's end: it may no longer be asked for.
    case expired
}

extension Report {
    public func validity(at month: Period) -> ReportValidity {
        guard let last = lastValidMonth else { return .valid }
        if last < month.endMonth { return .expired }
        return last - month.endMonth < 3 ? .expiring : .valid
    }
}
