import BBTNumber
import BBTTemplates

/// Combines the values of several filling units by a field's merge rule, over the units that have
/// a value (all empty: empty). Always from the filling units themselves, never from merges of
/// merges, so that `avg` and `count` stay right at every level. Values are added one at a time,
/// so a city's 3,000 rows merge without gathering each column into an array.
struct UnitMerge {
    let rule: MergeRule
    private var present = 0
    private var sum = Number.zero
    private var best: Value?
    private var trues = 0

    init(_ rule: MergeRule) { self.rule = rule }

    mutating func add(_ value: Value?) {
        guard let value else { return }
        present += 1
        switch rule {
        case .sum, .avg:
            sum += value.number ?? 0
        case .min, .max:
            guard let b = best else { best = value; return }
            switch (value, b) {
            case (.number(let x), .number(let y)) where rule == .min ? x < y : x > y: best = value
            case (.date(let x), .date(let y)) where rule == .min ? x < y : x > y: best = value
            default: break
            }
        case .count:
            if value == .bool(true) { trues += 1 }
        case .none:
            break
        }
    }

    var result: Value? {
        guard present > 0 else { return nil }
        switch rule {
        case .sum: return .number(sum)
        case .avg: return .number(sum / Number(present))
        case .min, .max: return best
        case .count: return .number(Number(trues))
        case .none: return nil
        }
    }
}

/// One `UnitMerge` per input of a report: whole rows of units go in.
struct RowMerge {
    private var merges: [UnitMerge]

    init(_ rules: [MergeRule]) { merges = rules.map(UnitMerge.init) }

    mutating func add(_ row: [Value?]) {
        for i in merges.indices { merges[i].add(row[i]) }
    }

    var result: [Value?] { merges.map(\.result) }
}
