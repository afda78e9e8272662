import BBTNumber
import BBTTemplates
import Foundation

/// Evaluates compiled expressions. Emptiness propagates: an empty input, a division by zero or a
/// percentage of zero gives an empty result, never 0; only `coalesce` chooses a fallback.
enum Evaluator {
    static func evaluate(_ e: CompiledFormula, _ atoms: [Value?]) -> Value? {
        switch e {
        case .constant(let v): return v
        case .atom(let i): return atoms[i]
        case .negate(let x):
            guard let d = evaluate(x, atoms)?.number else { return nil }
            return .number(-d)
        case .not(let x):
            guard case .bool(let b)? = evaluate(x, atoms) else { return nil }
            return .bool(!b)
        case .binary(let op, let l, let r):
            guard let a = evaluate(l, atoms), let b = evaluate(r, atoms) else { return nil }
            return binary(op, a, b)
        case .call(let f, let args):
            return call(f, args, atoms)
        }
    }

    private static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value? {
        switch op {
        case .add, .subtract, .multiply, .divide:
            guard let x = a.number, let y = b.number else { return nil }
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            default: return y.isZero ? nil : .number(x / y)
            }
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else { return nil }
            return .bool(op == .and ? x && y : x || y)
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let c = compare(a, b) else { return nil }
            switch op {
            case .less: return .bool(c < 0)
            case .lessOrEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        }
    }

    private static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = a.number, let y = b.number { return x == y }
        return a == b
    }

    /// -1, 0, 1; `nil` for values that do not order.
    private static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return nil
        }
    }

    private static func call(_ f: Function, _ args: [CompiledFormula], _ atoms: [Value?]) -> Value? {
        switch f {
        case .if:
            guard case .bool(let c)? = evaluate(args[0], atoms) else { return nil }
            return evaluate(args[c ? 1 : 2], atoms)
        case .coalesce:
            for a in args { if let v = evaluate(a, atoms) { return v } }
            return nil
        default:
            break
        }
        var values: [Value] = []
        values.reserveCapacity(args.count)
        for a in args {
            guard let v = evaluate(a, atoms) else { return nil }
            values.append(v)
        }
        switch f {
        case .round:
            guard let x = values[0].number, let n = values[1].number else { return nil }
            // More places than a number can have leave it as it is.
            let places = Swift.max(-40, Swift.min(40, n.integer ?? 40))
            return .number(x.rounded(places: places))
        case .abs:
            guard let x = values[0].number else { return nil }
            return .number(x.magnitude)
        case .pct:
            guard let a = values[0].number, let b = values[1].number, !b.isZero else { return nil }
            return .number(a * 100 / b)
        case .min, .max:
            var best = values[0]
            for v in values.dropFirst() {
                guard let c = compare(v, best) else { return nil }
                if (f == .min && c < 0) || (f == .max && c > 0) { best = v }
            }
            return best
        case .if, .coalesce:
            return nil  // handled above
        }
    }
}
