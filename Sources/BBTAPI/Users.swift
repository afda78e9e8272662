import BBTEngine

/// An account as the API shows it, never its hash: `GET /api/v1/users` (each), and the answer to
/// `POST /api/v1/users` (201) and `PATCH /api/v1/users/{username}` (the account as it is now).
public struct UserAnswer: Encodable, Sendable {
    public let username: String
    public let role: String
    public let unit: String
    /// The unit's name, its code when the tree does not know it.
    public let unitName: String
    /// A provider's source ID, else `null`.
    public let source: String?
    public let disabled: Bool
    public let mustChangePassword: Bool

    public init(username: String, role: UserRole, unit: String, unitName: String?, source: String?, disabled: Bool,
                mustChangePassword: Bool) {
        self.username = username
        self.role = role.rawValue
        self.unit = unit
        self.unitName = unitName ?? unit
        self.source = source
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
    }
}

/// `GET /api/v1/users`.
public struct UsersAnswer: Encodable, Sendable {
    public let users: [UserAnswer]

    public init(users: [UserAnswer]) { self.users = users }
}

/// `POST /api/v1/users` `{"username", "password", "role", "unit", "source"?}`. A missing member
/// counts as empty (422 with the member named); one of another JSON type is malformed (400).
public struct UserCreateRequest: Decodable, Sendable {
    public let username: String?
    public let password: String?
    /// `filler`, `reviewer`, `admin` or `provider`.
    public let role: String?
    public let unit: String?
    /// Required for a provider; `""` or `null` is none.
    public let source: String?
}

/// `PATCH /api/v1/users/{username}` `{"role"?, "unit"?, "source"?, "disabled"?, "password"?}`:
/// at least one member; any other member is refused (422 `这一项不能修改`).
public struct UserChangeRequest: Decodable, Sendable {
    public let role: String?
    public let unit: String?
    /// `.some(nil)` (sent as `null` or `""`) removes the source; absent leaves it.
    public let source: String??
    public let disabled: Bool?
    /// A new temporary password.
    public let password: String?
    /// Members sent that cannot be changed, in the order sent.
    public let unknown: [String]

    public var isEmpty: Bool {
        [role as Any?, unit, source as Any?, disabled, password].allSatisfy { $0 == nil } && unknown.isEmpty
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case role, unit, source, disabled, password }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        source = try c.decodeNullable(String.self, forKey: .source).map { $0.flatMap { $0.isEmpty ? nil : $0 } }
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        unknown = try unknownMembers(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}

/// `POST /api/v1/me/password` `{"old", "new"}`: a missing member counts as empty (422).
public struct PasswordChangeRequest: Decodable, Sendable {
    public let old: String?
    public let new: String?
}

/// The answer to one's own change of password.
public struct PasswordChangeAnswer: Encodable, Sendable {
    public let ok: Bool
    public let mustChangePassword: Bool

    public init() {
        ok = true
        mustChangePassword = false
    }
}

/// `GET /api/v1/me/todo`: what is waiting for the user, soonest first.
public struct TodoAnswer: Encodable, Sendable {
    public let items: [Item]

    public struct Item: Encodable, Sendable {
        /// `fill`, `returned`, `review`, `late`, `supply`; for requests `decide`, `revise`, `decided`.
        public let kind: String
        public let unit: String?
        public let unitName: String?
        public let month: String
        /// The form's due day, `YYYY-MM-DD`.
        public let due: String?
        /// Days from today to `due`; negative when late.
        public let daysLeft: Int?
        public let status: String?
        /// A returned form's reason; a returned or refused request's.
        public let reason: String?
        /// A request's ID, title and status (`decide`, `revise`, `decided`).
        public let request: Int?
        public let title: String?
        public let requestStatus: String?
    }

    public init(_ items: [Todo.Item], unitName: (String) -> String?) {
        self.items = items.map { i in
            Item(kind: i.kind.rawValue, unit: i.unit, unitName: i.unit.flatMap(unitName), month: i.month.description,
                 due: i.due?.description, daysLeft: i.daysLeft, status: i.status?.rawValue, reason: i.reason,
                 request: i.request?.id, title: i.request?.title, requestStatus: i.request?.status.rawValue)
        }
    }
}
