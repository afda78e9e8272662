import BBTEngine

/// 催报: notices to units that have not submitted, the webhooks that carry them to a group chat,
/// and each delivery's attempts.
public protocol ReminderStore: Sendable {
    func setWebhook(_ webhook: WebhookRecord, audit: AdminAuditEntry) async throws
    /// `false` when the unit had none.
    func deleteWebhook(unit: String, audit: AdminAuditEntry) async throws -> Bool
    func webhooks() async throws -> [WebhookRecord]

    /// Stores the notice and its deliveries together. An automatic notice (`before`, `overdue`) is
    /// stored once per unit, month and kind, whichever server or run comes first: `nil` when one
    /// is there already. A `manual` one is always stored.
    func addNotice(_ notice: NoticeRecord, deliveries: [DeliveryRecord]) async throws -> NoticeRecord?

    /// The notices of `units` (of `month`, or any month), newest first.
    func notices(units: [String], month: Period?) async throws -> [NoticeRecord]

    func deliveries(notices: [Int]) async throws -> [DeliveryRecord]

    /// Pending deliveries due at `now` (seconds since 1970), at most `limit`; each is leased until
    /// `now + lease`, so that another server (or this one's next pass) does not send it meanwhile.
    func claimDeliveries(now: Int, lease: Int, limit: Int) async throws -> [DeliveryRecord]

    /// Writes a delivery's status, attempts and next try.
    func recordDelivery(_ delivery: DeliveryRecord) async throws
}

public enum WebhookKind: String, Sendable, Codable, CaseIterable {
    /// 企业微信 and 钉钉 group robots: `{"msgtype": "text", "text": {"content": …}}`.
    case wecom, dingtalk
    /// A city's own platform: `{"unit", "unitName", "month", "due", "message"}`.
    case json
}

public struct WebhookRecord: Sendable, Equatable {
    /// Reminders of this unit and every unit below it (unless one nearer has its own) go here.
    public let unit: String
    public let url: String
    public let kind: WebhookKind

    public init(unit: String, url: String, kind: WebhookKind) {
        self.unit = unit
        self.url = url
        self.kind = kind
    }
}

public enum NoticeKind: String, Sendable, Codable {
    /// A reviewer's 催报 by hand.
    case manual
    /// Three days before the form is due.
    case before
    /// The day after it was due.
    case overdue
}

public struct NoticeRecord: Sendable, Equatable {
    public var id: Int
    public let unit: String
    public let month: Period
    public let kind: NoticeKind
    /// The form's due date (`YYYY-MM-DD`), when the month's form has one.
    public let due: String?
    public let message: String
    /// The reviewer's user name, or `system` for the automatic ones.
    public let sender: String
    public let at: Instant

    public init(id: Int = 0, unit: String, month: Period, kind: NoticeKind, due: String?, message: String, sender: String, at: Instant) {
        self.id = id
        self.unit = unit
        self.month = month
        self.kind = kind
        self.due = due
        self.message = message
        self.sender = sender
        self.at = at
    }
}

public enum DeliveryStatus: String, Sendable, Codable {
    case pending, sent, failed
}

public struct DeliveryAttempt: Sendable, Equatable, Codable {
    /// Seconds since 1970.
    public let at: Int
    public let ok: Bool
    /// `HTTP 200`, `HTTP 500`, `errcode 93000: invalid webhook url`, `连接被拒绝`, `超时` …
    public let outcome: String

    public init(at: Int, ok: Bool, outcome: String) {
        self.at = at
        self.ok = ok
        self.outcome = outcome
    }
}

public struct DeliveryRecord: Sendable, Equatable {
    public var id: Int
    public var notice: Int
    /// The unit whose webhook this is (the nearest at or above the notice's unit).
    public let webhookUnit: String
    public let url: String
    public let kind: WebhookKind
    /// The body as it is posted, written when the notice is made.
    public let payload: String
    public var status: DeliveryStatus
    public var attempts: [DeliveryAttempt]
    /// When the next attempt is due (seconds since 1970); `nil` once sent or given up.
    public var nextAt: Int?

    public init(id: Int = 0, notice: Int = 0, webhookUnit: String, url: String, kind: WebhookKind, payload: String,
                status: DeliveryStatus = .pending, attempts: [DeliveryAttempt] = [], nextAt: Int?) {
        self.id = id
        self.notice = notice
        self.webhookUnit = webhookUnit
        self.url = url
        self.kind = kind
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAt = nextAt
    }
}
