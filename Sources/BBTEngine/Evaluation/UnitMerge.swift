import BBTNumber
import BBTTemplates

/// Combines the values of several filling units by a field's merge rule, over the units that have
/// a value (all empty: empty). Always from the filling units themselves, never from merges of
/// merges, so that `avg` and `count` stay right at every level. Values are added one at a time,
/// so a city's 3,000 rows merge without gathering each column into an array.
struct UnitMerge: Sendable {
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

    /// Adds what another merge of the same rule has taken in (other units): merges combine in any
    /// grouping — a street's partial, then its district's — with the result of adding every unit.
    mutating func combine(_ other: UnitMerge) {
        present += other.present
        sum += other.sum
        trues += other.trues
        guard let b = other.best else { return }
        guard let mine = best else { best = b; return }
        switch (b, mine) {
        case (.number(let x), .number(let y)) where rule == .min ? x < y : x > y: best = b
        case (.date(let x), .date(let y)) where rule == .min ? x < y : x > y: best = b
        default: break
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

/// One `UnitMerge` per input of a report: whole rows of units go in. Kept for a street, it is the
/// street's partial aggregate of the report (`ReportBuilder.partial`): sum, count, min and max of
/// each input over its filling units, each unit's value taken for the period first.
public struct RowMerge: Sendable {
    private var merges: [UnitMerge]
    /// Filling units taken in.
    public private(set) var units = 0

    init(_ rules: [MergeRule]) { merges = rules.map(UnitMerge.init) }

    mutating func add(_ row: [Value?]) {
        for i in merges.indices { merges[i].add(row[i]) }
        units += 1
    }

    mutating func combine(_ other: RowMerge) {
        for i in merges.indices where i < other.merges.count { merges[i].combine(other.merges[i]) }
        units += other.units
    }

    var result: [Value?] { merges.map(\.result) }
}
