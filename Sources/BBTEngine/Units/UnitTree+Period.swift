import BBTTemplates

extension UnitTree {
    /// The tree of a period's last month: what a report for that period is made over.
    public func at(_ period: Period) -> UnitTree { at(month: period.endMonth) }

    /// Whether the unit exists in the period's last month (a unit closed after May has no June form).
    public func exists(_ unit: Int, in period: Period) -> Bool { exists(unit, in: period.endMonth) }
}

extension UnitTree {
    /// What is wrong with the tree in any month: a unit whose parent does not exist then, or is not
    /// above it. Checked at every month where something starts, ends or changes.
    public func problems() -> [String] {
        var months = Set<Int>([Int.min / 2])
        for s in spans {
            if let f = s.from { months.insert(f) }
            if let u = s.until { months.insert(u + 1) }
        }
        for c in changes { months.insert(c.from) }
        var found: [String] = []
        var seen = Set<String>()
        for m in months.sorted() {
            let tree = at(month: m)
            let when = m == Int.min / 2 ? "" : "\(MonthNumber.text(m)) 起"
            for (i, u) in tree.units.enumerated() where tree.exists(i, in: m) {
                guard let p = u.parent else { continue }
                var problem: String?
                if !tree.exists(p, in: m) { problem = "\(when)\(u.name) (\(u.code)) 的上级 \(tree[p].name) (\(tree[p].code)) 不存在" }
                else if tree[p].level <= u.level { problem = "\(when)\(u.name) (\(u.code)) 的上级 \(tree[p].name) 是\(tree[p].level.chinese), 不在它之上" }
                if let problem, seen.insert("\(u.code)|\(problem.dropFirst(when.count))").inserted { found.append(problem) }
            }
        }
        return found
    }
}

extension UnitTree {
    /// The units of this month's tree in tree order (each before its children, children by code),
    /// with their depth below the root: how a tree of units is listed.
    public func inOrder(month: Int) -> [(unit: Int, depth: Int)] {
        var out: [(unit: Int, depth: Int)] = []
        var stack = units.indices.filter { units[$0].parent == nil && exists($0, in: month) }.reversed().map { ($0, 0) }
        while let (u, depth) = stack.popLast() {
            out.append((u, depth))
            stack.append(contentsOf: children[u].reversed().map { ($0, depth + 1) })
        }
        return out
    }
}
