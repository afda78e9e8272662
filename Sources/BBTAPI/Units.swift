import BBTEngine
import BBTTemplates

/// `GET /api/v1/units?at=YYYY-MM`: the units that existed in the month, with their names and parents
/// then, in tree order.
public struct UnitsAnswer: Encodable, Sendable {
    public let at: String
    public let units: [Unit]

    public struct Unit: Encodable, Sendable {
        public let code: String
        public let name: String
        public let level: String
        /// The parent's code in the month; `null` for the root.
        public let parent: String?
        /// The first month, `YYYY-MM`; `null`: always.
        public let from: String?
        /// The last month; `null`: still open.
        public let until: String?
    }

    /// `tree` is the tree of `month` (`UnitTree.at`).
    public init(month: Period, tree: UnitTree) {
        at = month.description
        units = tree.inOrder(month: month.endMonth).map { u, _ in
            let span = tree.spans[u]
            return Unit(code: tree[u].code, name: tree[u].name, level: tree[u].level.rawValue, parent: tree[u].parent.map { tree[$0].code },
                        from: span.from.map(MonthNumber.text), until: span.until.map(MonthNumber.text))
        }
    }
}

/// `POST /api/v1/units` `{"code", "name", "level", "parent", "from"?}`: a missing member counts as
/// empty (422 with the member named); one of another JSON type is malformed (400).
public struct UnitCreateRequest: Decodable, Sendable {
    public let code: String?
    public let name: String?
    /// `community`, `street`, `district` or `city`.
    public let level: String?
    public let parent: String?
    /// `YYYY-MM`: the first month; absent or `null`: always.
    public let from: String?
}

/// The answer to `POST /api/v1/units` (201).
public struct UnitCreated: Encodable, Sendable {
    public let code: String
    public let name: String
    public let level: String
    public let parent: String
    public let from: String?

    public init(_ unit: UnitEdit.New) {
        code = unit.code
        name = unit.name
        level = unit.level.rawValue
        parent = unit.parent
        from = unit.from?.description
    }
}

/// `PATCH /api/v1/units/{code}` `{"name"?, "parent"?, "from"?, "until"?}`: a rename or move takes
/// effect from `from` (required with either); `until` closes the unit after that month, `null` opens
/// it again. At least one member; any other member is refused (422 `这一项不能修改`).
public struct UnitChangeRequest: Decodable, Sendable {
    public let name: String?
    public let parent: String?
    public let from: String?
    /// `.some(nil)`: sent as `null`.
    public let until: String??
    /// Members sent that cannot be changed, in the order sent.
    public let unknown: [String]

    public var isEmpty: Bool { name == nil && parent == nil && from == nil && until == nil && unknown.isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, parent, from, until }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        parent = try c.decodeIfPresent(String.self, forKey: .parent)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        until = try c.decodeNullable(String.self, forKey: .until)
        unknown = try unknownMembers(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}

/// The answer to `PATCH /api/v1/units/{code}`: what was done, in words (as in the admin audit).
public struct UnitChangeAnswer: Encodable, Sendable {
    public let code: String
    public let changes: [String]

    public init(_ change: UnitEdit.Change) {
        code = change.code
        changes = change.summary
    }
}

/// `POST /api/v1/units/import?from=YYYY-MM[&apply=true]` (the body a `units.csv`): what the file
/// would change from that month, and whether it was applied.
public struct UnitsImportAnswer: Encodable, Sendable {
    public let applied: Bool
    public let preview: Preview

    public struct Preview: Encodable, Sendable {
        public let from: String
        public let added: [Added]
        public let renamed: [Renamed]
        public let moved: [Moved]
        public let closed: [Closed]
        public let unchanged: Int
    }

    public struct Added: Encodable, Sendable {
        public let code: String
        public let name: String
        public let level: String
        public let parent: String?
    }

    /// `from` and `to` are the old and the new name.
    public struct Renamed: Encodable, Sendable {
        public let code: String
        public let from: String
        public let to: String
    }

    /// `from` and `to` are the old and the new parent's code.
    public struct Moved: Encodable, Sendable {
        public let code: String
        public let name: String
        public let from: String?
        public let to: String?
    }

    /// `until`: the month before `from`, the unit's last.
    public struct Closed: Encodable, Sendable {
        public let code: String
        public let name: String
        public let until: String
    }

    public init(applied: Bool, diff: UnitsDiff, from: String, until: String) {
        self.applied = applied
        preview = Preview(
            from: from,
            added: diff.added.map { Added(code: $0.code, name: $0.name, level: $0.level.rawValue, parent: $0.parent) },
            renamed: diff.renamed.map { Renamed(code: $0.code, from: $0.from, to: $0.to) },
            moved: diff.moved.map { Moved(code: $0.code, name: $0.name, from: $0.from, to: $0.to) },
            closed: diff.closed.map { Closed(code: $0.code, name: $0.name, until: until) },
            unchanged: diff.unchanged)
    }
}
