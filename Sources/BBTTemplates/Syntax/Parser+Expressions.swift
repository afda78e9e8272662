extension Parser {
    /// expr = prefix { BINOP expr }   (precedence climbing: or < and < not < comparison < + - < * /)
    /// A line break ends an expression unless it follows an operator or sits inside parentheses.
    mutating func parseExpression(minPrecedence: Int = 1) throws -> Expr {
        // Recursion is bounded so that hostile or generated input cannot exhaust the stack.
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting {
            throw error("表达式嵌套太深 (超过 \(Parser.maxNesting) 层)", at: current)
        }
        var lhs = try parsePrefix()
        while let op = binaryOperator(current.kind), op.precedence >= minPrecedence {
            let opToken = current
            if op.isComparison, case .binary(let inner, _, _) = lhs.kind, inner.isComparison {
                throw error("比较不能连写 (如 a < b < c); 请写成 a < b and b < c", at: opToken)
            }
            advance()
            skipNewlines()
            let rhs = try parseExpression(minPrecedence: op.precedence + 1)
            lhs = Expr(kind: .binary(op, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        if at(.assign) { throw error("比较相等请写 \"==\"", at: current) }
        return lhs
    }

    /// prefix = "not" expr(comparison) | "-" prefix | primary
    /// `not` takes a whole comparison (`not a > b` is `not (a > b)`); `-` binds tighter than `*`.
    private mutating func parsePrefix() throws -> Expr {
        let start = current
        switch start.kind {
        case .keyword(.not):
            advance()
            let operand = try parseExpression(minPrecedence: BinaryOperator.equal.precedence)
            return Expr(kind: .not(operand), span: span(start).to(operand.span))
        case .minus:
            advance()
            nesting += 1
            defer { nesting -= 1 }
            if nesting > Parser.maxNesting { throw error("表达式嵌套太深 (超过 \(Parser.maxNesting) 层)", at: current) }
            let operand = try parsePrefix()
            return Expr(kind: .negate(operand), span: span(start).to(operand.span))
        default:
            return try parsePrimary()
        }
    }

    /// primary = NUMBER | STRING | "true" | "false" | NAME | NAME "(" [ expr { "," expr } ] ")"
    ///         | "(" expr ")"
    private mutating func parsePrimary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return Expr(kind: .number(t.text), span: span(t))
        case .string:
            advance()
            return Expr(kind: .string(t.text), span: span(t))
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(kind: .bool(t.kind == .keyword(.true)), span: span(t))
        case .identifier, .keyword(.min), .keyword(.max):
            advance()
            // A call only when "(" follows directly on the same line.
            if tokens[index].kind == .lparen {
                return try parseCall(Name(text: t.text, span: span(t)))
            }
            if case .keyword(let k) = t.kind {
                throw error("\"\(k.rawValue)\" 是关键字; 作为函数请写 \(k.rawValue)(a, b)", at: t)
            }
            // A slice only when "[" follows directly: `pop[sex.male]`.
            if tokens[index].kind == .lbracket {
                return try parseSlice(Name(text: t.text, span: span(t)))
            }
            return Expr(kind: .name(t.text), span: span(t))
        case .lparen:
            advance()
            parenDepth += 1
            let inner = try parseExpression()
            let close = current
            guard close.kind == .rparen else { throw unexpected("\")\"") }
            advance()
            parenDepth -= 1
            return Expr(kind: .paren(inner), span: span(t).to(span(close)))
        case .keyword(let k):
            throw error("\"\(k.rawValue)\" 是关键字, 不能用在表达式里", at: t)
        default:
            throw unexpected("表达式")
        }
    }

    private mutating func parseCall(_ function: Name) throws -> Expr {
        advance()  // "("
        parenDepth += 1
        var arguments: [Expr] = []
        if !at(.rparen) {
            arguments.append(try parseExpression())
            while at(.comma) {
                advance()
                arguments.append(try parseExpression())
            }
        }
        let close = current
        guard close.kind == .rparen else { throw unexpected("\",\" 或 \")\"") }
        advance()
        parenDepth -= 1
        return Expr(kind: .call(function, arguments), span: function.span.to(span(close)))
    }

    private func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .eq: .equal
        case .ne: .notEqual
        case .lt: .less
        case .le: .lessOrEqual
        case .gt: .greater
        case .ge: .greaterOrEqual
        case .keyword(.and): .and
        case .keyword(.or): .or
        case .assign: nil
        default: nil
        }
    }

    /// slice = NAME "[" NAME "." NAME { "," NAME "." NAME } "]"
    mutating func parseSlice(_ field: Name) throws -> Expr {
        advance()  // [
        parenDepth += 1
        var members: [SliceMember] = []
        repeat {
            if !members.isEmpty { advance() }  // ,
            let dimension = try expectName("维度 ID (如 sex)")
            try expect(.dot, "\".\" (写作 维度.成员, 如 sex.male)")
            let member = try expectName("成员或分组 ID (如 male)")
            members.append(SliceMember(dimension: dimension, member: member))
        } while at(.comma)
        let close = current
        guard close.kind == .rbracket else { throw unexpected("\",\" 或 \"]\"") }
        advance()
        parenDepth -= 1
        return Expr(kind: .slice(field, members), span: field.span.to(span(close)))
    }
}
