import BBTNumber
import BBTTemplates
import Foundation

/// Combines the values of several filling units by a field's merge rule, over the units that have
/// a value (all empty: empty). Always from the filling units themselves, never from merges of
/// merges, so that `avg` and `count` stay right at every level.
enum UnitMerge {
    static func merge(_ rule: MergeRule, _ values: [Value?]) -> Value? {
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        switch rule {
        case .sum:
            return .number(present.reduce(Number.zero) { $0 + ($1.number ?? 0) })
        case .avg:
            let sum = present.reduce(Number.zero) { $0 + ($1.number ?? 0) }
            return .number(sum / Number(present.count))
        case .min, .max:
            var best = present[0]
            for v in present.dropFirst() {
                switch (v, best) {
                case (.number(let a), .number(let b)) where rule == .min ? a < b : a > b: best = v
                case (.date(let a), .date(let b)) where rule == .min ? a < b : a > b: best = v
                default: break
                }
            }
            return best
        case .count:
            return .number(Number(present.count { $0 == .bool(true) }))
        case .none:
            return nil
        }
    }
}
