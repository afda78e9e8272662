import BBTNumber
import Foundation

extension Checker {
    /// Checks computed indicator `i` (and first whatever it refers to), finding cycles on the way.
    mutating func checkComputed(_ i: Int) {
        guard computedState[i] == .unvisited else { return }
        let decl = computedDecls[i]
        guard case .computed(let registered)? = symbols[decl.id.text], registered == i else {
            computedState[i] = .done  // a duplicate, already reported
            return
        }
        if computedStack.count >= Checker.maxComputedChain {
            // A chain this long is generated, not written; refusing it keeps the recursion bounded.
            diagnostics.error("计算指标引用链太长 (超过 \(Checker.maxComputedChain) 层)", at: decl.id.span)
            computedState[i] = .done
            brokenByCycle.insert(i)
            return
        }
        computedState[i] = .visiting
        computedStack.append(i)
        let (expression, kind) = resolve(decl.expr)
        computedStack.removeLast()
        computedState[i] = .done
        guard let kind, !brokenByCycle.contains(i) else { return }
        var places: Int?
        if let p = decl.places {
            guard let n = smallInteger(p), (0...6).contains(n) else {
                diagnostics.error("decimal 的小数位数必须是 0 到 6 的整数, 却是 \(p.text)", at: p.span)
                return
            }
            guard kind.isNumber else {
                diagnostics.error("decimal(\(n)) 只能用于数值, 计算指标 \"\(decl.id.text)\" 的结果是\(kind.chinese)", at: p.span)
                return
            }
            places = n
        }
        let finalKind: ValueKind = places.map { $0 == 0 && kind == .integer ? .integer : .decimal } ?? kind
        computed[i] = Computed(id: decl.id.text, label: decl.label.value, expression: expression, kind: finalKind,
                               places: places ?? (finalKind == .decimal ? 2 : nil), unit: decl.unit?.value, span: decl.id.span)
        computedFields[i] = fieldDependencies(expression)
        computedFigures[i] = figureDependencies(expression)
    }

    mutating func checkRule(_ decl: RuleDecl) -> Rule? {
        let (expression, kind) = resolve(decl.expr)
        guard let kind else { return nil }
        guard kind == .bool else {
            diagnostics.error("规则的表达式必须是条件 (如 a <= b), 这里的结果是\(kind.chinese)", at: decl.expr.span)
            return nil
        }
        return Rule(expression: expression, message: decl.message.value, severity: decl.severity, span: decl.keyword,
                    fields: fieldDependencies(expression))
    }

    /// The distinct fields an expression reads, through computed indicators and time functions,
    /// in first-use order.
    func fieldDependencies(_ expression: Formula) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        func add(_ id: String) { if seen.insert(id).inserted { out.append(id) } }
        func walk(_ e: Formula) {
            switch e {
            case .number, .text, .bool: break
            case .field(let id), .time(_, let id):
                // A cell read stands for its whole field: all its cells are collected together.
                if let parent = cellParent(id), let b = breakdowns[parent] { b.allCells.forEach { add($0.key) } } else { add(id) }
            case .cells(_, let parts): parts.forEach(walk)
            case .computed(let id):
                if case .computed(let i)? = symbols[id] { computedFields[i]?.forEach(add) }
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            }
        }
        walk(expression)
        return out
    }

    /// The field a cell key belongs to (`pop[sex.male]` → `pop`).
    func cellParent(_ id: String) -> String? {
        guard id.hasSuffix("]"), let open = id.firstIndex(of: "[") else { return nil }
        return String(id[..<open])
    }

    /// The distinct figures an expression reads, through computed indicators: a field, or a figure
    /// of a field with breakdowns (its total or a slice), once however many time functions read it.
    func figureDependencies(_ expression: Formula) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        func add(_ id: String) { if seen.insert(id).inserted { out.append(id) } }
        func walk(_ e: Formula) {
            switch e {
            case .number, .text, .bool: break
            case .field(let id), .time(_, let id): add(id)
            case .cells(let figure, _): add(figure)
            case .computed(let id):
                if case .computed(let i)? = symbols[id] { computedFigures[i]?.forEach(add) }
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            }
        }
        walk(expression)
        return out
    }

    /// Resolves names and infers the kind of an expression. A `nil` kind means a problem was already
    /// reported inside, and callers stay quiet about it.
    mutating func resolve(_ expr: Expr) -> (Formula, ValueKind?) {
        switch expr.kind {
        case .number(let text):
            return (.number(Number(text) ?? 0),
                    text.contains(".") ? .decimal : .integer)
        case .string(let s):
            return (.text(s), .text)
        case .bool(let b):
            return (.bool(b), .bool)
        case .paren(let inner):
            return resolve(inner)
        case .name(let name):
            return resolveName(name, span: expr.span)
        case .slice(let field, let members):
            return resolveSlice(field, members)
        case .negate(let inner):
            let (e, kind) = resolve(inner)
            guard let kind else { return (.negate(e), nil) }
            guard kind.isNumber else {
                diagnostics.error("负号只能用于数值, 这里是\(kind.chinese)", at: inner.span)
                return (.negate(e), nil)
            }
            return (.negate(e), kind)
        case .not(let inner):
            let (e, kind) = resolve(inner)
            guard let kind else { return (.not(e), nil) }
            guard kind == .bool else {
                diagnostics.error("not 只能用于条件, 这里是\(kind.chinese)", at: inner.span)
                return (.not(e), nil)
            }
            return (.not(e), .bool)
        case .binary(let op, let l, let r):
            return resolveBinary(op, l, r)
        case .call(let function, let args):
            return resolveCall(function, args, span: expr.span)
        }
    }

    private mutating func resolveName(_ name: String, span: SourceSpan) -> (Formula, ValueKind?) {
        switch symbols[name] {
        case .field(let i)?:
            if let b = breakdowns[name] { return (total(b), fields[i]?.type.kind) }
            return (.field(name), fields[i]?.type.kind)
        case .computed(let i)?:
            if computedState[i] == .visiting {
                reportCycle(from: i)
                return (.computed(name), nil)
            }
            checkComputed(i)
            return (.computed(name), computed[i]?.kind)
        case .report?:
            diagnostics.error("\"\(name)\" 是报表, 不能用在表达式里", at: span)
            return (.field(name), nil)
        case nil:
            if Function(rawValue: name) != nil || TimeFunction(rawValue: name) != nil {
                diagnostics.error("\"\(name)\" 是函数, 要加括号: \(name)(…)", at: span)
            } else if unreadable.contains(name) {
                // Its declaration is broken and said so: one mistake, one error.
            } else {
                diagnostics.error("未知的名称 \"\(name)\"\(suggestion(for: name))", at: span)
            }
            return (.field(name), nil)
        }
    }

    private mutating func reportCycle(from start: Int) {
        guard let position = computedStack.firstIndex(of: start) else { return }
        let members = Array(computedStack[position...])
        let path = (members + [start]).map { computedDecls[$0].id.text }.joined(separator: " → ")
        if members.allSatisfy({ !brokenByCycle.contains($0) }) {
            // Reported once, at the member declared first.
            let first = members.min { computedDecls[$0].id.span.file < computedDecls[$1].id.span.file
                || (computedDecls[$0].id.span.file == computedDecls[$1].id.span.file
                    && computedDecls[$0].id.span.start < computedDecls[$1].id.span.start) }!
            diagnostics.error("计算指标之间循环引用: \(path)", at: computedDecls[first].id.span)
        }
        brokenByCycle.formUnion(members)
    }

    private mutating func resolveBinary(_ op: BinaryOperator, _ l: Expr, _ r: Expr) -> (Formula, ValueKind?) {
        let (le, lk) = resolve(l)
        let (re, rk) = resolve(r)
        let e = Formula.binary(op, le, re)
        guard let lk, let rk else { return (e, nil) }
        switch op {
        case .add, .subtract, .multiply, .divide:
            for (side, kind) in [(l, lk), (r, rk)] where !kind.isNumber {
                diagnostics.error("类型不匹配: \"\(op.rawValue)\" 只能用于数值, 这里是\(kind.chinese)", at: side.span)
                return (e, nil)
            }
            return (e, op == .divide || lk == .decimal || rk == .decimal ? .decimal : .integer)
        case .and, .or:
            for (side, kind) in [(l, lk), (r, rk)] where kind != .bool {
                diagnostics.error("类型不匹配: \(op.rawValue) 只能用于条件, 这里是\(kind.chinese)", at: side.span)
                return (e, nil)
            }
            return (e, .bool)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let kind = ValueKind.unify(lk, rk) else {
                diagnostics.error("类型不匹配: \"\(op.rawValue)\" 两边的类型不同 (\(lk.chinese)和\(rk.chinese))", at: r.span)
                return (e, nil)
            }
            if op != .equal, op != .notEqual, !(kind.isNumber || kind == .date) {
                diagnostics.error("类型不匹配: \(kind.chinese)不能比较大小, 只能用 == 或 !=", at: l.span)
                return (e, nil)
            }
            return (e, .bool)
        }
    }
}
