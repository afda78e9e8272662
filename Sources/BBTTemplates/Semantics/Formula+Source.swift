import BBTNumber

extension Formula {
    /// The expression as one writes it in a template, with the fewest parentheses that keep its
    /// meaning. With a catalog, computed indicators are written out as their own expressions, so
    /// that every name left is a field (what a drill-down lists as inputs).
    public func source(inlining catalog: Catalog? = nil, parentPrecedence: Int = 0) -> String {
        switch self {
        case .number(let n): return n.plainText
        case .text(let s): return SourcePrinter.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .field(let id): return id
        case .computed(let id):
            guard let catalog, let c = catalog.computed(id) else { return id }
            return c.expression.source(inlining: catalog, parentPrecedence: parentPrecedence)
        case .time(let fn, let id): return "\(fn.rawValue)(\(id))"
        case .cells(let figure, let parts):
            // With a catalog every name left is an input: the cells, summed.
            guard catalog != nil, !parts.isEmpty else { return figure }
            let s = parts.map { $0.source(inlining: catalog, parentPrecedence: 6) }.joined(separator: " + ")
            return parts.count > 1 && parentPrecedence > 5 ? "(\(s))" : s
        case .call(let f, let args): return "\(f.rawValue)(\(args.map { $0.source(inlining: catalog) }.joined(separator: ", ")))"
        case .negate(let x): return "-" + x.source(inlining: catalog, parentPrecedence: 7)
        case .not(let x):
            let s = "not " + x.source(inlining: catalog, parentPrecedence: 4)
            return parentPrecedence > 3 ? "(\(s))" : s
        case .binary(let op, let l, let r):
            // As SourcePrinter: left-associative, and comparisons do not chain.
            let leftPrecedence = op.isComparison ? op.precedence + 1 : op.precedence
            let s = "\(l.source(inlining: catalog, parentPrecedence: leftPrecedence)) \(op.rawValue) "
                + r.source(inlining: catalog, parentPrecedence: op.precedence + 1)
            return op.precedence < parentPrecedence ? "(\(s))" : s
        }
    }
}

extension Catalog {
    /// The distinct fields an expression reads, through computed indicators and time functions, in
    /// first-use order (what a drill-down of one column needs from the store).
    public func fields(of expression: Formula) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        func walk(_ e: Formula) {
            switch e {
            case .number, .text, .bool: break
            case .field(let id), .time(_, let id): if seen.insert(id).inserted { out.append(id) }
            case .computed(let id): if let c = computed(id) { walk(c.expression) }
            case .cells(_, let parts): parts.forEach(walk)
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            }
        }
        walk(expression)
        return out
    }
}
