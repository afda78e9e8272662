extension Checker {
    mutating func resolveCall(_ function: Name, _ args: [Expr], span: SourceSpan) -> (Formula, ValueKind?) {
        if let time = TimeFunction(rawValue: function.text) {
            return resolveTimeFunction(time, function, args)
        }
        guard let f = Function(rawValue: function.text) else {
            let known = (Function.allCases.map(\.rawValue) + TimeFunction.allCases.map(\.rawValue)).joined(separator: "、")
            diagnostics.error("未知的函数 \"\(function.text)\" (可用: \(known))", at: function.span)
            for a in args { _ = resolve(a) }
            return (.call(.abs, []), nil)
        }
        let resolved = args.map { resolve($0) }
        let e = Formula.call(f, resolved.map(\.0))

        let arity: ClosedRange<Int>
        switch f {
        case .if: arity = 3...3
        case .round, .pct: arity = 2...2
        case .abs: arity = 1...1
        case .min, .max, .coalesce: arity = 1...Int.max
        }
        guard arity.contains(args.count) else {
            let expected = arity.upperBound == Int.max ? "至少 \(arity.lowerBound) 个" : "\(arity.lowerBound) 个"
            diagnostics.error("\(f.rawValue) 需要 \(expected)参数, 这里有 \(args.count) 个", at: function.span)
            return (e, nil)
        }
        let kinds = resolved.map(\.1)
        guard kinds.allSatisfy({ $0 != nil }) else { return (e, nil) }
        let k = kinds.map { $0! }

        func requireNumbers(_ indices: Range<Int>) -> Bool {
            for i in indices where !k[i].isNumber {
                diagnostics.error("类型不匹配: \(f.rawValue) 的参数必须是数值, 这里是\(k[i].chinese)", at: args[i].span)
                return false
            }
            return true
        }
        /// All arguments in `indices` of one kind (numbers widen to decimal).
        func unified(_ indices: Range<Int>) -> ValueKind? {
            var kind = k[indices.lowerBound]
            for i in indices.dropFirst() {
                guard let u = ValueKind.unify(kind, k[i]) else {
                    diagnostics.error("类型不匹配: \(f.rawValue) 的参数类型要一致 (\(kind.chinese)和\(k[i].chinese))", at: args[i].span)
                    return nil
                }
                kind = u
            }
            return kind
        }

        switch f {
        case .if:
            guard k[0] == .bool else {
                diagnostics.error("类型不匹配: if 的第一个参数必须是条件, 这里是\(k[0].chinese)", at: args[0].span)
                return (e, nil)
            }
            return (e, unified(1..<3))
        case .round:
            guard requireNumbers(0..<2) else { return (e, nil) }
            if case .number(let n) = args[1].kind, !n.contains(".") {
                return (e, n == "0" ? .integer : .decimal)
            }
            diagnostics.error("round 的第二个参数 (小数位数) 必须是整数常量, 如 round(x, 2)", at: args[1].span)
            return (e, nil)
        case .pct:
            return (e, requireNumbers(0..<2) ? .decimal : nil)
        case .abs:
            return (e, requireNumbers(0..<1) ? k[0] : nil)
        case .min, .max:
            guard let kind = unified(0..<args.count) else { return (e, nil) }
            guard kind.isNumber || kind == .date else {
                diagnostics.error("类型不匹配: \(f.rawValue) 只能用于数值或日期, 这里是\(kind.chinese)", at: args[0].span)
                return (e, nil)
            }
            return (e, kind)
        case .coalesce:
            return (e, unified(0..<args.count))
        }
    }

    /// `ytd(f)`, `prev(f)`, `prev_year(f)`: on a field by name, never on an expression.
    private mutating func resolveTimeFunction(_ time: TimeFunction, _ function: Name, _ args: [Expr]) -> (Formula, ValueKind?) {
        guard args.count == 1 else {
            diagnostics.error("\(time.rawValue) 需要 1 个参数 (一个字段), 这里有 \(args.count) 个", at: function.span)
            return (.time(time, ""), nil)
        }
        var arg = args[0]
        while case .paren(let inner) = arg.kind { arg = inner }
        if case .slice(let field, let members) = arg.kind {
            let (cells, kind) = resolveSlice(field, members, time: time)
            return (cells, kind)
        }
        guard case .name(let name) = arg.kind else {
            diagnostics.error("\(time.rawValue) 只能用于一个字段的名称, 如 \(time.rawValue)(pop_resident)", at: arg.span)
            return (.time(time, ""), nil)
        }
        switch symbols[name] {
        case .field(let i)?:
            if let b = breakdowns[name] { return (total(b, time: time), fields[i]?.type.kind) }
            return (.time(time, name), fields[i]?.type.kind)
        case .computed?:
            diagnostics.error("\(time.rawValue) 只能用于字段, \"\(name)\" 是计算指标 (请在公式里对它用到的字段分别用 \(time.rawValue))", at: arg.span)
            return (.time(time, name), nil)
        default:
            return (.time(time, name), resolve(arg).1)
        }
    }
}
