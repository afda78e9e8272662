import BBTEngine
import BBTTemplates

/// The balance checks printed under a report: each rule whose fields are all columns of the report,
/// in words over the columns' designator numbers (`3 ≤ 2`).
enum BalanceChecks {
    static func describe(_ report: Report, rules: [Rule]) -> [String] {
        var number: [String: Int] = [:]
        for (i, c) in report.columns.enumerated() {
            if case .field(let id) = c.expression, number[id] == nil { number[id] = i + 1 }
        }
        var out: [String] = []
        for rule in rules where !rule.fields.isEmpty && rule.fields.allSatisfy({ number[$0] != nil }) {
            for check in comparisons(rule.expression) {
                if let text = words(check, number), !out.contains(text) { out.append(text) }
            }
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
        case .field(let id): return number[id].map(String.init)
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
