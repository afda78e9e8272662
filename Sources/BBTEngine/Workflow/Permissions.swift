import BBTTemplates

/// What a role may do apart from any one unit: the service's administration, the catalogue, the
/// audit. Together with `Actor` (a role on a unit) and `SourceAccess` (a role on a department's
/// source), these are the only places that compare roles; the API, the pages and the seed ask them.
public enum Capability: String, Sendable, CaseIterable {
    /// Check, publish and import templates (the 减负 office's catalogue of reports).
    case manageTemplates
    /// Add, rename, move and close units; import a units file.
    case manageUnits
    /// Create accounts, change roles, disable, reset passwords.
    case manageUsers
    /// The catalogue of reports with their 有效期 and burden.
    case readCatalog
    /// The audit of values (who changed what), limited to the units the user may read.
    case readAudit
    /// The admin audit: users, units and templates changed.
    case readAdminAudit
    /// An office's view of its units: completeness, review, merged reports.
    case reviewUnits
}

extension UserRole {
    public func may(_ capability: Capability) -> Bool {
        switch capability {
        case .manageTemplates, .manageUnits, .manageUsers, .readAdminAudit: self == .admin
        case .readCatalog, .readAudit, .reviewUnits: self == .admin || self == .reviewer
        }
    }

    /// Where a user starts: the page of their work.
    public var home: Home {
        switch self {
        case .filler: .form
        case .reviewer: .review
        case .admin: .templates
        case .provider: .source
        case .requester: .requests
        }
    }

    public enum Home: Sendable, Equatable { case form, review, templates, source, requests }

    /// A department data account carries a source, and only it does.
    public var hasSource: Bool { self == .provider }
}

extension Actor {
    /// An office's view of a unit (completeness, review page): a reviewer of the unit or above, or
    /// an admin. A filler reads its own form but never the office's tallies.
    public var mayReview: Bool { role.may(.reviewUnits) && mayRead }

    /// An audit row of a unit the tree no longer has: only an admin reads it.
    public static func mayReadOrphanedAudit(_ role: UserRole) -> Bool { role == .admin }
}

/// A role on a department's source (公安, 民政 …): its own provider uploads and reads the
/// corrections; an admin reads them (the source's page) but uploads nothing.
public struct SourceAccess: Sendable, Equatable {
    public enum Action: Sendable { case upload, read }

    public static func may(_ action: Action, role: UserRole, ownSource: String?, source: String) -> Bool {
        switch (role, action) {
        case (.provider, _): ownSource == source
        case (.admin, .read): true
        default: false
        }
    }
}

/// What makes an account's role, unit and source fit together: a filler at a level that fills,
/// a source for a provider and for no one else. Pure, so the seed, the API and the tests agree.
public enum AccountRules {
    public static let minimumPassword = 8

    /// A problem with a new password, in Chinese, or `nil`.
    public static func passwordProblem(_ password: String) -> String? {
        password.count >= minimumPassword ? nil : "密码至少 \(minimumPassword) 个字符"
    }

    /// 2 to 32 ASCII letters, digits, `.`, `-` or `_`: safe in paths, logs and CSV.
    public static func validUsername(_ s: String) -> Bool {
        (2...32).contains(s.count) && s.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "."
        }
    }

    public static let usernameRule = "用户名为 2 到 32 个英文字母、数字、点、横线或下划线"
    public static let roleRule = "角色应为填报员 (filler)、审核员 (reviewer)、管理员 (admin) 、部门数据账号 (provider) 或报表申请账号 (requester)"

    /// One problem of an account, with the member of the request it concerns.
    public struct Problem: Sendable, Equatable {
        public let member: String
        public let message: String
        public init(_ member: String, _ message: String) {
            self.member = member
            self.message = message
        }
    }

    /// The problems of a role on a unit with a source. `unitName` and `level` are the unit's;
    /// `sourceName` is the catalog's name of `source`, `nil` when the catalog has no such source.
    public static func problems(role: UserRole, unitName: String, level: Level, fillingLevels: [Level],
                                source: String?, sourceName: String?) -> [Problem] {
        var out: [Problem] = []
        if role == .filler, !fillingLevels.contains(level) {
            out.append(Problem("unit", "\(unitName)是\(level.chinese), 这一级不填报表 (填报层级: \(fillingLevels.map(\.chinese).joined(separator: "、")))"))
        }
        switch (role.hasSource, source) {
        case (true, nil): out.append(Problem("source", "部门数据账号需要选择数据来源"))
        case (true, let s?) where sourceName == nil: out.append(Problem("source", "没有数据来源 \(s)"))
        case (false, _?): out.append(Problem("source", "只有部门数据账号有数据来源"))
        default: break
        }
        return out
    }
}
