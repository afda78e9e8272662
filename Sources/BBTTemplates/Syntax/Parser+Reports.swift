extension Parser {
    /// report = "report" NAME STRING "{" { reportAttribute { reportAttribute } NEWLINE | column | group } "}"
    mutating func parseReport() throws -> ReportDecl {
        let keyword = span(current)
        advance()
        let id = try expectName("报表 ID")
        let title = try expectString("表名 (如 \"社区基本情况季报\")")
        let open = try expect(.lbrace, "\"{\"")
        var attributes: [ReportAttribute] = []
        var items: [ReportItem] = []
        while true {
            skipNewlines()
            switch current.kind {
            case .rbrace:
                advance()
                return ReportDecl(keyword: keyword, id: id, title: title, attributes: attributes, items: items)
            case .eof, .keyword(.report), .keyword(.field), .keyword(.computed), .keyword(.rule), .keyword(.section):
                report(error("报表 \(id.text) 缺少结尾的 \"}\"", at: open))
                return ReportDecl(keyword: keyword, id: id, title: title, attributes: attributes, items: items)
            default:
                do {
                    if let attribute = try parseReportAttribute() {
                        attributes.append(attribute)
                        // Several attributes may share a line: `every month  due 5`.
                        while let more = try parseReportAttribute() { attributes.append(more) }
                    } else if let item = try parseReportItem() {
                        items.append(item)
                    } else {
                        throw unexpected("报表属性 (form_no、authority、every、due、filled_by …)、column 或 group")
                    }
                    try expectLineEnd()
                } catch let e as SyntaxError {
                    report(e)
                    recover()
                }
            }
        }
    }

    /// reportAttribute = "form_no" STRING | "authority" STRING | "approval" STRING | "listed" STRING
    ///                 | "valid_until" STRING | "every" NAME | "due" NUMBER | "filled_by" NAME
    private mutating func parseReportAttribute() throws -> ReportAttribute? {
        guard case .keyword(let k) = current.kind else { return nil }
        let keyword = span(current)
        let kind: ReportAttribute.Kind
        switch k {
        case .form_no:
            advance(); kind = .formNo(try expectString("表号 (如 \"社治统01表\")"))
        case .authority:
            advance(); kind = .authority(try expectString("制定机关 (字符串)"))
        case .approval:
            advance(); kind = .approval(try expectString("批准文号 (字符串)"))
        case .listed:
            advance(); kind = .listed(try expectString("清单编号 (如 \"成社准〔2026〕3号\")"))
        case .valid_until:
            advance(); kind = .validUntil(try expectString("有效期至 (如 \"2024-12\")"))
        case .every:
            advance(); kind = .every(try expectWord("频率 (month、quarter、half 或 year)"))
        case .due:
            advance(); kind = .due(try expectNumber("报送日 (如 due 5)"))
        case .filled_by:
            advance(); kind = .filledBy(try expectWord("填报层级 (community、street、district 或 city)"))
        default:
            return nil
        }
        return ReportAttribute(kind: kind, span: keyword)
    }

    /// item = column | group
    private mutating func parseReportItem() throws -> ReportItem? {
        switch current.kind {
        case .keyword(.column): return .column(try parseColumn())
        case .keyword(.group): return .group(try parseGroup())
        case .identifier where current.text == "columns": return .columns(try parseColumns())
        default: return nil
        }
    }

    /// columns = "columns" NAME "by" NAME [ "total" STRING ]
    private mutating func parseColumns() throws -> ColumnsDecl {
        let keyword = span(current)
        advance()
        let field = try expectName("字段 ID")
        guard current.kind == .identifier, current.text == "by" else { throw unexpected("\"by\" (columns 字段 by 维度)") }
        advance()
        let dimension = try expectName("维度 ID")
        var total: StringLiteral?
        if current.kind == .identifier, current.text == "total" {
            advance()
            total = try expectString("合计列的标题 (如 \"合计\")")
        }
        return ColumnsDecl(keyword: keyword, field: field, dimension: dimension, total: total)
    }

    /// column = "column" [ NAME ] STRING "=" expr { "format" STRING | "width" NUMBER }
    private mutating func parseColumn() throws -> ColumnDecl {
        let keyword = span(current)
        advance()
        var id: Name?
        if !at(.string) { id = try expectName("栏目 ID 或表头 (字符串)") }
        let header = try expectString("表头 (字符串)")
        try expect(.assign, "\"=\" 和栏目的表达式")
        let expr = try parseExpression()
        var format: StringLiteral?
        var width: NumberLiteral?
        while true {
            let next = peekPastNewlines()
            if next.kind == .keyword(.format) {
                skipNewlines()
                if format != nil { reportAndContinue("重复的属性 format", at: current) }
                advance()
                let f = try expectString("数字格式 (如 \"0.00\")")
                format = format ?? f
            } else if next.kind == .keyword(.width) {
                skipNewlines()
                if width != nil { reportAndContinue("重复的属性 width", at: current) }
                advance()
                let w = try expectNumber("列宽 (数字)")
                width = width ?? w
            } else {
                break
            }
        }
        return ColumnDecl(keyword: keyword, id: id, header: header, expr: expr, format: format, width: width)
    }

    /// group = "group" STRING "{" { column | group } "}"
    private mutating func parseGroup() throws -> GroupDecl {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > 8 { throw error("group 嵌套太深 (超过 8 层)", at: current) }
        let keyword = span(current)
        advance()
        let title = try expectString("上级表头 (字符串)")
        let open = try expect(.lbrace, "\"{\"")
        var items: [ReportItem] = []
        while true {
            skipNewlines()
            switch current.kind {
            case .rbrace:
                advance()
                return GroupDecl(keyword: keyword, title: title, items: items)
            case .eof, .keyword(.report), .keyword(.field), .keyword(.computed), .keyword(.rule), .keyword(.section):
                report(error("group 缺少结尾的 \"}\"", at: open))
                return GroupDecl(keyword: keyword, title: title, items: items)
            default:
                do {
                    guard let item = try parseReportItem() else {
                        throw unexpected("column 或 group (报表属性请写在 group 外面)")
                    }
                    items.append(item)
                    try expectLineEnd()
                } catch let e as SyntaxError {
                    report(e)
                    recover()
                }
            }
        }
    }
}
