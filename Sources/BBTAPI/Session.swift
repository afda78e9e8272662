import BBTEngine

/// `POST /api/v1/login` `{"username", "password"}`.
public struct LoginRequest: Decodable, Sendable {
    public let username: String
    public let password: String
}

/// The answer to a log-in (normative: interfaces.md). While `mustChangePassword` is true, every
/// other call but `POST /api/v1/me/password` answers 403 `password_change_required`.
public struct LoginAnswer: Encodable, Sendable {
    /// The session's token, 64 hex characters: `Authorization: Bearer TOKEN` (the pages get it as a cookie).
    public let token: String
    public let role: String
    /// The user's unit code.
    public let unit: String
    public let mustChangePassword: Bool

    public init(token: String, role: UserRole, unit: String, mustChangePassword: Bool) {
        self.token = token
        self.role = role.rawValue
        self.unit = unit
        self.mustChangePassword = mustChangePassword
    }
}
