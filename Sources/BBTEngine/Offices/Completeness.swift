import BBTTemplates

/// What offices count of the forms below them (应报, 已报, 及时, 迟报, 已审核, 退回): pure, from the
/// rows the store gives and the month's tree.
public enum Completeness {
    /// One unit's form of a month as an office sees it.
    public struct Row: Sendable {
        public let unit: Int
        public let level: Level
        public let state: FormState
        /// Required fields not filled, by ID.
        public let missing: [String]
        /// The day the form is due (`Catalog.formDue`), if any report says.
        public let due: LocalDate?
        public var punctuality: Punctuality { state.punctuality(due: due) }

        public init(unit: Int, level: Level, state: FormState, missing: [String], due: LocalDate?) {
            self.unit = unit
            self.level = level
            self.state = state
            self.missing = missing
            self.due = due
        }
    }

    /// What an office counts for the units below it in one month.
    public struct Tally: Sendable, Equatable {
        public var expected = 0, submitted = 0, onTime = 0, late = 0, approved = 0, returned = 0

        public init() {}

        public mutating func add(_ row: Row) {
            expected += 1
            switch row.punctuality {
            case .onTime: submitted += 1; onTime += 1
            case .late: submitted += 1; late += 1
            case .missing: break
            }
            if row.state.status == .approved { approved += 1 }
            if row.state.status == .returned { returned += 1 }
        }

        /// `part` of the expected forms, in percent with one decimal; `nil` when none was expected.
        public func rate(_ part: Int) -> Double? {
            expected == 0 ? nil : (Double(part) * 1000 / Double(expected)).rounded() / 10
        }
    }

    /// A tally for `unit` and for every unit under it that has filling units below it, in tree
    /// order (`tree` is the month's): a street sees itself, a district itself and each street.
    public static func tallies(_ rows: [Row], unit: Int, tree: UnitTree) -> [(unit: Int, tally: Tally)] {
        var tallies: [Int: Tally] = [:]
        for row in rows {
            var u: Int? = row.unit
            while let current = u {
                if current != row.unit || current == unit { tallies[current, default: Tally()].add(row) }
                if current == unit { break }
                u = tree[current].parent
            }
        }
        var order: [Int] = []
        var stack = [unit]
        while let u = stack.popLast() {
            if tallies[u] != nil { order.append(u) }
            stack.append(contentsOf: tree.children[u].reversed())
        }
        return order.map { ($0, tallies[$0]!) }
    }
}
