/// Words reserved by the language: they start declarations and attributes, name types, or are
/// literals and logical operators, and can never be used as identifiers.
public enum Keyword: String, Sendable, CaseIterable {
    case field, computed, rule, report, section, group, column
    case int, decimal, text, bool, date, choice
    case unit, min, max, stock, flow, merge, optional, carry, help, every
    case form_no, authority, approval, listed, valid_until, due, filled_by, format, width, warning
    case `true`, `false`, and, or, not

    static let byName: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

enum TokenKind: Equatable, Sendable {
    case identifier
    case keyword(Keyword)
    case string
    case number
    case lbrace, rbrace, lparen, rparen, lbracket, rbracket, dot, comma, assign
    case plus, minus, star, slash
    case eq, ne, lt, le, gt, ge
    case newline
    case eof

    var display: String {
        switch self {
        case .identifier: return "名称"
        case .keyword(let k): return "\"\(k.rawValue)\""
        case .string: return "字符串"
        case .number: return "数字"
        case .lbrace: return "\"{\""
        case .rbrace: return "\"}\""
        case .lparen: return "\"(\""
        case .rparen: return "\")\""
        case .lbracket: return "\"[\""
        case .rbracket: return "\"]\""
        case .dot: return "\".\""
        case .comma: return "\",\""
        case .assign: return "\"=\""
        case .plus: return "\"+\""
        case .minus: return "\"-\""
        case .star: return "\"*\""
        case .slash: return "\"/\""
        case .eq: return "\"==\""
        case .ne: return "\"!=\""
        case .lt: return "\"<\""
        case .le: return "\"<=\""
        case .gt: return "\">\""
        case .ge: return "\">=\""
        case .newline: return "换行"
        case .eof: return "文件结尾"
        }
    }
}

struct Token: Sendable {
    let kind: TokenKind
    let start: Int
    let end: Int
    /// The decoded value of a string literal (escapes applied); the source text otherwise.
    let text: String
}
