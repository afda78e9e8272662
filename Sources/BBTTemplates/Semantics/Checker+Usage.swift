import Foundation

extension Checker {
    /// What the reports read, in one walk of their columns' syntax (through the computed indicators
    /// they use): the fields used, and for each field the dimensions some column slices it by. Read
    /// from the syntax, so a report broken elsewhere adds no false warnings.
    func reportUsage() -> (used: Set<String>, sliced: [String: Set<String>]) {
        var used = Set<String>()
        var sliced: [String: Set<String>] = [:]
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
            case .slice(let f, let members):
                used.insert(f.text)
                sliced[f.text, default: []].formUnion(members.map(\.dimension.text))
            case .call(_, let args): args.forEach(walk)
            case .negate(let x), .not(let x), .paren(let x): walk(x)
            case .binary(_, let l, let r): walk(l); walk(r)
            }
        }
        func walk(_ items: [ReportItem]) {
            for item in items {
                switch item {
                case .column(let c): walk(c.expr)
                case .columns(let c):
                    used.insert(c.field.text)
                    sliced[c.field.text, default: []].insert(c.dimension.text)
                case .group(let g): walk(g.items)
                }
            }
        }
        for decl in reportDecls { walk(decl.items) }
        return (used, sliced)
    }

    /// A field that no report uses is collected from nobody and shown nowhere: likely a leftover.
    mutating func warnAboutUnusedFields(_ fields: [Field], used: Set<String>) {
        for f in fields where !used.contains(f.id) {
            diagnostics.warning("字段 \"\(f.id)\" (\(f.label)) 没有被任何报表使用", at: f.span)
        }
    }

    /// Two fields with one label are most likely the same number asked twice.
    /// Two fields asking for the same datum: the same label, or labels equal once units in brackets,
    /// spaces and a trailing 数/数量/总数 are dropped (`常住人口` / `常住人口数` / `常住人口(人)`) with
    /// compatible types and units. The later field is warned about, naming the earlier one's place.
    mutating func warnAboutRepeatedLabels() {
        var exact: [String: Int] = [:]
        var near: [String: [Int]] = [:]
        for (i, pending) in fieldDecls.enumerated() {
            let decl = pending.decl
            if let earlier = exact[decl.label.value] {
                let other = fieldDecls[earlier].decl
                let at = sources.location(of: other.label.span)
                diagnostics.warning("字段 \"\(decl.id.text)\" 与 \"\(other.id.text)\" 的标签都是 \"\(decl.label.value)\" (\(at.path):\(at.location)), 可能是同一数据问了两次", at: decl.label.span)
                continue
            }
            exact[decl.label.value] = i
            let key = Checker.datum(decl.label.value)
            guard !key.isEmpty else { continue }
            if let earlier = near[key, default: []].first(where: { compatible(fields[$0], fields[i]) }) {
                let other = fieldDecls[earlier].decl
                let at = sources.location(of: other.label.span)
                diagnostics.warning("字段 \"\(decl.id.text)\" (\"\(decl.label.value)\") 与 \"\(other.id.text)\" (\"\(other.label.value)\", \(at.path):\(at.location)) 可能是同一数据换了说法, 请考虑合并为一个字段", at: decl.label.span)
            }
            near[key, default: []].append(i)
        }
    }

    static func datum(_ label: String) -> String { Labels.datum(label) }

    /// Fields that could hold the same datum: both numbers or the same kind, and no two different units.
    private func compatible(_ a: Field?, _ b: Field?) -> Bool {
        guard let a, let b else { return false }
        let sameKind = (a.type.kind.isNumber && b.type.kind.isNumber) || a.type.kind == b.type.kind
        let units = a.unit == nil || b.unit == nil || a.unit == b.unit
        return sameKind && units
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

/// What labels say, compared the way the checker's near-duplicate warning and the importer compare them.
public enum Labels {
    /// The datum a label names: without units in brackets, white space and a trailing 数/数量/总数.
    public static func datum(_ label: String) -> String {
        var out = withoutUnits(label)
        for suffix in ["总数", "数量", "数"] where out.hasSuffix(suffix) && out.count > suffix.count {
            out.removeLast(suffix.count)
            break
        }
        return out
    }

    /// The label without what stands in brackets (units, notes) and without white space.
    public static func withoutUnits(_ label: String) -> String {
        var out = ""
        var depth = 0
        for ch in label {
            switch ch {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            default: if depth == 0 && !ch.isWhitespace { out.append(ch) }
            }
        }
        return out
    }

    /// The unit in the label's last brackets: `常住人口(人)` → `人`.
    public static func unit(_ label: String) -> String? {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard let close = trimmed.last, close == ")" || close == "）" else { return nil }
        guard let open = trimmed.lastIndex(where: { $0 == "(" || $0 == "（" }) else { return nil }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingCharacters(in: .whitespaces)
        return inner.isEmpty || inner.count > 6 ? nil : inner
    }
}
