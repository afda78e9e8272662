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

/// The units, indexed, with their children in code order.
public struct UnitTree: Sendable {
    public let units: [OrgUnit]
    public let children: [[Int]]
    private let byCode: [String: Int]

    /// `units` must already be valid (unique codes, parents that exist and sit above): see `UnitsCSV`.
    public init(units: [OrgUnit]) {
        self.units = units
        var children = Array(repeating: [Int](), count: units.count)
        for (i, u) in units.enumerated() { if let p = u.parent { children[p].append(i) } }
        self.children = children.map { $0.sorted { units[$0].code < units[$1].code } }
        self.byCode = Dictionary(units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

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
