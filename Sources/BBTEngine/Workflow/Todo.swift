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
        /// A request for a report waiting for the 减负 office's decision (an admin's).
        case decide
        /// A request returned to its requester, to revise.
        case revise
        /// A request decided (admitted or refused) within the last 30 days, for its requester to see.
        case decided
    }

    public struct Item: Sendable, Equatable {
        public static func == (a: Item, b: Item) -> Bool {
            a.kind == b.kind && a.unit == b.unit && a.month == b.month && a.due == b.due && a.daysLeft == b.daysLeft && a.status == b.status
                && a.reason == b.reason && a.request?.id == b.request?.id && a.request?.status == b.request?.status
        }

        public let kind: Kind
        public let unit: String?
        public let month: Period
        public let due: LocalDate?
        /// Days from today to the due day; negative when late.
        public let daysLeft: Int?
        public let status: FormStatus?
        public let reason: String?
        /// For a request's item: its ID, title and status.
        public var request: (id: Int, title: String, status: RequestStatus)?

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

    /// Requests: for an admin, each waiting for a decision; for `requester`, its own returned ones
    /// (with the reason) and those decided in the last 30 days.
    public static func requests(_ all: [AdmissionRequest], role: UserRole, username: String, now: Instant) -> [Item] {
        all.compactMap { r in
            func item(_ kind: Kind, reason: String? = nil) -> Item {
                let day = r.submittedAt.chinaDay
                var i = Item(kind: kind, unit: nil, month: .month(day.year, day.month), due: nil, today: day, status: nil, reason: reason)
                i.request = (r.id, r.title, r.status)
                return i
            }
            if role == .admin { return r.status == .submitted ? item(.decide) : nil }
            guard r.requester == username else { return nil }
            switch r.status {
            case .returned: return item(.revise, reason: r.history.last?.reason)
            case .approved, .rejected:
                guard let at = r.decidedAt, now.seconds - at.seconds <= 30 * 86_400 else { return nil }
                return item(.decided, reason: r.status == .rejected ? r.history.last?.reason : nil)
            case .submitted: return nil
            }
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
