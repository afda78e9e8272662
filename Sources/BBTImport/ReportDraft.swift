import BBTSheet
import BBTTemplates
import Foundation

/// A `report` block drafted from a department's form: each column mapped to a field the catalog
/// already has, or to a new `field` declaration; what the report would add to the one form.
public struct ReportDraft: Sendable {
    public struct Mapping: Sendable {
        public let header: [String]
        /// The existing field or computed indicator; `nil` for a new field.
        public let field: String?
        public let newField: String?
        public let reason: String
        public let unsure: Bool
    }

    public let id: String
    /// The draft, `field` declarations first, ready to be added to the catalog.
    public let source: String
    public let mapping: [Mapping]
    public let newFields: Int
    /// Entries a year the report adds to one community's form.
    public let addedEntries: Int
    /// Entries a year the report costs filled by hand on its own.
    public let manualEntries: Int
    public let layout: FormLayout
    /// Problems of the catalog with the draft added (none when the draft is sound).
    public let problems: [String]

    /// Reads an XLSX form and drafts its report over `catalog` (compiled from `sources`).
    public static func make(xlsx: [UInt8], sources: TemplateSources, id requested: String? = nil,
                            fileName: String = "form.xlsx") throws -> ReportDraft {
        let sheet: Sheet
        do { sheet = try WorkbookReader.read(xlsx) } catch let e as SheetError { throw ImportError(e.description) }
        return try make(layout: try FormLayout(sheet), sources: sources, id: requested, fileName: fileName)
    }

    public static func make(layout: FormLayout, sources: TemplateSources, id requested: String?, fileName: String) throws -> ReportDraft {
        let before = Compiler.compile(sources)
        let catalog = before.catalog
        let id = try reportID(requested, layout: layout, catalog: catalog)
        var taken = Set(catalog.fields.map(\.id) + catalog.declaredFields.map(\.id) + catalog.computed.map(\.id) + catalog.reports.map(\.id))
        var newLabels = Set(catalog.declaredFields.map(\.label))

        var mapping: [Mapping] = []
        // What each data column is in the draft, for the 审核关系 under the table.
        var drafted: [String] = []
        var declarations: [String] = []
        var columns: [(path: [String], line: String)] = []
        var keys = Set<String>()
        // Two columns of one form never ask for the same figure: where two would, the surer match
        // keeps it (the first of equals) and the other becomes a field of its own, said so.
        let units = layout.columns.map { column in
            Labels.unit(column.path[column.path.count - 1]) ?? column.path.dropLast().reversed().lazy.compactMap(Labels.unit).first
        }
        var matches = zip(layout.columns, units).map { ColumnMatch.match(path: $0.path, unit: $1, in: catalog) }
        // Splits the catalog does not collect yet: one field with `by`, never a field per part.
        let proposals = SplitProposal.propose(layout: layout, catalog: catalog, reportID: id, unitOf: units, taken: &taken)
        var proposed: [Int: SplitProposal.Column] = [:]
        for p in proposals { proposed.merge(p.columns) { a, _ in a } }
        for i in proposed.keys { matches[i] = ColumnMatch(name: nil, isComputed: false, confidence: nil, yearToDate: false, reason: "") }
        func rank(_ c: ColumnMatch.Confidence?) -> Int {
            switch c { case .exact?: 0; case .sameDatum?: 1; case .likely?: 2; case nil: 3 }
        }
        var owner: [String: Int] = [:]
        for (i, m) in matches.enumerated() {
            guard let name = m.name else { continue }
            let figure = m.yearToDate ? "ytd(\(name))" : name
            if let j = owner[figure], rank(matches[j].confidence) <= rank(m.confidence) { continue }
            owner[figure] = i
        }
        for (i, m) in matches.enumerated() {
            guard let name = m.name else { continue }
            let figure = m.yearToDate ? "ytd(\(name))" : name
            guard let j = owner[figure], j != i else { continue }
            let taken = "栏目“\(layout.columns[j].path.joined(separator: " > "))”已是 \(figure), 一张表的两栏不会是同一数据"
            // The next candidate, if one is left that no column is yet.
            let next = ColumnMatch.match(path: layout.columns[i].path, unit: units[i], in: catalog, excluding: Set(owner.keys))
            if let other = next.name, owner[other] == nil {
                owner[other] = i
                matches[i] = ColumnMatch(name: other, isComputed: next.isComputed, confidence: .likely, yearToDate: next.yearToDate,
                                         reason: next.reason + "; " + taken)
            } else {
                matches[i] = ColumnMatch(name: nil, isComputed: false, confidence: nil, yearToDate: false, reason: taken)
            }
        }
        for (n, column) in layout.columns.enumerated() {
            let leaf = column.path[column.path.count - 1]
            let unit = units[n]
            let match = matches[n]
            // A figure of a field with breakdowns: its total or a slice, never a field of its own.
            if let split = BreakdownMatch.match(path: column.path, in: catalog) {
                var key = split.key ?? ""
                if !key.isEmpty {
                    var suffix = 2
                    while keys.contains(key) { key = "\(split.key!)_\(suffix)"; suffix += 1 }
                    keys.insert(key)
                }
                let note = split.unsure ? "  # 请核对: \(split.reason)" : ""
                columns.append((column.path, "column \(key.isEmpty ? "" : key + " ")\(SourcePrinter.quote(leaf)) = \(split.expression)\(note)"))
                drafted.append(split.expression.contains("+") ? "(\(split.expression))" : split.expression)
                mapping.append(Mapping(header: column.path, field: split.expression, newField: nil, reason: split.reason, unsure: split.unsure))
                continue
            }
            if let split = proposed[n] {
                var key = split.key ?? ""
                if !key.isEmpty {
                    while keys.contains(key) { key += "_" }
                    keys.insert(key)
                }
                columns.append((column.path, "column \(key.isEmpty ? "" : key + " ")\(SourcePrinter.quote(leaf)) = \(split.expression)  # 请核对: \(split.reason)"))
                drafted.append(split.expression.contains("+") ? "(\(split.expression))" : split.expression)
                mapping.append(Mapping(header: column.path, field: split.expression, newField: nil, reason: split.reason, unsure: true))
                continue
            }
            let header = SourcePrinter.quote(leaf)
            // A column the catalog has no field for may still be a slice of one (60周岁及以上老年人口).
            if match.name == nil, let split = BreakdownMatch.slice(label: leaf, in: catalog), !drafted.contains(split.expression) {
                columns.append((column.path, "column \(header) = \(split.expression)  # 请核对: \(split.reason)"))
                drafted.append(split.expression)
                mapping.append(Mapping(header: column.path, field: split.expression, newField: nil, reason: split.reason, unsure: true))
                continue
            }
            if let name = match.name {
                var key = match.yearToDate ? "\(name)_ytd" : name
                var suffix = 2
                while keys.contains(key) { key = "\(name)_\(suffix)"; suffix += 1 }
                keys.insert(key)
                let expression = match.yearToDate ? "ytd(\(name))" : name
                drafted.append(expression)
                let keyPart = key == name ? "" : "\(key) "
                let note = match.confidence == .likely ? "  # 请核对: \(match.reason)" : ""
                columns.append((column.path, "column \(keyPart)\(header) = \(expression)\(note)"))
                mapping.append(Mapping(header: column.path, field: name, newField: nil, reason: match.reason, unsure: match.confidence == .likely))
            } else {
                var fieldID = "\(id.lowercased())_\(n + 1)"
                while taken.contains(fieldID) { fieldID += "_" }
                taken.insert(fieldID)
                keys.insert(fieldID)
                var label = newLabel(column.path)
                if newLabels.contains(label) { label = column.path.map(ColumnMatch.leafCore).joined(separator: "·") }
                newLabels.insert(label)
                let (declaration, guess) = newField(fieldID, label: label, unit: unit, path: column.path)
                declarations.append("\(declaration)  # 新字段 · 请核对: \(guess)")
                columns.append((column.path, "column \(header) = \(fieldID)"))
                drafted.append(fieldID)
                mapping.append(Mapping(header: column.path, field: nil, newField: fieldID,
                                       reason: "\(match.reason), 新字段 \(fieldID) (\(guess))", unsure: false))
            }
        }

        let rules = layout.checks.map { ReportDraft.rules($0, columns: drafted) } ?? []
        let source = draftText(id: id, layout: layout, fileName: fileName,
                               declarations: proposals.flatMap(\.declarations) + declarations + rules, columns: columns)
        let after = Compiler.compile(TemplateSources(sources.files + [SourceFile(path: "import/\(id).bbt", text: source)]))
        let printer = DiagnosticPrinter(sources: after.sources, showSource: false)
        let problems = after.diagnostics.filter { d in
            d.severity == .error || after.sources.location(of: d.span).path == "import/\(id).bbt"
        }.map(printer.render)
        let report = after.catalog.report(id)
        return ReportDraft(
            id: id, source: source, mapping: mapping, newFields: declarations.count + proposals.compactMap(\.newField).count,
            addedEntries: after.catalog.burden.formEntries - catalog.burden.formEntries,
            manualEntries: report.map { $0.frequency.periodsPerYear * $0.figures.count } ?? 0,
            layout: layout, problems: problems)
    }

    static func reportID(_ requested: String?, layout: FormLayout, catalog: Catalog) throws -> String {
        if let requested {
            let scalars = Array(requested.unicodeScalars)
            func letter(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) || ("a"..."z").contains(c) }
            guard let first = scalars.first, letter(first),
                  scalars.allSatisfy({ letter($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw ImportError("报表编号应以英文字母开头, 只含字母、数字和下划线, 却是 \"\(requested)\"", about: .reportID)
            }
            guard catalog.report(requested) == nil else { throw ImportError("目录中已有报表 \(requested), 请另取一个报表编号", about: .reportID) }
            return requested
        }
        let digits = (layout.meta["表号"] ?? "").filter(\.isASCII).filter(\.isNumber)
        var candidate = "R" + (digits.isEmpty ? "1" : digits)
        var n = 2
        while catalog.report(candidate) != nil || catalog.field(candidate) != nil { candidate = "R\(digits)_\(n)"; n += 1 }
        return candidate
    }

    /// A new field's label: its own header without the unit, and where that is a bare word (设立数)
    /// the group it sits in as well (社区基金设立数).
    static func newLabel(_ path: [String]) -> String {
        var label = ColumnMatch.leafCore(path[path.count - 1])
        let groups = path.dropLast().map(ColumnMatch.leafCore).filter { ColumnMatch.key($0).count >= 2 }
        if label.count <= 4, let group = groups.last { label = group + label }
        return label
    }

    static let decimalUnits: Set<String> = ["万元", "元", "%", "‰", "平方米", "平方公里", "公顷", "亩", "公里", "小时", "吨"]

    /// The declaration of a new field, and in words what was guessed.
    static func newField(_ id: String, label: String, unit: String?, path: [String]) -> (String, String) {
        let unitPart = unit.map { " unit \(SourcePrinter.quote($0))" } ?? ""
        if unit == nil, ["类型", "名称", "说明", "备注", "情况"].contains(where: { label.hasSuffix($0) }) {
            return ("field \(id) \(SourcePrinter.quote(label)) text", "按表头推断为文字")
        }
        let type = unit.map(decimalUnits.contains) == true ? "decimal(2)" : "int"
        let flow = ColumnMatch.readsAsFlow(path, unit: unit)
        let guess = flow ? "按表头推断为流量 (期内发生数, 季、年相加)" : "按表头推断为存量 (期末数, 季、年取最后一期)"
        return ("field \(id) \(SourcePrinter.quote(label)) \(type)\(unitPart) min 0 \(flow ? "flow" : "stock")", guess)
    }

    /// `2=3+4=5+6+7，7≥8` as rules over the drafted columns (numbers count the data columns from 1):
    /// `rule c2 == c3 + c4 …`, marked for a person to check. A relation naming a column the form
    /// does not have is left as a comment.
    static func rules(_ text: String, columns: [String]) -> [String] {
        let relations = text.split(whereSeparator: { "，,；;、".contains($0) }).map { $0.filter { !$0.isWhitespace } }
        let comparisons: [(Character, String)] = [("=", "=="), ("≥", ">="), ("≤", "<="), (">", ">"), ("<", "<")]
        var out: [String] = []
        for relation in relations where !relation.isEmpty {
            var sides: [String] = [], ops: [String] = [], current = ""
            for ch in relation {
                if let op = comparisons.first(where: { $0.0 == ch })?.1 { sides.append(current); ops.append(op); current = "" } else { current.append(ch) }
            }
            sides.append(current)
            func term(_ side: String) -> String? {
                var parts: [String] = [], number = "", signs: [String] = ["+"]
                for ch in side + "+" {
                    if ch.isNumber { number.append(ch); continue }
                    guard ch == "+" || ch == "-" || ch == "－", let n = Int(number), (1...columns.count).contains(n) else { return nil }
                    parts.append((parts.isEmpty ? "" : " \(signs.last!) ") + columns[n - 1])
                    signs.append(ch == "+" ? "+" : "-")
                    number = ""
                }
                return parts.joined()
            }
            let terms = sides.map(term)
            guard !ops.isEmpty, terms.allSatisfy({ $0 != nil && !$0!.isEmpty }) else {
                out.append("# 请核对: 审核关系“\(relation)”对不上表中的栏目, 没有写成规则")
                continue
            }
            // A chain 2=3+4=5+6+7 compares each side with the first.
            for (i, op) in ops.enumerated() {
                let left = op == "==" ? terms[0]! : terms[i]!
                out.append("rule \(left) \(op) \(terms[i + 1]!) \(SourcePrinter.quote("审核关系: \(relation)"))  # 请核对: 原表的审核关系")
            }
        }
        return out
    }

    /// The frequency the 报告期 cell says: `2025年` a year, `2025年6月` a month, `2025年第二季度` or
    /// `二季度` a quarter, `上半年` a half.
    public static func frequency(period text: String) -> String? {
        let t = text.replacingOccurrences(of: " ", with: "")
        if t.contains("半年") { return "half" }
        if t.contains("季") || t.uppercased().contains("Q") { return "quarter" }
        if t.contains("月") || yearMonth(t) != nil { return "month" }
        if t.contains("年") || (t.count == 4 && t.allSatisfy(\.isNumber)) { return "year" }
        return nil
    }

    /// 月报, 季报, 半年报, 年报 in the title.
    static func frequency(_ title: String) -> String? {
        if title.contains("半年") { return "half" }
        if title.contains("季报") || title.contains("季度") { return "quarter" }
        if title.contains("月报") || title.contains("月度") { return "month" }
        if title.contains("年报") || title.contains("年度") { return "year" }
        return nil
    }

    /// Who fills the form, from what names the units: 街道名称 or a 填报单位 that is a 街道 or 乡镇
    /// means streets, 区(市)县 districts; otherwise communities.
    static func fillingLevel(_ layout: FormLayout) -> String {
        let said = (layout.unitHeaders + [layout.meta["填报单位"]].compactMap { $0 }).joined(separator: "、")
        if said.contains("街道") || said.contains("乡镇") { return "street  # 请核对: 按“\(said)”推断由街道填报" }
        if said.contains("区(市)县") || said.contains("区（市）县") { return "district  # 请核对: 按“\(said)”推断由区县填报" }
        return "community"
    }

    /// `2026年12月`, `2026-12`, `2026.12` → `2026-12`.
    static func yearMonth(_ text: String) -> String? {
        let numbers = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 2, (1900...9999).contains(numbers[0]), (1...12).contains(numbers[1]) else { return nil }
        return String(format: "%04d-%02d", numbers[0], numbers[1])
    }

    /// The title without a year in front (`2024年社区…季报` is the same form every year).
    static func reportTitle(_ title: String) -> String {
        var t = Substring(title)
        if t.count > 5, t.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }), t.dropFirst(4).first == "年" {
            t = t.dropFirst(5)
            if t.hasPrefix("度") { t = t.dropFirst() }
        }
        return t.isEmpty ? title : String(t)
    }

    static func draftText(id: String, layout: FormLayout, fileName: String, declarations: [String],
                          columns: [(path: [String], line: String)]) -> String {
        var out = "# 由 bbt import-report 从 \(fileName) 生成的草稿: 标有“请核对”的地方请逐一确认后再发布。\n"
        out += "# 原表: \(layout.title.isEmpty ? "(无标题)" : layout.title), \(layout.columns.count) 个数据栏目, 表头 \(layout.headerRows.count) 层"
        out += layout.hasDesignatorRow ? ", 有甲乙栏号行\n" : "\n"
        if !declarations.isEmpty {
            out += "\n" + declarations.joined(separator: "\n") + "\n"
        }
        let title = reportTitle(layout.title.isEmpty ? id : layout.title)
        out += "\nreport \(id) \(SourcePrinter.quote(title)) {\n"
        out += "  form_no \(SourcePrinter.quote(layout.meta["表号"] ?? ""))\(layout.meta["表号"] == nil ? "  # 请核对: 原表没有表号" : "")\n"
        out += "  authority \(SourcePrinter.quote(layout.meta["制定机关"] ?? ""))\(layout.meta["制定机关"] == nil ? "  # 请核对: 原表没有制定机关" : "")\n"
        if let approval = layout.meta["批准文号"] { out += "  approval \(SourcePrinter.quote(approval))\n" }
        if let v = layout.meta["有效期至"] {
            if let ym = yearMonth(v) { out += "  valid_until \"\(ym)\"\n" } else { out += "  # 请核对: 有效期至“\(v)”看不懂, 没有写入\n" }
        }
        if let f = frequency(layout.title) {
            out += "  every \(f)\n"
        } else if let said = layout.meta["报告期"], let f = frequency(period: said) {
            out += "  every \(f)  # 请核对: 按报告期“\(said)”推断\n"
        } else if layout.dueNextYear {
            out += "  every year  # 请核对: 按表下说明“次年…报送”推断为年报\n"
        } else {
            out += "  every month  # 请核对: 标题和报告期中看不出是月报、季报、半年报还是年报\n"
        }
        out += "  filled_by \(fillingLevel(layout))\n"
        var open: [String] = []
        for (path, line) in columns {
            let groups = Array(path.dropLast())
            var common = 0
            while common < open.count, common < groups.count, open[common] == groups[common] { common += 1 }
            while open.count > common { open.removeLast(); out += String(repeating: "  ", count: open.count + 1) + "}\n" }
            for g in groups[common...] {
                out += String(repeating: "  ", count: open.count + 1) + "group \(SourcePrinter.quote(g)) {\n"
                open.append(g)
            }
            out += String(repeating: "  ", count: open.count + 1) + line + "\n"
        }
        while !open.isEmpty { open.removeLast(); out += String(repeating: "  ", count: open.count + 1) + "}\n" }
        out += "}\n"
        return out
    }
}
