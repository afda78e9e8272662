/// What an admin changes of an account, what is wrong with the change apart from how role, unit
/// and source fit together (`AccountRules.problems`), and the admin audit's words for it.
public struct AccountChange: Sendable, Equatable {
    public var role: UserRole?
    public var unit: String?
    /// `.some(nil)` removes the source; `nil` leaves it.
    public var source: String??
    public var disabled: Bool?
    /// A new password, temporary: changed at the next log-in.
    public var password: String?

    public init(role: UserRole? = nil, unit: String? = nil, source: String?? = nil, disabled: Bool? = nil, password: String? = nil) {
        self.role = role
        self.unit = unit
        self.source = source
        self.disabled = disabled
        self.password = password
    }

    /// The new password's problem, and an admin disabling their own account (they could not undo it).
    public func problems(of username: String, by admin: String) -> [AccountRules.Problem] {
        var out: [AccountRules.Problem] = []
        if let p = password, let problem = AccountRules.passwordProblem(p) { out.append(.init("password", problem)) }
        if disabled == true && username == admin { out.append(.init("disabled", "不能停用自己的账号")) }
        return out
    }

    /// The admin audit's words, in the order of the members: `角色 审核员; 单位 龙王庙社区 (510104001002);
    /// 数据来源 成都市公安局; 停用; 重设密码 (临时)`. `unitName` and `sourceName` are the names the tree
    /// and the catalog know, `nil` for none.
    public func summary(unitName: (String) -> String?, sourceName: (String) -> String?) -> String {
        var said: [String] = []
        if let r = role { said.append("角色 \(r.chinese)") }
        if let u = unit { said.append("单位 \(AccountChange.unit(u, unitName))") }
        if let s = source { said.append(s.map { "数据来源 \(sourceName($0) ?? $0)" } ?? "无数据来源") }
        if let d = disabled { said.append(d ? "停用" : "启用") }
        if password != nil { said.append("重设密码 (临时)") }
        return said.joined(separator: "; ")
    }

    /// The admin audit's words for a new account: `填报员 · 王家坝社区 (510104002003)`, and the source's
    /// name for a provider.
    public static func creation(role: UserRole, unit: String, source: String?, unitName: (String) -> String?,
                                sourceName: (String) -> String?) -> String {
        "\(role.chinese) · \(AccountChange.unit(unit, unitName))" + (source.map { " · \(sourceName($0) ?? $0)" } ?? "")
    }

    static func unit(_ code: String, _ name: (String) -> String?) -> String {
        name(code).map { "\($0) (\(code))" } ?? code
    }
}
