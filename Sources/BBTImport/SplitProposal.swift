import BBTTemplates

/// Header groups that are plainly splits of one figure (男/女, age bands, a `按X分` group) where the
/// catalog does not yet collect that figure by them: the figure becomes one field with `by`, its 合计
/// the total and every other leaf a slice, and what the catalog lacks (the field, its `by`, a
/// dimension) is drafted for a person to check. BreakdownMatch covers the figures the catalog
/// already splits; this covers the rest, so the parts never become fields of their own.
struct SplitProposal {
    struct Column {
        let expression: String
        let key: String?
        let reason: String
    }

    /// Draft lines: new dimensions, then the new field with its `by` (or, for a field the catalog
    /// declares without it, a comment saying which `by` to add there).
    let declarations: [String]
    let newField: String?
    /// By index into the layout's columns.
    let columns: [Int: Column]

    private struct Breakdown {
        var dimension: String
        /// Leaf label → slice of the dimension (a member, group or sum of members).
        var slices: [String: [String]]
        var declaration: String?
    }

    static let sexes: [String: (String, String)] = ["男": ("male", "男"), "女": ("female", "女"), "男性": ("male", "男"), "女性": ("female", "女")]

    static func propose(layout: FormLayout, catalog: Catalog, reportID: String, unitOf: [String?], taken: inout Set<String>) -> [SplitProposal] {
        // Sibling leaves under one parent, for columns the catalog's breakdowns do not already explain.
        var siblings: [[String]: [Int]] = [:]
        var order: [[String]] = []
        for (i, c) in layout.columns.enumerated() where c.path.count >= 2 && BreakdownMatch.match(path: c.path, in: catalog) == nil {
            let parent = Array(c.path.dropLast())
            if siblings[parent] == nil { order.append(parent) }
            siblings[parent, default: []].append(i)
        }
        var dimensionIDs = Set(catalog.dimensions.map(\.id)).union(taken)
        // Field path → its breakdowns and the columns that are its total.
        var fields: [[String]: (breakdowns: [(parent: [String], b: Breakdown)], totals: [Int])] = [:]
        var fieldOrder: [[String]] = []
        for parent in order {
            let indices = siblings[parent]!
            let leaves = indices.map { leaf(layout.columns[$0].path) }
            let parts = leaves.filter { !BreakdownMatch.totals.contains($0) }
            guard parts.count >= 2, Set(parts).count == parts.count,
                  let fieldPath = fieldPath(parent, catalog: catalog) else { continue }
            var planned = fields[fieldPath]?.breakdowns.map(\.b.dimension) ?? []
            guard var b = breakdown(parts, parent: parent, catalog: catalog, reportID: reportID, ids: &dimensionIDs),
                  !planned.contains(b.dimension) else { continue }
            planned.append(b.dimension)
            if fields[fieldPath] == nil { fieldOrder.append(fieldPath); fields[fieldPath] = ([], []) }
            for (i, l) in zip(indices, leaves) where BreakdownMatch.totals.contains(l) { fields[fieldPath]!.totals.append(i) }
            b.slices = b.slices.filter { parts.contains($0.key) }
            fields[fieldPath]!.breakdowns.append((parent, b))
        }
        // A 合计 column right under the field's group is its total as well.
        for (i, c) in layout.columns.enumerated() {
            let parent = Array(c.path.dropLast())
            if fields[parent] != nil, BreakdownMatch.totals.contains(leaf(c.path)), !fields[parent]!.totals.contains(i) {
                fields[parent]!.totals.append(i)
            }
        }

        return fieldOrder.map { path in
            let (breakdowns, totals) = fields[path]!
            let label = ColumnMatch.leafCore(path[path.count - 1]).trimmingCharacters(in: .whitespaces)
            let by = breakdowns.map(\.b.dimension).joined(separator: ", ")
            let firstColumn = (breakdowns.flatMap { siblings[$0.parent]! } + totals).min()!
            let unit = Labels.unit(path[path.count - 1]) ?? unitOf[firstColumn]
            var declarations = breakdowns.compactMap(\.b.declaration)
            let field: String
            var newField: String?
            let existing = ColumnMatch.match(path: path, unit: unit, in: catalog)
            if let name = existing.name, !existing.isComputed, existing.confidence != .likely, catalog.breakdowns[name] == nil {
                field = name
                declarations.append("# 请核对: 目录中的「\(label)」(字段 \(name)) 还没有分组; 请在它的声明上加 by \(by), 草稿才能发布")
            } else {
                var id = "\(reportID.lowercased())_\(firstColumn + 1)"
                while taken.contains(id) { id += "_" }
                taken.insert(id)
                field = id
                newField = id
                var (line, guess) = ReportDraft.newField(id, label: label, unit: unit, path: path)
                if line.hasSuffix(" text") { line = "field \(id) \(SourcePrinter.quote(label)) int min 0 stock" }
                declarations.append("\(line) by \(by)  # 新字段 · 请核对: \(guess), 按表头分组")
            }
            var columns: [Int: Column] = [:]
            for i in totals {
                columns[i] = Column(expression: field, key: nil, reason: "「\(label)」的合计 (字段 \(field), 按 \(by) 分组)")
            }
            for (parent, b) in breakdowns {
                for i in siblings[parent]! {
                    let l = leaf(layout.columns[i].path)
                    guard let members = b.slices[l] else { continue }
                    let expression = members.map { "\(field)[\(b.dimension).\($0)]" }.joined(separator: " + ")
                    let key = members.count > 1 ? "\(field)_\(members.joined(separator: "_"))" : nil
                    columns[i] = Column(expression: expression, key: key, reason: "「\(label)」按 \(b.dimension) 分的「\(l)」")
                }
            }
            return SplitProposal(declarations: declarations, newField: newField, columns: columns)
        }
    }

    static func leaf(_ path: [String]) -> String {
        ColumnMatch.leafCore(path[path.count - 1]).trimmingCharacters(in: .whitespaces)
    }

    /// `按性别分`, `按年龄分组`, `其中`, or a dimension's own label: words that name a split, not a figure.
    static func namesASplit(_ text: String, catalog: Catalog) -> Bool {
        let t = ColumnMatch.leafCore(text).trimmingCharacters(in: .whitespaces)
        return t.isEmpty || (t.hasPrefix("按") && (t.hasSuffix("分") || t.hasSuffix("分组") || t.hasSuffix("划分")))
            || catalog.dimensions.contains { $0.label == t } || ["性别", "年龄", "年龄段", "其中"].contains(t)
    }

    /// The header that names the figure: the nearest group above the leaves that is not a split's name.
    static func fieldPath(_ parent: [String], catalog: Catalog) -> [String]? {
        var path = parent
        while let last = path.last, namesASplit(last, catalog: catalog) { path.removeLast() }
        return path.isEmpty ? nil : path
    }

    /// The dimension the parts are members of: the catalog's (by label, or ages covered by its
    /// members), else a new one drafted from the parts.
    private static func breakdown(_ parts: [String], parent: [String], catalog: Catalog, reportID: String, ids: inout Set<String>) -> Breakdown? {
        for d in catalog.dimensions {
            var slices: [String: [String]] = [:]
            for p in parts {
                if let m = d.members.first(where: { $0.label == p }) { slices[p] = [m.id] } else if let g = d.groups.first(where: { $0.label == p }) { slices[p] = [g.id] } else if let run = BreakdownMatch.ageRun(p, in: d) { slices[p] = run }
            }
            if slices.count == parts.count { return Breakdown(dimension: d.id, slices: slices, declaration: nil) }
        }
        func newID(_ base: String) -> String {
            var id = ids.contains(base) ? "\(base)_\(reportID.lowercased())" : base
            while ids.contains(id) { id += "_" }
            ids.insert(id)
            return id
        }
        let members: [(id: String, label: String)]
        let label: String
        let base: String
        if parts.allSatisfy({ sexes[$0] != nil }), Set(parts.map { sexes[$0]!.0 }).count == parts.count {
            (base, label) = ("sex", "性别")
            members = parts.map { sexes[$0]! }.map { ($0.0, $0.1) }
        } else if let bands = Optional(parts.compactMap(BreakdownMatch.ageBand)), bands.count == parts.count {
            (base, label) = ("age", "年龄段")
            members = zip(parts, bands).map { p, band in (band.upperBound >= 150 ? "a\(band.lowerBound)" : "a\(band.lowerBound)_\(band.upperBound)", p) }
            guard Set(members.map(\.id)).count == members.count else { return nil }
        } else if let said = parent.last.map({ ColumnMatch.leafCore($0).trimmingCharacters(in: .whitespaces) }), said.hasPrefix("按"), said.count > 2 {
            var words = said.dropFirst()
            for end in ["分组", "划分", "分"] where words.hasSuffix(end) { words = words.dropLast(end.count); break }
            guard !words.isEmpty else { return nil }
            (base, label) = ("dim", String(words))
            members = parts.enumerated().map { ("m\($0.offset + 1)", $0.element) }
        } else {
            return nil
        }
        let id = newID(base)
        let list = members.map { "\($0.id) \(SourcePrinter.quote($0.label))" }.joined(separator: ", ")
        return Breakdown(dimension: id, slices: Dictionary(uniqueKeysWithValues: zip(parts, members.map { [$0.id] })),
                         declaration: "dimension \(id) \(SourcePrinter.quote(label)) { \(list) }  # 新维度 · 请核对: 按表头“\(parent.joined(separator: " > "))”下的分项")
    }
}
