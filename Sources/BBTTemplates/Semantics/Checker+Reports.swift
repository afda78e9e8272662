import Foundation

extension Checker {
    mutating func checkReport(_ decl: ReportDecl) -> Report? {
        guard case .report? = symbols[decl.id.text], span(of: symbols[decl.id.text]!) == decl.id.span else { return nil }
        var seen: [String: SourceSpan] = [:]
        var formNo: String?, authority: String?, approval: String?, listed: String?, validUntil: String?, validUntilSpan: SourceSpan?
        var frequency: Frequency?, due: Int?, level: Level?
        var broken = false
        for attribute in decl.attributes {
            if let first = seen[attribute.keyword] {
                let at = sources.location(of: first).location
                diagnostics.error("重复的属性 \(attribute.keyword) (第一次在第 \(at.line) 行第 \(at.column) 列)", at: attribute.span)
                continue
            }
            seen[attribute.keyword] = attribute.span
            switch attribute.kind {
            case .formNo(let s): formNo = s.value
            case .authority(let s): authority = s.value
            case .approval(let s): approval = s.value
            case .listed(let s): listed = s.value
            case .validUntil(let s):
                if MonthNumber.parse(s.value) != nil { validUntil = s.value; validUntilSpan = s.span } else {
                    diagnostics.error("有效期至应写成 \"YYYY-MM\" (如 \"2024-12\"), 却是 \"\(s.value)\"", at: s.span)
                }
            case .every(let name):
                frequency = self.frequency(name)
                broken = broken || frequency == nil
            case .due(let n):
                if let d = smallInteger(n), (1...31).contains(d) { due = d } else {
                    diagnostics.error("due 是报送日 (期末后下个月的第几天), 应为 1 到 31 的整数, 却是 \(n.text)", at: n.span)
                }
            case .filledBy(let name):
                if name.text == Level.province.rawValue {
                    // A province fills nothing: its reports are merged from the cities below it.
                    diagnostics.error("省不填报, 只汇总下级的报表: filled_by 应为 community、street、district 或 city", at: name.span)
                    broken = true
                } else if let l = Level(rawValue: name.text) { level = l } else {
                    diagnostics.error("未知的层级 \"\(name.text)\" (可用: community、street、district、city)", at: name.span)
                    broken = true
                }
            }
        }
        if seen["every"] == nil {
            diagnostics.error("报表 \(decl.id.text) 缺少 every (报送频率: month、quarter、half 或 year)", at: decl.id.span)
        }
        if seen["filled_by"] == nil {
            diagnostics.error("报表 \(decl.id.text) 缺少 filled_by (填报层级: community、street、district 或 city)", at: decl.id.span)
        }
        if formNo == nil { diagnostics.warning("报表 \(decl.id.text) 缺少 form_no (表号)", at: decl.id.span) }
        if authority == nil { diagnostics.warning("报表 \(decl.id.text) 缺少 authority (制定机关)", at: decl.id.span) }

        var columns: [Column] = []
        var keys: [String: SourceSpan] = [:]
        checkItems(decl.items, groups: [], into: &columns, keys: &keys)
        if decl.items.isEmpty {
            diagnostics.error("报表 \(decl.id.text) 没有任何栏目 (column)", at: decl.id.span)
        }
        guard !broken, let frequency, let level else { return nil }

        var fields: [String] = [], figures: [String] = []
        var seenFields = Set<String>(), seenFigures = Set<String>()
        for column in columns {
            for f in fieldDependencies(column.expression) where seenFields.insert(f).inserted { fields.append(f) }
            for f in figureDependencies(column.expression) where seenFigures.insert(f).inserted { figures.append(f) }
        }
        var report = Report(id: decl.id.text, title: decl.title.value, formNo: formNo ?? "", authority: authority ?? "",
                            approval: approval, listed: listed, validUntil: validUntil, frequency: frequency, due: due, filledBy: level,
                            columns: columns, fields: fields, span: decl.id.span, validUntilSpan: validUntilSpan)
        report.figures = figures
        return report
    }

    private mutating func checkItems(_ items: [ReportItem], groups: [String], into columns: inout [Column],
                                     keys: inout [String: SourceSpan]) {
        for item in items {
            switch item {
            case .group(let g):
                if g.items.isEmpty { diagnostics.error("group \"\(g.title.value)\" 里没有栏目", at: g.keyword) }
                checkItems(g.items, groups: groups + [g.title.value], into: &columns, keys: &keys)
            case .column(let c):
                if let column = checkColumn(c, groups: groups, keys: &keys) { columns.append(column) }
            case .columns(let c):
                guard dimensions[c.dimension.text] != nil else {
                    diagnostics.error("未知的维度 \"\(c.dimension.text)\"", at: c.dimension.span)
                    continue
                }
                // Under a merged header with the field's label: 户籍人口 over 合计, 男, 女.
                let header = breakdowns[c.field.text]?.label
                for decl in expand(c) {
                    if let column = checkColumn(decl, groups: groups + (header.map { [$0] } ?? []), keys: &keys) { columns.append(column) }
                }
            }
        }
    }

    private mutating func checkColumn(_ decl: ColumnDecl, groups: [String], keys: inout [String: SourceSpan]) -> Column? {
        var bare: String?
        var inner = decl.expr
        while case .paren(let x) = inner.kind { inner = x }
        if case .name(let n) = inner.kind { bare = n }
        // A bare slice takes its field's ID and the member IDs: pop[sex.male] → pop_male.
        if case .slice(let f, let members) = inner.kind { bare = ([f.text] + members.map(\.member.text)).joined(separator: "_") }
        let keySpan = decl.id?.span ?? inner.span
        guard let key = decl.id?.text ?? bare else {
            diagnostics.error("栏目 \"\(decl.header.value)\" 的表达式不是单个名称, 必须写出栏目 ID: column ID \"表头\" = …", at: decl.keyword)
            _ = resolve(decl.expr)
            return nil
        }
        if let first = keys[key] {
            let at = sources.location(of: first).location
            diagnostics.error("栏目 \"\(key)\" 在本表中重复 (第一次在第 \(at.line) 行第 \(at.column) 列)", at: keySpan)
        } else {
            keys[key] = keySpan
        }
        var width: Double?
        if let w = decl.width {
            if let v = Double(w.text), v > 0, v <= 255 { width = v } else {
                diagnostics.error("width 是列宽 (字符数), 应在 1 到 255 之间, 却是 \(w.text)", at: w.span)
            }
        }
        if let f = decl.format, f.value.isEmpty || f.value.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            diagnostics.error("format 应是 Excel 数字格式, 如 \"0.00\"", at: f.span)
        }
        let (expression, kind) = resolve(decl.expr)
        guard let kind else { return nil }

        var unit: String?
        var type: ColumnType
        switch expression {
        case .field(let id), .time(_, let id), .cells(let id, _):
            let field = catalogField(cellParent(id) ?? id)
            unit = field?.unit
            type = field.map { f in
                // The average of whole numbers need not be whole: keep two places above the filling level.
                if case .int = f.type, f.merge == .avg { return ColumnType.decimal(places: 2) }
                return Checker.columnType(f.type)
            } ?? Checker.columnType(kind, places: nil)
        case .computed(let id):
            let c = symbols[id].flatMap { s -> Computed? in if case .computed(let i) = s { return computed[i] } else { return nil } }
            unit = c?.unit
            type = Checker.columnType(kind, places: c?.places)
        default:
            type = Checker.columnType(kind, places: decl.format.flatMap { Checker.places(inFormat: $0.value) })
        }
        var column = Column(key: key, header: decl.header.value, expression: expression, type: type,
                            format: decl.format?.value, width: width, groups: groups, unit: unit)
        if case .cells(let figure, _) = expression {
            if let open = figure.firstIndex(of: "[") {
                column.slice = (String(figure[..<open]), String(figure[figure.index(after: open)..<figure.index(before: figure.endIndex)]))
            } else {
                column.slice = (figure, nil)
            }
        }
        return column
    }

    func catalogField(_ id: String) -> Field? {
        if case .field(let i)? = symbols[id] { return fields[i] }
        return nil
    }

    static func columnType(_ type: FieldType) -> ColumnType {
        switch type {
        case .int: .integer
        case .decimal(let p): .decimal(places: p)
        case .text, .choice: .text
        case .bool: .bool
        case .date: .date
        }
    }

    static func columnType(_ kind: ValueKind, places: Int?) -> ColumnType {
        switch kind {
        case .integer: .integer
        case .decimal: .decimal(places: places ?? 2)
        case .text: .text
        case .bool: .bool
        case .date: .date
        }
    }

    /// Decimal places an Excel number format shows: `0.00` → 2, `#,##0` → 0.
    static func places(inFormat format: String) -> Int? {
        guard let dot = format.firstIndex(of: ".") else { return format.contains("0") ? 0 : nil }
        return format[format.index(after: dot)...].prefix { $0 == "0" || $0 == "#" }.count
    }}
