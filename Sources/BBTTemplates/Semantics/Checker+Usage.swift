extension Checker {
    /// A field that no report uses is collected from nobody and shown nowhere: likely a leftover.
    /// Uses are read from the syntax, so a report broken elsewhere does not add false warnings.
    mutating func warnAboutUnusedFields(_ fields: [Field]) {
        var used = Set<String>()
        var visited = Set<Int>()
        func walk(_ expr: Expr) {
            switch expr.kind {
            case .number, .string, .bool: break
            case .name(let n):
                switch symbols[n] {
                case .field?: used.insert(n)
                case .computed(let i)? where visited.insert(i).inserted: walk(computedDecls[i].expr)
                default: break
                }
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x), .paren(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            }
        }
        func walk(_ items: [ReportItem]) {
            for item in items {
                switch item {
                case .column(let c): walk(c.expr)
                case .group(let g): walk(g.items)
                }
            }
        }
        for decl in reportDecls { walk(decl.items) }
        for f in fields where !used.contains(f.id) {
            diagnostics.warning("字段 \"\(f.id)\" (\(f.label)) 没有被任何报表使用", at: f.span)
        }
    }

    /// Two fields with one label are most likely the same number asked twice.
    mutating func warnAboutRepeatedLabels() {
        var first: [String: FieldDecl] = [:]
        for pending in fieldDecls {
            let decl = pending.decl
            if let earlier = first[decl.label.value] {
                let at = sources.location(of: earlier.label.span)
                diagnostics.warning("字段 \"\(decl.id.text)\" 与 \"\(earlier.id.text)\" 的标签都是 \"\(decl.label.value)\" (\(at.path):\(at.location)), 可能是同一数据问了两次", at: decl.label.span)
            } else {
                first[decl.label.value] = decl
            }
        }
    }

    /// Per level: each field used by that level's reports, at the finest of their frequencies and its
    /// own `every`. A field that declares `every` but no report uses is collected at the lowest
    /// filling level.
    static func collectionFrequencies(fields: [Field], reports: [Report]) -> [Level: [String: Frequency]] {
        var result: [Level: [String: Frequency]] = [:]
        var usedAnywhere = Set<String>()
        for report in reports {
            for f in report.fields {
                usedAnywhere.insert(f)
                let current = result[report.filledBy, default: [:]][f]
                result[report.filledBy, default: [:]][f] = current.map { Swift.min($0, report.frequency) } ?? report.frequency
            }
        }
        let lowest = reports.map(\.filledBy).min() ?? .community
        for field in fields {
            guard let every = field.every else { continue }
            if usedAnywhere.contains(field.id) {
                for level in result.keys where result[level]![field.id] != nil {
                    result[level]![field.id] = Swift.min(result[level]![field.id]!, every)
                }
            } else {
                result[lowest, default: [:]][field.id] = every
            }
        }
        return result
    }
}
