import BBTEngine
import BBTTemplates

/// The balance checks printed under a report: each rule whose fields are all columns of the report,
/// in words over the columns' designator numbers (`3 ≤ 2`); and a field with breakdowns whose total
/// and slices are columns, as statistical tables print it: `2=3+4=5+6+7` (its total, the cells of
/// each breakdown).
enum BalanceChecks {
    static func describe(_ report: Report, rules: [Rule]) -> [String] {
        var number: [String: Int] = [:]
        for (i, c) in report.columns.enumerated() {
            switch c.expression {
            case .field(let id), .cells(let id, _): if number[id] == nil { number[id] = i + 1 }
            default: break
            }
        }
        var out = splits(report, rules: rules)
        for rule in rules where !rule.fields.isEmpty && !isBreakdownRule(rule) {
            for check in comparisons(rule.expression) {
                if let text = words(check, number), !out.contains(text) { out.append(text) }
            }
        }
        return out
    }

    /// The built-in rule of separate breakdowns (`f`'s total by one equals its total by another).
    private static func isBreakdownRule(_ rule: Rule) -> Bool {
        if case .binary(.equal, .cells(let a, _), .cells(let b, _)) = rule.expression, a == b, !a.contains("[") { return true }
        return false
    }

    /// `2=3+4=5+6+7`: a total column, then each breakdown whose every cell is a column of its own.
    private static func splits(_ report: Report, rules: [Rule]) -> [String] {
        var single: [String: Int] = [:]
        for (i, c) in report.columns.enumerated() {
            if case .cells(_, let parts) = c.expression, parts.count == 1, case .field(let key) = parts[0], single[key] == nil {
                single[key] = i + 1
            }
        }
        var out: [String] = []
        for (i, c) in report.columns.enumerated() {
            guard case .cells(let field, let parts) = c.expression, !field.contains("[") else { continue }
            var breakdowns = [parts]
            for rule in rules {
                if case .binary(.equal, .cells(let a, _), .cells(let b, let other)) = rule.expression, a == field, b == field {
                    breakdowns.append(other)
                }
            }
            let sums = breakdowns.compactMap { cells -> String? in
                let columns = cells.compactMap { cell -> Int? in
                    if case .field(let key) = cell { return single[key] }
                    return nil
                }
                return columns.count == cells.count && cells.count > 1 ? columns.map(String.init).joined(separator: "+") : nil
            }
            if !sums.isEmpty { out.append(([String(i + 1)] + sums).joined(separator: "=")) }
        }
        return out
    }

    private static func comparisons(_ f: Formula) -> [Formula] {
        if case .binary(.and, let l, let r) = f { return comparisons(l) + comparisons(r) }
        return [f]
    }

    private static func words(_ f: Formula, _ number: [String: Int]) -> String? {
        guard case .binary(let op, let l, let r) = f, let symbol = symbols[op],
              let left = term(l, number, 0), let right = term(r, number, 0) else { return nil }
        return "\(left) \(symbol) \(right)"
    }

    static let symbols: [BinaryOperator: String] = [
        .less: "<", .lessOrEqual: "≤", .greater: ">", .greaterOrEqual: "≥", .equal: "=", .notEqual: "≠",
    ]

    private static func term(_ f: Formula, _ number: [String: Int], _ parent: Int) -> String? {
        switch f {
        case .field(let id), .cells(let id, _): return number[id].map(String.init)
        case .number(let d): return d.plainText
        case .binary(let op, let l, let r) where [.add, .subtract, .multiply, .divide].contains(op):
            let p = op == .add || op == .subtract ? 1 : 2
            guard let a = term(l, number, p), let b = term(r, number, p + 1) else { return nil }
            let symbol = ["+": "+", "-": "−", "*": "×", "/": "÷"][op.rawValue]!
            let s = "\(a) \(symbol) \(b)"
            return p < parent ? "(\(s))" : s
        default: return nil
        }
    }
}
