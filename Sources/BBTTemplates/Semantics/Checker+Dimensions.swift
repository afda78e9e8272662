import Foundation

/// Dimensions, breakdowns (`by`) and slices (`f[dim.member]`): a figure split several ways is still
/// one field; only its cells are stored, and its total and slices are sums of cells.
extension Checker {
    mutating func checkDimensions() {
        for decl in dimensionDecls {
            if let first = dimensions[decl.id.text] {
                let at = sources.location(of: first.span)
                diagnostics.error("重复定义维度 \"\(decl.id.text)\" (已在 \(at.path):\(at.location) 定义)", at: decl.id.span)
                continue
            }
            // A repeated ID or a group of unknown members is reported and left out; the rest of the
            // dimension stands, so that its fields are still checked.
            var ids: [String: SourceSpan] = [:]
            func unique(_ name: Name) -> Bool {
                if let first = ids[name.text] {
                    let at = sources.location(of: first).location
                    diagnostics.error("维度 \"\(decl.id.text)\" 中重复的成员或分组 \"\(name.text)\" (第一次在第 \(at.line) 行第 \(at.column) 列)", at: name.span)
                    return false
                }
                ids[name.text] = name.span
                return true
            }
            let members = decl.members.filter { unique($0.id) }
            guard !members.isEmpty else {
                diagnostics.error("维度 \"\(decl.id.text)\" 没有成员", at: decl.id.span)
                continue
            }
            let memberIDs = Set(members.map(\.id.text))
            var groups: [DimensionDecl.Group] = []
            for g in decl.groups where unique(g.id) {
                let unknown = g.members.filter { !memberIDs.contains($0.text) }
                for m in unknown {
                    diagnostics.error("分组 \"\(g.id.text)\" 的 \"\(m.text)\" 不是维度 \"\(decl.id.text)\" 的成员 (分组只能由成员组成)", at: m.span)
                }
                if unknown.isEmpty { groups.append(g) }
            }
            dimensions[decl.id.text] = Dimension(
                id: decl.id.text, label: decl.label.value,
                members: members.map { .init(id: $0.id.text, label: $0.label.value) },
                groups: groups.map { .init(id: $0.id.text, label: $0.label.value, members: $0.members.map(\.text)) },
                span: decl.id.span)
        }
    }

    /// The breakdowns a `by` names, checked against the field's type and merge.
    mutating func checkBreakdowns(_ list: [[Name]], at span: SourceSpan, field id: String, label: String, type: FieldType,
                                  merge: MergeRule) -> Breakdowns? {
        var ok = true
        if !type.kind.isNumber || merge != .sum {
            diagnostics.error("只有按 sum 汇总的 int 或 decimal 字段可以分组 (by), \"\(id)\" 是 \(type.name)、merge \(merge.rawValue)", at: span)
            ok = false
        }
        var seen: [String: SourceSpan] = [:]
        var resolved: [[Dimension]] = []
        for crossed in list {
            var dims: [Dimension] = []
            for name in crossed {
                if let first = seen[name.text] {
                    let at = sources.location(of: first).location
                    diagnostics.error("维度 \"\(name.text)\" 在字段 \"\(id)\" 的 by 中出现了两次 (第一次在第 \(at.line) 行第 \(at.column) 列)", at: name.span)
                    ok = false
                    continue
                }
                seen[name.text] = name.span
                guard let d = dimensions[name.text] else {
                    let hint = dimensions.keys.sorted().first { editDistance($0, name.text) <= max(1, name.text.count / 3) }
                    diagnostics.error("未知的维度 \"\(name.text)\"" + (hint.map { " (是不是 \"\($0)\"?)" } ?? ""), at: name.span)
                    ok = false
                    continue
                }
                dims.append(d)
            }
            resolved.append(dims)
        }
        guard ok else { return nil }
        let cells = resolved.map { dims -> [Breakdowns.Cell] in
            var rows: [[(Dimension, Dimension.Member)]] = [[]]
            for d in dims { rows = rows.flatMap { row in d.members.map { row + [(d, $0)] } } }
            return rows.map { row in
                let pairs = row.map { Breakdowns.Pair(dimension: $0.0.id, member: $0.1.id) }
                return Breakdowns.Cell(key: Breakdowns.key(id, pairs), members: pairs,
                                       label: label + " · " + row.map(\.1.label).joined(separator: " · "))
            }
        }
        return Breakdowns(field: id, label: label, breakdowns: resolved.map { $0.map(\.id) }, cells: cells)
    }

    /// A bare field with breakdowns means its total: the sum of its first breakdown's cells.
    func total(_ b: Breakdowns, time: TimeFunction? = nil, breakdown: Int = 0) -> Formula {
        .cells(b.field, b.cells[breakdown].map { cell in time.map { .time($0, cell.key) } ?? .field(cell.key) })
    }

    /// `f[dim.m, …]`: the cells of the one breakdown that has every named dimension, whose members
    /// match (a group matches any of its members).
    mutating func resolveSlice(_ field: Name, _ members: [SliceMember], time: TimeFunction? = nil) -> (Formula, ValueKind?) {
        let written = field.text + "[" + members.map { "\($0.dimension.text).\($0.member.text)" }.joined(separator: ",") + "]"
        guard case .field(let i)? = symbols[field.text] else {
            if symbols[field.text] == nil, unreadable.contains(field.text) {
                // Its declaration is broken and said so.
            } else if symbols[field.text] == nil {
                diagnostics.error("未知的名称 \"\(field.text)\"\(suggestion(for: field.text))", at: field.span)
            } else {
                diagnostics.error("只有分组采集的字段可以取分组 ([维度.成员]), \"\(field.text)\" 不是字段", at: field.span)
            }
            return (.cells(written, []), nil)
        }
        guard let b = breakdowns[field.text] else {
            diagnostics.error("字段 \"\(field.text)\" 没有分组 (by), 不能写 [维度.成员]", at: field.span)
            return (.cells(written, []), nil)
        }
        var chosen: [String: [String]] = [:]
        var ok = true
        for m in members {
            guard let d = dimensions[m.dimension.text], b.breakdowns.contains(where: { $0.contains(d.id) }) else {
                diagnostics.error("字段 \"\(field.text)\" 没有按 \"\(m.dimension.text)\" 分组 (它按 \(describe(b)) 分组)", at: m.dimension.span)
                ok = false
                continue
            }
            if chosen[d.id] != nil {
                diagnostics.error("维度 \"\(d.id)\" 在同一取值中出现了两次", at: m.dimension.span)
                ok = false
                continue
            }
            guard let set = d.members(of: m.member.text) else {
                diagnostics.error("维度 \"\(d.id)\" (\(d.label)) 没有成员或分组 \"\(m.member.text)\"", at: m.member.span)
                ok = false
                continue
            }
            chosen[d.id] = set
        }
        guard ok else { return (.cells(written, []), nil) }
        guard let index = b.breakdowns.firstIndex(where: { dims in chosen.keys.allSatisfy(dims.contains) }) else {
            let names = members.map(\.dimension.text).joined(separator: " 和 ")
            diagnostics.error("字段 \"\(field.text)\" 的 \(names) 是分别的分组, 没有交叉: 没有它们组合的数 (交叉分组写作 by \(members.map(\.dimension.text).joined(separator: " * ")))",
                              at: members[1].dimension.span)
            return (.cells(written, []), nil)
        }
        let cells = b.cells[index].filter { cell in cell.members.allSatisfy { chosen[$0.dimension]?.contains($0.member) ?? true } }
        return (.cells(written, cells.map { cell in time.map { .time($0, cell.key) } ?? .field(cell.key) }), fields[i]?.type.kind)
    }

    func describe(_ b: Breakdowns) -> String {
        b.breakdowns.map { $0.joined(separator: " * ") }.joined(separator: "、")
    }

    /// The fields the catalog stores: a field with breakdowns stands there as its cells.
    func storedFields(_ valid: [Field]) -> [Field] {
        valid.flatMap { f -> [Field] in
            guard let b = breakdowns[f.id] else { return [f] }
            return b.allCells.map { c in
                Field(id: c.key, label: c.label, type: f.type, unit: f.unit, min: f.min, max: f.max, temporal: f.temporal, merge: f.merge,
                      optional: f.optional, carry: f.carry, help: f.help, every: f.every, section: f.section, source: f.source, span: f.span,
                      cellOf: f.id)
            }
        }
    }

    /// The built-in rule of separate breakdowns: each adds up to the same total as the first.
    func breakdownRules() -> [Rule] {
        fieldDecls.compactMap { p -> [Rule]? in
            guard let b = breakdowns[p.decl.id.text], b.breakdowns.count > 1 else { return nil }
            let name: ([String]) -> String = { dims in dims.map { self.dimensions[$0]?.label ?? $0 }.joined(separator: "×") }
            return b.breakdowns.indices.dropFirst().map { k in
                let expression = Formula.binary(.equal, total(b), total(b, breakdown: k))
                return Rule(expression: expression,
                            message: "\(p.decl.label.value): 按\(name(b.breakdowns[0]))分的合计与按\(name(b.breakdowns[k]))分的合计不一致",
                            severity: .error, span: p.decl.id.span, fields: b.allCells.map(\.key))
            }
        }.flatMap { $0 }
    }

    /// A breakdown no report slices by: collected finer than anyone asks (`sliced`: `reportUsage()`).
    mutating func warnAboutUnslicedBreakdowns(sliced: [String: Set<String>]) {
        for p in fieldDecls {
            guard let b = breakdowns[p.decl.id.text] else { continue }
            for dims in b.breakdowns where (sliced[b.field] ?? []).isDisjoint(with: dims) {
                let by = p.decl.attributes.first { $0.keyword == "by" }?.span ?? p.decl.id.span
                diagnostics.warning("字段 \"\(b.field)\" 按 \(dims.joined(separator: " * ")) 分组采集, 但没有报表按它分组取数 (采集得比需要的细)", at: by)
            }
        }
    }

    /// `columns f by d [total "合计"]`: the total (when written), then a column per member of d.
    func expand(_ decl: ColumnsDecl) -> [ColumnDecl] {
        var out: [ColumnDecl] = []
        let fieldExpr = Expr(kind: .name(decl.field.text), span: decl.field.span)
        if let total = decl.total {
            out.append(ColumnDecl(keyword: decl.keyword, id: nil, header: total, expr: fieldExpr, format: nil, width: nil))
        }
        for m in dimensions[decl.dimension.text]?.members ?? [] {
            let member = SliceMember(dimension: decl.dimension, member: Name(text: m.id, span: decl.dimension.span))
            out.append(ColumnDecl(keyword: decl.keyword, id: nil, header: StringLiteral(value: m.label, span: decl.dimension.span),
                                  expr: Expr(kind: .slice(decl.field, [member]), span: decl.field.span.to(decl.dimension.span)),
                                  format: nil, width: nil))
        }
        return out
    }
}
