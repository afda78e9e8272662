/// `POST /api/v1/units/{code}/reminders`: a reviewer's 催报.
public struct ReminderRequest: Decodable, Sendable {
    /// `YYYY-MM`.
    public let month: String?
    /// Unit codes below the office; absent: every unit below that has not submitted.
    public let units: [String]?
    /// A line of the reviewer's own, added to the message.
    public let message: String?
}

/// `PUT /api/v1/webhooks/{code}`.
public struct WebhookRequest: Decodable, Sendable {
    public let url: String?
    /// `wecom` (企业微信 group robot), `dingtalk` (钉钉 group robot) or `json`.
    public let kind: String?
}

public struct WebhookAnswer: Encodable, Sendable {
    public let unit: String
    public let unitName: String
    public let url: String
    public let kind: String

    public init(unit: String, unitName: String, url: String, kind: String) {
        self.unit = unit
        self.unitName = unitName
        self.url = url
        self.kind = kind
    }
}

/// `GET /api/v1/webhooks` (admin).
public struct WebhooksAnswer: Encodable, Sendable {
    public let webhooks: [WebhookAnswer]
    public init(_ webhooks: [WebhookAnswer]) { self.webhooks = webhooks }
}

/// One notice: on the unit's to-do, and (when a webhook is configured at or above the unit) sent.
public struct NoticeAnswer: Encodable, Sendable {
    public let id: Int
    public let unit: String
    public let unitName: String
    public let month: String
    /// `manual` (a reviewer's 催报), `before` (3 days before the deadline), `overdue` (the day after).
    public let kind: String
    public let due: String?
    public let message: String
    /// The reviewer's user name, or `system`.
    public let sender: String
    public let at: String
    /// The unit whose webhook carries it; `null` when none is configured at or above the unit.
    public let webhookUnit: String?
    /// Each webhook delivery with its attempts (only in `GET /api/v1/reminders`).
    public let deliveries: [Delivery]?

    public struct Delivery: Encodable, Sendable {
        public let id: Int
        public let webhookUnit: String
        public let kind: String
        /// `pending` (waiting for its next try), `sent` or `failed` (given up).
        public let status: String
        public let attempts: [Attempt]
        public let nextAttemptAt: String?

        public init(id: Int, webhookUnit: String, kind: String, status: String, attempts: [Attempt], nextAttemptAt: String?) {
            self.id = id
            self.webhookUnit = webhookUnit
            self.kind = kind
            self.status = status
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
        }
    }

    public struct Attempt: Encodable, Sendable {
        public let at: String
        public let ok: Bool
        /// `HTTP 200`, `HTTP 500`, `errcode 93000: …`, `超时 (10 秒)`, `连接失败: …`.
        public let outcome: String

        public init(at: String, ok: Bool, outcome: String) {
            self.at = at
            self.ok = ok
            self.outcome = outcome
        }
    }

    public init(id: Int, unit: String, unitName: String, month: String, kind: String, due: String?, message: String, sender: String,
                at: String, webhookUnit: String?, deliveries: [Delivery]?) {
        self.id = id
        self.unit = unit
        self.unitName = unitName
        self.month = month
        self.kind = kind
        self.due = due
        self.message = message
        self.sender = sender
        self.at = at
        self.webhookUnit = webhookUnit
        self.deliveries = deliveries
    }
}

/// The answer to `POST /api/v1/units/{code}/reminders` (201) and `GET /api/v1/reminders`.
public struct RemindersAnswer: Encodable, Sendable {
    public let unit: String
    public let month: String?
    public let notices: [NoticeAnswer]

    public init(unit: String, month: String?, notices: [NoticeAnswer]) {
        self.unit = unit
        self.month = month
        self.notices = notices
    }
}

/// `GET /api/v1/me/notices`: the user's unit's notices of the last 90 days, newest first.
public struct NoticesAnswer: Encodable, Sendable {
    public let unit: String
    public let notices: [NoticeAnswer]

    public init(unit: String, notices: [NoticeAnswer]) {
        self.unit = unit
        self.notices = notices
    }
}
