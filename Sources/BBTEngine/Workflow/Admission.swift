import BBTTemplates
import Foundation

/// 报表准入: a department asks for a report, the 减负 office decides. The states a request goes
/// through and who may move it, pure, so that the API, the pages and the tests agree.
public enum RequestStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the office's decision.
    case submitted
    /// Sent back with a reason; its requester revises and submits again.
    case returned
    /// Admitted: published with its 清单编号.
    case approved
    /// Refused with a reason; nothing published.
    case rejected

    public var chinese: String {
        switch self {
        case .submitted: "待审"
        case .returned: "已退回"
        case .approved: "已准入"
        case .rejected: "不予准入"
        }
    }

    public var isDecided: Bool { self == .approved || self == .rejected }
}

/// What the office decides on a submitted request.
public enum RequestDecision: String, Sendable, CaseIterable {
    case approve, reject, `return`

    public var status: RequestStatus {
        switch self {
        case .approve: .approved
        case .reject: .rejected
        case .return: .returned
        }
    }
}

/// 常规 (a report for every period until its 有效期) or 一事一报 (one period, void after it).
public enum RequestKind: String, Sendable, CaseIterable, Codable {
    case regular, once

    public var chinese: String { self == .once ? "一事一报" : "常规报表" }
}

extension UserRole {
    /// Asking for a report: a department's requester account, a provider (its department asks
    /// through the account it has), an admin on a department's behalf.
    public var mayFileRequests: Bool { self == .requester || self == .provider || self == .admin }
}

/// One request for a report (报表准入) as filed and decided.
public struct AdmissionRequest: Sendable, Equatable, Codable {
    public var id: Int
    public let requester: String
    public var title: String
    public var authority: String
    public var reason: String
    public var basis: String
    /// `month`, `quarter`, `half` or `year`.
    public var frequency: String
    /// Until when the department asks for it; for a 一事一报 the month its one period ends.
    public var until: Month?
    public var kind: RequestKind
    public var status: RequestStatus
    /// The department's XLSX form as filed (`nil` when a `.bbt` draft was filed).
    public var form: Data?
    public var fileName: String?
    /// The `.bbt` source filed, or drafted from the form; at approval the source published.
    public var draft: String
    public var reportID: String
    public var listed: String?
    public var validUntil: Month?
    /// Entries a year the report adds to one community's form, as last worked out.
    public var addedEntries: Int
    public var submittedAt: Instant
    public var decidedAt: Instant?
    public var history: [RequestEvent]

    public init(id: Int = 0, requester: String, title: String, authority: String, reason: String, basis: String, frequency: String,
                until: Month?, kind: RequestKind, status: RequestStatus = .submitted, form: Data?, fileName: String?, draft: String,
                reportID: String, listed: String? = nil, validUntil: Month? = nil, addedEntries: Int, submittedAt: Instant,
                decidedAt: Instant? = nil, history: [RequestEvent]) {
        self.id = id
        self.requester = requester
        self.title = title
        self.authority = authority
        self.reason = reason
        self.basis = basis
        self.frequency = frequency
        self.until = until
        self.kind = kind
        self.status = status
        self.form = form
        self.fileName = fileName
        self.draft = draft
        self.reportID = reportID
        self.listed = listed
        self.validUntil = validUntil
        self.addedEntries = addedEntries
        self.submittedAt = submittedAt
        self.decidedAt = decidedAt
        self.history = history
    }
}

/// One step of a request: filed, revised, returned, rejected, approved.
public struct RequestEvent: Sendable, Equatable, Codable {
    public let at: Instant
    public let user: String
    /// `submit`, `revise`, `approve`, `reject`, `return`.
    public let action: String
    public let reason: String?

    public init(at: Instant, user: String, action: String, reason: String?) {
        self.at = at
        self.user = user
        self.action = action
        self.reason = reason
    }
}
