/// What a user does in the service.
public enum UserRole: String, Sendable, CaseIterable, Codable {
    /// Community staff: fills their own unit's form.
    case filler
    /// Street or district office: reads and reviews their unit and everything below.
    case reviewer
    /// Templates, units, users; reads everything, fills and reviews nothing.
    case admin
    /// A department system's account (公安, 民政 …): supplies the values of its source's fields for
    /// the filling units below its unit; sees no forms and no reports.
    case provider
    /// A department's account for asking for reports (报表准入): files requests and sees its own.
    case requester

    public var chinese: String {
        switch self {
        case .filler: "填报员"
        case .reviewer: "审核员"
        case .admin: "管理员"
        case .provider: "部门数据账号"
        case .requester: "报表申请账号"
        }
    }
}

/// Where a unit stands as seen from a user's own unit.
public enum UnitRelation: String, Sendable, CaseIterable {
    /// The user's own unit.
    case own
    /// A unit below the user's own: the user's office is above it.
    case below
    /// A sibling, a parent, another branch, or a user whose unit is unknown.
    case outside
}

/// Who acts on a unit: a role and the unit's relation to the user's own. Permissions are decided on
/// this value alone, so the same table holds for the API, the web pages and the tests.
public struct Actor: Sendable, Hashable, CustomStringConvertible {
    public let role: UserRole
    public let relation: UnitRelation

    public init(role: UserRole, relation: UnitRelation) {
        self.role = role
        self.relation = relation
    }

    /// Reading a unit's forms, reports, completeness: an admin anything, a filler its own unit, a
    /// reviewer its own unit and everything below.
    public var mayRead: Bool {
        switch role {
        case .admin: true
        case .filler: relation == .own
        case .reviewer: relation != .outside
        case .provider, .requester: false
        }
    }

    public var description: String { "\(role.rawValue)/\(relation.rawValue)" }
}

extension UnitTree {
    /// How `unit` stands from `home` (a user's unit, `nil` when it is not in the tree).
    public func relation(of unit: Int, from home: Int?) -> UnitRelation {
        guard let home else { return .outside }
        if unit == home { return .own }
        return isWithin(unit, home) ? .below : .outside
    }
}
