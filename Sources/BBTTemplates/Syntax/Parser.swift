/// Recursive-descent parser for `.bbt` files. It never stops at the first problem: a declaration
/// with a syntax error is reported, skipped to the end of its line (or its block), and parsing goes on.
struct Parser {
    let file: SourceFile
    let fileIndex: Int
    var tokens: [Token]
    var index = 0
    /// Inside parentheses line breaks mean nothing, so long expressions may wrap.
    var parenDepth = 0
    /// Field IDs whose declarations broke after the ID (`TemplateFile.unreadable`).
    var unreadable: [Name] = []
    /// Depth of nested expressions and groups being parsed.
    var nesting = 0
    static let maxNesting = 64
    var diagnostics = Diagnostics()
    let linesWithLexicalErrors: Set<Int>

    struct SyntaxError: Error {
        let message: String
        let span: SourceSpan
    }

    init(file: SourceFile, fileIndex: Int) {
        self.file = file
        self.fileIndex = fileIndex
        var lexDiagnostics = Diagnostics()
        self.tokens = Lexer.tokenize(file, fileIndex: fileIndex, into: &lexDiagnostics)
        self.diagnostics = lexDiagnostics
        self.linesWithLexicalErrors = Set(lexDiagnostics.items.map { file.location(of: $0.span.start).line })
    }

    /// Parses one file; syntax problems go into the returned diagnostics.
    static func parse(_ file: SourceFile, fileIndex: Int) -> (TemplateFile, Diagnostics) {
        var parser = Parser(file: file, fileIndex: fileIndex)
        let parsed = parser.parseFile()
        return (parsed, parser.diagnostics)
    }

    // MARK: - Tokens

    var current: Token {
        if parenDepth > 0 {
            var i = index
            while tokens[i].kind == .newline { i += 1 }
            return tokens[i]
        }
        return tokens[index]
    }

    mutating func advance() {
        if parenDepth > 0 { skipNewlines() }
        if tokens[index].kind != .eof { index += 1 }
    }

    mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    /// The next token that is not a line break, without consuming anything.
    func peekPastNewlines() -> Token {
        var i = index
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i]
    }

    func span(_ token: Token) -> SourceSpan { SourceSpan(file: fileIndex, start: token.start, end: token.end) }

    func at(_ kind: TokenKind) -> Bool { current.kind == kind }

    func error(_ message: String, at token: Token) -> SyntaxError {
        SyntaxError(message: message, span: span(token))
    }

    func unexpected(_ expected: String) -> SyntaxError {
        let t = current
        let found = t.kind == .identifier ? "\"\(t.text)\"" : t.kind.display
        return error("此处应为\(expected), 却是 \(found)", at: t)
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        guard at(kind) else { throw unexpected(what) }
        let t = current
        advance()
        return t
    }

    mutating func expectName(_ what: String) throws -> Name {
        let t = current
        if case .keyword(let k) = t.kind {
            throw error("\"\(k.rawValue)\" 是关键字, 不能用作\(what)", at: t)
        }
        guard t.kind == .identifier else { throw unexpected(what) }
        advance()
        return Name(text: t.text, span: span(t))
    }

    mutating func expectString(_ what: String) throws -> StringLiteral {
        let t = try expect(.string, what)
        return StringLiteral(value: t.text, span: span(t))
    }

    /// A number, with an optional leading minus where `allowNegative`.
    mutating func expectNumber(_ what: String, allowNegative: Bool = false) throws -> NumberLiteral {
        if allowNegative, at(.minus) {
            let minus = current
            advance()
            let t = try expect(.number, what)
            return NumberLiteral(text: "-" + t.text, span: SourceSpan(file: fileIndex, start: minus.start, end: t.end))
        }
        let t = try expect(.number, what)
        return NumberLiteral(text: t.text, span: span(t))
    }

    /// A name where the language allows words that are keywords elsewhere (`merge min`).
    mutating func expectWord(_ what: String) throws -> Name {
        let t = current
        switch t.kind {
        case .identifier, .keyword(.min), .keyword(.max):
            advance()
            return Name(text: t.text, span: span(t))
        default:
            throw unexpected(what)
        }
    }

    /// Declarations end at a line break (or the `}` that closes their block, or the end of the file).
    func expectLineEnd() throws {
        if index > 0, tokens[index - 1].kind == .newline { return }
        switch current.kind {
        case .newline, .eof, .rbrace: return
        default: throw unexpected("换行 (每条声明单独一行)")
        }
    }

    /// Skips the rest of a broken declaration: to the end of its line, or past a block it opened,
    /// stopping before a `}` that closes an enclosing block.
    mutating func recover() {
        parenDepth = 0
        var depth = 0
        while true {
            switch tokens[index].kind {
            case .eof: return
            case .newline where depth == 0: return
            case .lbrace: depth += 1
            case .rbrace:
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { index += 1; return }
            default: break
            }
            index += 1
        }
    }

    /// `recover()`, and the `help` lines that continue the broken declaration on lines of their own:
    /// they belong to it, and are not new mistakes.
    mutating func recoverWithContinuations() {
        recover()
        while case .keyword(.help) = peekPastNewlines().kind {
            skipNewlines()
            recover()
        }
    }

    /// Reports a syntax error, unless the lexer already complained about that line: an unterminated
    /// string or a stray character explains what follows it better than the parser can.
    mutating func report(_ error: SyntaxError) {
        let line = file.location(of: error.span.start).line
        if linesWithLexicalErrors.contains(line) { return }
        diagnostics.error(error.message, at: error.span)
    }

    /// Reports a problem that does not derail parsing (a repeated attribute).
    mutating func reportAndContinue(_ message: String, at token: Token) {
        report(error(message, at: token))
    }

    // MARK: - Files and declarations

    /// file = { declaration NEWLINE } EOF
    mutating func parseFile() -> TemplateFile {
        var declarations: [Declaration] = []
        while true {
            skipNewlines()
            if at(.eof) { break }
            if at(.rbrace) {
                report(error("多余的 \"}\": 前面没有与之配对的 \"{\"", at: current))
                advance()
                continue
            }
            do {
                declarations.append(try parseDeclaration())
                try expectLineEnd()
                if at(.rbrace) {
                    report(error("多余的 \"}\": 前面没有与之配对的 \"{\"", at: current))
                    advance()
                }
            } catch let e as SyntaxError {
                report(e)
                recoverWithContinuations()
            } catch {
                preconditionFailure("the parser throws only SyntaxError")
            }
        }
        return TemplateFile(fileIndex: fileIndex, declarations: declarations, unreadable: unreadable)
    }

    /// declaration = field | computed | rule | section | report | source
    /// `source` and `from` are words only where they start a declaration or an attribute, so a
    /// field may still be called `source`.
    mutating func parseDeclaration() throws -> Declaration {
        switch current.kind {
        case .identifier where current.text == "source": return .source(try parseSource())
        case .identifier where current.text == "dimension": return .dimension(try parseDimension())
        case .keyword(.field): return .field(try parseField())
        case .keyword(.computed): return .computed(try parseComputed())
        case .keyword(.rule): return .rule(try parseRule())
        case .keyword(.section): return .section(try parseSection())
        case .keyword(.report): return .report(try parseReport())
        case .keyword(.column), .keyword(.group):
            throw error("\"\(current.text)\" 只能写在 report { … } 里面", at: current)
        default:
            throw unexpected("声明 (field、computed、rule、section、report、source 或 dimension)")
        }
    }

    /// source = "source" NAME STRING
    mutating func parseSource() throws -> SourceDecl {
        let keyword = span(current)
        advance()
        let id = try expectName("数据来源 ID (如 gongan)")
        let name = try expectString("数据来源的名称 (如 \"成都市公安局\")")
        return SourceDecl(keyword: keyword, id: id, name: name)
    }

    /// dimension = "dimension" NAME STRING "{" { member | group } "}"; members are separated by
    /// commas or line breaks: member = NAME STRING; group = "group" NAME STRING "=" NAME { "," NAME }
    mutating func parseDimension() throws -> DimensionDecl {
        let keyword = span(current)
        advance()
        let id = try expectName("维度 ID (如 sex)")
        let label = try expectString("维度的名称 (如 \"性别\")")
        try expect(.lbrace, "\"{\" (维度的成员写在花括号里)")
        var members: [DimensionDecl.Member] = []
        var groups: [DimensionDecl.Group] = []
        while true {
            while at(.newline) || at(.comma) { advance() }
            switch current.kind {
            case .rbrace:
                advance()
                return DimensionDecl(keyword: keyword, id: id, label: label, members: members, groups: groups)
            case .eof:
                throw error("维度 \"\(id.text)\" 缺少结尾的 \"}\"", at: current)
            case .keyword(.group):
                advance()
                let gid = try expectName("分组 ID (如 a60)")
                let glabel = try expectString("分组的名称 (如 \"60岁及以上\")")
                try expect(.assign, "\"=\" (分组 = 成员, 成员 …)")
                var names = [try expectName("成员 ID")]
                while at(.comma), tokens[index + 1].kind == .identifier, tokens[index + 2].kind != .string {
                    advance()
                    names.append(try expectName("成员 ID"))
                }
                groups.append(.init(id: gid, label: glabel, members: names))
            default:
                let mid = try expectName("成员 ID (如 male)")
                let mlabel = try expectString("成员的名称 (如 \"男\")")
                members.append(.init(id: mid, label: mlabel))
            }
        }
    }

    /// field = "field" NAME STRING type { fieldAttribute }
    mutating func parseField() throws -> FieldDecl {
        let keyword = span(current)
        advance()
        let id = try expectName("字段 ID")
        do {
            let label = try expectString("字段的标签 (如 \"常住人口\")")
            let type = try parseType()
            var attributes: [FieldAttribute] = []
            while let attribute = try parseFieldAttribute() { attributes.append(attribute) }
            return FieldDecl(keyword: keyword, id: id, label: label, type: type, attributes: attributes)
        } catch {
            unreadable.append(id)
            throw error
        }
    }

    /// type = "int" | "decimal" "(" NUMBER ")" | "text" [ "(" NUMBER ")" ] | "bool" | "date"
    ///      | "choice" "(" STRING { "," STRING } ")"
    mutating func parseType() throws -> TypeSpec {
        let start = current
        let kind: TypeSpec.Kind
        switch start.kind {
        case .keyword(.int): advance(); kind = .int
        case .keyword(.bool): advance(); kind = .bool
        case .keyword(.date): advance(); kind = .date
        case .keyword(.decimal):
            advance()
            try expect(.lparen, "\"(\" (decimal 要写小数位数, 如 decimal(2))")
            let places = try expectNumber("小数位数")
            try expect(.rparen, "\")\"")
            kind = .decimal(places: places)
        case .keyword(.text):
            advance()
            var maxLength: NumberLiteral?
            if at(.lparen) {
                advance()
                maxLength = try expectNumber("最大字数")
                try expect(.rparen, "\")\"")
            }
            kind = .text(maxLength: maxLength)
        case .keyword(.choice):
            advance()
            try expect(.lparen, "\"(\" (choice 要列出选项, 如 choice(\"是\", \"否\"))")
            parenDepth += 1
            var options = [try expectString("选项 (字符串)")]
            while at(.comma) {
                advance()
                options.append(try expectString("选项 (字符串)"))
            }
            try expect(.rparen, "\",\" 或 \")\"")
            parenDepth -= 1
            kind = .choice(options)
        default:
            throw unexpected("字段类型 (int、decimal(P)、text、text(N)、bool、date 或 choice(…))")
        }
        let end = tokens[index - 1]
        return TypeSpec(kind: kind, span: SourceSpan(file: fileIndex, start: start.start, end: end.end))
    }

    /// fieldAttribute = "unit" STRING | "min" NUMBER | "max" NUMBER | "stock" | "flow" | "merge" WORD
    ///                | "optional" | "carry" | "help" STRING | "every" NAME | "from" NAME
    /// Attributes may continue on the following lines.
    mutating func parseFieldAttribute() throws -> FieldAttribute? {
        let next = peekPastNewlines()
        if next.kind == .identifier, next.text == "from" {
            skipNewlines()
            let keyword = span(current)
            advance()
            return FieldAttribute(kind: .from(try expectName("数据来源 ID (source 声明的 ID)")), span: keyword)
        }
        if next.kind == .identifier, next.text == "by" {
            skipNewlines()
            let keyword = span(current)
            advance()
            // by sex, age * area: breakdowns separated by commas, a crossed one joined by "*".
            var breakdowns: [[Name]] = []
            repeat {
                if !breakdowns.isEmpty { advance() }  // ,
                var crossed = [try expectName("维度 ID (如 sex)")]
                while at(.star) {
                    advance()
                    crossed.append(try expectName("维度 ID"))
                }
                breakdowns.append(crossed)
            } while at(.comma)
            return FieldAttribute(kind: .by(breakdowns), span: keyword)
        }
        guard case .keyword(let k) = next.kind else { return nil }
        let kind: FieldAttribute.Kind
        switch k {
        case .unit, .min, .max, .stock, .flow, .merge, .optional, .carry, .help, .every: break
        default: return nil
        }
        skipNewlines()
        let keyword = span(current)
        advance()
        switch k {
        case .unit: kind = .unit(try expectString("计量单位 (如 \"人\")"))
        case .min: kind = .min(try expectNumber("下限 (数字)", allowNegative: true))
        case .max: kind = .max(try expectNumber("上限 (数字)", allowNegative: true))
        case .stock: kind = .stock
        case .flow: kind = .flow
        case .merge: kind = .merge(try expectWord("汇总方式 (sum、avg、min、max、count 或 none)"))
        case .optional: kind = .optional
        case .carry: kind = .carry
        case .help: kind = .help(try expectString("填写提示 (字符串)"))
        case .every: kind = .every(try expectWord("频率 (month、quarter、half 或 year)"))
        default: preconditionFailure("filtered above")
        }
        return FieldAttribute(kind: kind, span: keyword)
    }

    /// computed = "computed" NAME STRING "=" expr { "decimal" "(" NUMBER ")" | "unit" STRING }
    mutating func parseComputed() throws -> ComputedDecl {
        let keyword = span(current)
        advance()
        let id = try expectName("计算指标 ID")
        let label = try expectString("计算指标的标签")
        try expect(.assign, "\"=\" 和计算公式")
        let expr = try parseExpression()
        var places: NumberLiteral?
        var unit: StringLiteral?
        var from: [Name] = []
        while true {
            let next = peekPastNewlines()
            if next.kind == .identifier, next.text == "from" {
                skipNewlines()
                advance()
                from.append(try expectName("数据来源 ID"))
            } else if next.kind == .keyword(.decimal) {
                skipNewlines()
                if places != nil { reportAndContinue("重复的属性 decimal", at: current) }
                advance()
                try expect(.lparen, "\"(\" (如 decimal(2))")
                let p = try expectNumber("小数位数")
                try expect(.rparen, "\")\"")
                places = places ?? p
            } else if next.kind == .keyword(.unit) {
                skipNewlines()
                if unit != nil { reportAndContinue("重复的属性 unit", at: current) }
                advance()
                let u = try expectString("计量单位 (如 \"%\")")
                unit = unit ?? u
            } else {
                break
            }
        }
        return ComputedDecl(keyword: keyword, id: id, label: label, expr: expr, places: places, unit: unit, misplacedFrom: from)
    }

    /// rule = "rule" expr STRING [ "warning" | "error" | "explain" ]  ("error" and "explain" are not
    /// reserved: a field may still be called so)
    mutating func parseRule() throws -> RuleDecl {
        let keyword = span(current)
        advance()
        let expr = try parseExpression()
        if peekPastNewlines().kind == .string { skipNewlines() }
        let message = try expectString("提示信息 (字符串), 如 rule a <= b \"a 不能大于 b\"")
        var severity = RuleSeverity.error
        let next = peekPastNewlines()
        if next.kind == .keyword(.warning) {
            skipNewlines()
            advance()
            severity = .warning
        } else if next.kind == .identifier, let named = RuleSeverity(rawValue: next.text), named != .warning {
            skipNewlines()
            advance()
            severity = named
        } else if current.kind == .identifier {
            // A word after the message on its line can only have been meant as the severity.
            throw error("规则级别应为 error、warning 或 explain, 却是 \"\(current.text)\"", at: current)
        }
        return RuleDecl(keyword: keyword, expr: expr, message: message, severity: severity)
    }

    /// section = "section" STRING "{" { field NEWLINE } "}"
    mutating func parseSection() throws -> SectionDecl {
        let keyword = span(current)
        advance()
        let title = try expectString("分组标题 (如 \"人口与户籍\")")
        let open = try expect(.lbrace, "\"{\"")
        var fields: [FieldDecl] = []
        while true {
            skipNewlines()
            switch current.kind {
            case .rbrace:
                advance()
                return SectionDecl(keyword: keyword, title: title, fields: fields)
            case .eof, .keyword(.section), .keyword(.report):
                report(error("section 缺少结尾的 \"}\"", at: open))
                return SectionDecl(keyword: keyword, title: title, fields: fields)
            case .keyword(.field):
                do {
                    fields.append(try parseField())
                    try expectLineEnd()
                } catch let e as SyntaxError {
                    report(e)
                    recoverWithContinuations()
                }
            default:
                report(error("section 里只能写 field; \(current.kind == .identifier ? "\"\(current.text)\"" : current.kind.display) 请写在 section 外面", at: current))
                recover()
            }
        }
    }
}
