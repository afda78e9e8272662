import BBTTemplates

/// What is waiting for a user (`GET /api/v1/me/todo`), soonest first: a filler's form due or
/// returned, a reviewer's forms to review and late units, a provider's months not yet supplied.
public enum Todo {
    public enum Kind: String, Sendable {
        /// The unit's form of a month, not yet submitted.
        case fill
        /// Returned by a reviewer, with the reason.
        case returned
        /// Submitted by a unit below, waiting for the reviewer.
        case review
        /// A unit below whose form is past its day and not submitted.
        case late
        /// A month whose values the provider's source has not supplied.
        case supply
    }

    public struct Item: Sendable, Equatable {
        public let kind: Kind
        public let unit: String?
        public let month: Period
        public let due: LocalDate?
        /// Days from today to the due day; negative when late.
        public let daysLeft: Int?
        public let status: FormStatus?
        public let reason: String?

        public init(kind: Kind, unit: String?, month: Period, due: LocalDate?, today: LocalDate, status: FormStatus?, reason: String? = nil) {
            self.kind = kind
            self.unit = unit
            self.month = month
            self.due = due
            daysLeft = due.map { today.days(until: $0) }
            self.status = status
            self.reason = reason
        }
    }

    /// A filler's form of `month` while it is not locked: to fill, or returned with its reason.
    public static func filler(unit: String, month: Period, state: FormState, due: LocalDate?, today: LocalDate) -> [Item] {
        guard !FormWorkflow.isLocked(state.status) else { return [] }
        if state.status == .returned {
            return [Item(kind: .returned, unit: unit, month: month, due: due, today: today, status: state.status, reason: state.reason)]
        }
        return [Item(kind: .fill, unit: unit, month: month, due: due, today: today, status: state.status)]
    }

    /// A reviewer's month: each submitted form below to review, and each unit past its day that
    /// has not submitted.
    public static func reviewer(month: Period, rows: [(unit: String, state: FormState, due: LocalDate?)], today: LocalDate) -> [Item] {
        rows.compactMap { r in
            if r.state.status == .submitted {
                return Item(kind: .review, unit: r.unit, month: month, due: r.due, today: today, status: r.state.status)
            }
            if !FormWorkflow.isLocked(r.state.status), let due = r.due, due < today {
                return Item(kind: .late, unit: r.unit, month: month, due: due, today: today, status: r.state.status)
            }
            return nil
        }
    }

    /// Soonest first: the fewest days left (late ones first), then by month; items without a day last.
    public static func sorted(_ items: [Item]) -> [Item] {
        items.enumerated().sorted { a, b in
            switch (a.element.daysLeft, b.element.daysLeft) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.element.month != b.element.month ? a.element.month < b.element.month : a.offset < b.offset
            }
        }.map(\.element)
    }
}

extension LocalDate {
    /// Whole days from this day to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int { other.daysSince1970 - daysSince1970 }
}
