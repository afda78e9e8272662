import BBTEngine

/// `GET /api/v1/audit?unit=&month=`: changes to forms' values and states, of the units the reader
/// may read, oldest first.
public struct AuditAnswer: Encodable, Sendable {
    public let entries: [Entry]

    public struct Entry: Encodable, Sendable {
        public let at: String
        public let user: String
        public let unit: String
        public let month: String
        /// `value`, `status`, `correction`, `explanation`, `provided`.
        public let action: String
        public let field: String?
        public let period: String?
        /// As text (a `correction`: the department's value).
        public let old: String?
        /// As text (a `correction`: the reason).
        public let new: String?

        public init(at: String, user: String, unit: String, month: String, action: String, field: String?, period: String?,
                    old: String?, new: String?) {
            self.at = at
            self.user = user
            self.unit = unit
            self.month = month
            self.action = action
            self.field = field
            self.period = period
            self.old = old
            self.new = new
        }
    }

    public init(entries: [Entry]) { self.entries = entries }
}

/// `GET /api/v1/audit?kind=admin`: changes to users, units and templates.
public struct AdminAuditAnswer: Encodable, Sendable {
    public let entries: [Entry]

    public struct Entry: Encodable, Sendable {
        public let at: String
        public let user: String
        /// `publish_templates`, `create_user`, `change_user`, `change_own_password`, `add_unit`,
        /// `change_unit`, `import_units`.
        public let action: String
        public let target: String
        /// In Chinese.
        public let detail: String

        public init(at: String, user: String, action: String, target: String, detail: String) {
            self.at = at
            self.user = user
            self.action = action
            self.target = target
            self.detail = detail
        }
    }

    public init(entries: [Entry]) { self.entries = entries }
}
