import BBTTemplates

/// What a new units file would change in the tree from a month on: units it adds, renames, moves
/// and closes (those missing from it). Levels never change: a unit that changes level is a new unit.
public struct UnitsDiff: Sendable, Equatable {
    public struct Added: Sendable, Equatable { public let code, name: String; public let level: Level; public let parent: String? }
    public struct Renamed: Sendable, Equatable { public let code, from, to: String }
    public struct Moved: Sendable, Equatable { public let code, name: String; public let from: String?; public let to: String? }
    public struct Closed: Sendable, Equatable { public let code, name: String }

    public let added: [Added]
    public let renamed: [Renamed]
    public let moved: [Moved]
    public let closed: [Closed]
    public let unchanged: Int
    /// Units whose level differs: refused.
    public let problems: [String]

    public var isEmpty: Bool { added.isEmpty && renamed.isEmpty && moved.isEmpty && closed.isEmpty }

    /// `next` (a units file) against `current` as it stands in `month` (a `MonthNumber`).
    public init(current: UnitTree, next: UnitTree, month: Int) {
        let now = current.at(month: month)
        var added: [Added] = [], renamed: [Renamed] = [], moved: [Moved] = [], closed: [Closed] = [], problems: [String] = []
        var unchanged = 0
        for u in next.units {
            let parent = u.parent.map { next[$0].code }
            guard let i = now.index(of: u.code) else {
                added.append(Added(code: u.code, name: u.name, level: u.level, parent: parent))
                continue
            }
            guard now.exists(i, in: month) else {
                // A code is never used twice: a closed unit stays what it was in its months.
                let span = now.spans[i]
                let months = "\(span.from.map(MonthNumber.text) ?? "…") 至 \(span.until.map(MonthNumber.text) ?? "…")"
                problems.append("单位代码 \(u.code) 已是 \(now[i].name) 的代码 (存续 \(months)), 不能再登记; 新设单位请用新代码")
                continue
            }
            let was = now[i]
            if was.level != u.level { problems.append("\(u.code) 原是\(was.level.chinese), 不能改为\(u.level.chinese) (请用新代码)"); continue }
            var same = true
            if was.name != u.name { renamed.append(Renamed(code: u.code, from: was.name, to: u.name)); same = false }
            let wasParent = was.parent.map { now[$0].code }
            if wasParent != parent { moved.append(Moved(code: u.code, name: u.name, from: wasParent, to: parent)); same = false }
            if same { unchanged += 1 }
        }
        for (i, u) in now.units.enumerated() where now.exists(i, in: month) && next.index(of: u.code) == nil {
            closed.append(Closed(code: u.code, name: u.name))
        }
        self.added = added
        self.renamed = renamed
        self.moved = moved
        self.closed = closed
        self.unchanged = unchanged
        self.problems = problems
    }
}
