import BBTTemplates

/// One unit of the administrative tree: a community, street, district or city.
public struct OrgUnit: Sendable, Hashable {
    public let code: String
    public let name: String
    public let level: Level
    /// Index of the parent in `UnitTree.units`; `nil` for the root.
    public let parent: Int?

    public init(code: String, name: String, level: Level, parent: Int?) {
        self.code = code
        self.name = name
        self.level = level
        self.parent = parent
    }
}

/// The months a unit exists in, as `MonthNumber`s; `nil` ends are open (since always, for good).
public struct UnitSpan: Sendable, Hashable {
    public let from: Int?
    public let until: Int?
    public static let always = UnitSpan(from: nil, until: nil)

    public init(from: Int?, until: Int?) {
        self.from = from
        self.until = until
    }

    public func contains(_ month: Int) -> Bool { (from.map { $0 <= month } ?? true) && (until.map { month <= $0 } ?? true) }
}

/// A unit renamed or moved to another parent from a month on (撤并 and 新设 are spans instead).
public struct UnitChange: Sendable, Hashable {
    public let unit: Int
    /// The first month (a `MonthNumber`) with the new name or parent.
    public let from: Int
    public let name: String?
    public let parent: Int?

    public init(unit: Int, from: Int, name: String? = nil, parent: Int? = nil) {
        self.unit = unit
        self.from = from
        self.name = name
        self.parent = parent
    }
}

/// The units, indexed, with their children in code order. Every unit that ever existed keeps its
/// index for good, so values keyed by index read the same in any month; `at(month)` gives the tree
/// of one month: names and parents as they were then, and only the units that existed then among
/// the children.
public struct UnitTree: Sendable {
    public let units: [OrgUnit]
    public let children: [[Int]]
    /// Per unit, the months it exists in.
    public let spans: [UnitSpan]
    /// Renames and moves, by month.
    public let changes: [UnitChange]
    /// The units before any change: `at` always starts from these, whichever month's tree it is on.
    private let base: [OrgUnit]
    private let byCode: [String: Int]

    /// `units` must already be valid (unique codes, parents that exist and sit above, a child's span
    /// within its parent's): see `UnitsCSV`.
    public init(units: [OrgUnit], spans: [UnitSpan]? = nil, changes: [UnitChange] = []) {
        self.init(units: units, base: units, spans: spans ?? Array(repeating: .always, count: units.count), changes: changes, month: nil)
    }

    private init(units: [OrgUnit], base: [OrgUnit], spans: [UnitSpan], changes: [UnitChange], month: Int?) {
        self.units = units
        self.base = base
        self.spans = spans
        self.changes = changes
        var children = Array(repeating: [Int](), count: units.count)
        for (i, u) in units.enumerated() {
            guard let p = u.parent, month.map({ spans[i].contains($0) }) ?? true else { continue }
            children[p].append(i)
        }
        self.children = children.map { $0.sorted { units[$0].code < units[$1].code } }
        self.byCode = Dictionary(units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether the tree changes over time at all (most do not: then `at` is the tree itself).
    public var isTimeless: Bool { changes.isEmpty && spans.allSatisfy { $0 == .always } }

    /// The tree as it stood in `month` (a `MonthNumber`): a report for a period uses the tree of the
    /// period's last month. Units that did not exist then keep their index but are nobody's child.
    public func at(month: Int) -> UnitTree {
        if isTimeless { return self }
        var shown = base
        for c in changes.sorted(by: { $0.from < $1.from }) where c.from <= month {
            let u = shown[c.unit]
            shown[c.unit] = OrgUnit(code: u.code, name: c.name ?? u.name, level: u.level, parent: c.parent ?? u.parent)
        }
        return UnitTree(units: shown, base: base, spans: spans, changes: changes, month: month)
    }

    /// Whether the unit exists in `month` (a `MonthNumber`).
    public func exists(_ unit: Int, in month: Int) -> Bool { spans[unit].contains(month) }

    public func index(of code: String) -> Int? { byCode[code] }

    public subscript(_ index: Int) -> OrgUnit { units[index] }

    /// The units of `level` at or below `unit`, in tree order (depth first, children by code).
    public func units(at level: Level, under unit: Int) -> [Int] {
        var out: [Int] = []
        var stack = [unit]
        while let u = stack.popLast() {
            if units[u].level == level {
                out.append(u)
                continue
            }
            if units[u].level < level { continue }
            stack.append(contentsOf: children[u].reversed())
        }
        return out
    }

    /// `true` when `unit` is `ancestor` or lies below it.
    public func isWithin(_ unit: Int, _ ancestor: Int) -> Bool {
        var u: Int? = unit
        while let current = u {
            if current == ancestor { return true }
            u = units[current].parent
        }
        return false
    }
}
