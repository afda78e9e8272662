/// A way of splitting figures (性别, 年龄段): members in the order shown, and named groups of them.
public struct Dimension: Sendable {
    public struct Member: Sendable, Equatable {
        public let id: String
        public let label: String
    }

    public struct Group: Sendable, Equatable {
        public let id: String
        public let label: String
        public let members: [String]
    }

    public let id: String
    public let label: String
    public let members: [Member]
    public let groups: [Group]
    public let span: SourceSpan

    /// The members a member or group ID stands for; `nil` for an ID the dimension does not have.
    public func members(of id: String) -> [String]? {
        if members.contains(where: { $0.id == id }) { return [id] }
        return groups.first { $0.id == id }?.members
    }

    /// The label of a member or group.
    public func label(of id: String) -> String? {
        members.first { $0.id == id }?.label ?? groups.first { $0.id == id }?.label
    }
}

/// A field collected by breakdowns (`by sex, age`): the cells it stores, per breakdown. Only cells
/// are stored; the field's total is the sum of its first breakdown's cells.
public struct Breakdowns: Sendable {
    /// One member of every dimension of one breakdown.
    public struct Cell: Sendable, Equatable {
        /// `FIELD[DIM.MEMBER,…]`, dimensions in the breakdown's order: what data files, the API and
        /// the store use.
        public let key: String
        /// (dimension, member) in the breakdown's order.
        public let members: [Pair]
        public let label: String
    }

    public struct Pair: Sendable, Equatable {
        public let dimension: String
        public let member: String
    }

    public let field: String
    public let label: String
    /// Each breakdown's dimensions: `[["sex"], ["age"]]`, `[["sex", "age"]]` for `sex * age`.
    public let breakdowns: [[String]]
    /// Each breakdown's cells, in the order shown (the last dimension varies fastest).
    public let cells: [[Cell]]

    public var allCells: [Cell] { cells.flatMap { $0 } }

    /// The canonical key of a cell.
    public static func key(_ field: String, _ members: [Pair]) -> String {
        field + "[" + members.map { "\($0.dimension).\($0.member)" }.joined(separator: ",") + "]"
    }
}
