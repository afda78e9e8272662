/// Turns one file's bytes into tokens. Problems (an unknown character, an unterminated string, a
/// bad escape) are reported and lexing goes on, so the parser always gets a full token stream.
struct Lexer {
    private let file: SourceFile
    private let fileIndex: Int
    private let bytes: [UInt8]
    private var pos = 0

    init(file: SourceFile, fileIndex: Int) {
        self.file = file
        self.fileIndex = fileIndex
        self.bytes = file.bytes
    }

    static func tokenize(_ file: SourceFile, fileIndex: Int, into diagnostics: inout Diagnostics) -> [Token] {
        var lexer = Lexer(file: file, fileIndex: fileIndex)
        var tokens: [Token] = []
        tokens.reserveCapacity(file.bytes.count / 4)
        while true {
            let token = lexer.next(&diagnostics)
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan { SourceSpan(file: fileIndex, start: start, end: end) }

    private mutating func next(_ diagnostics: inout Diagnostics) -> Token {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                pos += 1
            } else if b == UInt8(ascii: "#") {
                while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else if pos == 0, bytes.count >= 3, b == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                pos = 3  // a UTF-8 byte order mark, as some editors on Windows write it
            } else {
                break
            }
        }
        let start = pos
        guard pos < bytes.count else { return Token(kind: .eof, start: start, end: start, text: "") }
        let b = bytes[pos]
        pos += 1
        func tok(_ kind: TokenKind) -> Token { Token(kind: kind, start: start, end: pos, text: "") }
        switch b {
        case UInt8(ascii: "\n"): return tok(.newline)
        case UInt8(ascii: "{"): return tok(.lbrace)
        case UInt8(ascii: "}"): return tok(.rbrace)
        case UInt8(ascii: "("): return tok(.lparen)
        case UInt8(ascii: ")"): return tok(.rparen)
        case UInt8(ascii: ","): return tok(.comma)
        case UInt8(ascii: "["): return tok(.lbracket)
        case UInt8(ascii: "]"): return tok(.rbracket)
        case UInt8(ascii: "."): return tok(.dot)
        case UInt8(ascii: "+"): return tok(.plus)
        case UInt8(ascii: "-"): return tok(.minus)
        case UInt8(ascii: "*"): return tok(.star)
        case UInt8(ascii: "/"): return tok(.slash)
        case UInt8(ascii: "="):
            if peek(UInt8(ascii: "=")) { pos += 1; return tok(.eq) }
            return tok(.assign)
        case UInt8(ascii: "!"):
            if peek(UInt8(ascii: "=")) { pos += 1; return tok(.ne) }
            diagnostics.error("无法识别的字符 \"!\" (不等于请写 \"!=\", 逻辑非请写 not)", at: span(start, pos))
            return next(&diagnostics)
        case UInt8(ascii: "<"):
            if peek(UInt8(ascii: "=")) { pos += 1; return tok(.le) }
            return tok(.lt)
        case UInt8(ascii: ">"):
            if peek(UInt8(ascii: "=")) { pos += 1; return tok(.ge) }
            return tok(.gt)
        case UInt8(ascii: "\""):
            return string(start: start, &diagnostics)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(start: start, &diagnostics)
        case _ where Lexer.isIdentifierStart(b):
            while pos < bytes.count, Lexer.isIdentifierPart(bytes[pos]) { pos += 1 }
            let text = file.slice(start, pos)
            if let keyword = Keyword.byName[text] {
                return Token(kind: .keyword(keyword), start: start, end: pos, text: text)
            }
            return Token(kind: .identifier, start: start, end: pos, text: text)
        default:
            // Skip the whole scalar so the message names the character, not a byte of it.
            while pos < bytes.count, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
            let ch = file.slice(start, pos)
            if let (ascii, kind) = Lexer.fullWidth[ch] {
                // Recover as the half-width token, so one slip gives one message.
                diagnostics.error("全角字符 \"\(ch)\": 请改用半角的 \"\(ascii)\"", at: span(start, pos))
                if let kind { return tok(kind) }
                return next(&diagnostics)
            }
            if b >= 0x80 {
                // A word in Chinese where a name belongs: one message for the whole word.
                while pos < bytes.count, bytes[pos] >= 0x80 || Lexer.isIdentifierPart(bytes[pos]) { pos += 1 }
                let word = file.slice(start, pos)
                diagnostics.error("名称 \"\(word)\" 不合规则: 名称只能用英文字母、数字和下划线, 中文请写在引号里", at: span(start, pos))
                return Token(kind: .identifier, start: start, end: pos, text: word)
            }
            diagnostics.error("无法识别的字符 \"\(ch)\"", at: span(start, pos))
            return next(&diagnostics)
        }
    }

    private func peek(_ b: UInt8) -> Bool { pos < bytes.count && bytes[pos] == b }

    private mutating func number(start: Int, _ diagnostics: inout Diagnostics) -> Token {
        while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
        if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "."), Lexer.isDigit(bytes[pos + 1]) {
            pos += 1
            while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, Lexer.isIdentifierPart(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") {
            let bad = pos
            while pos < bytes.count, Lexer.isIdentifierPart(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") { pos += 1 }
            diagnostics.error("数字 \"\(file.slice(start, pos))\" 的写法不对 (只能是 12、-3、0.25 这样的十进制数)", at: span(bad, pos))
        }
        return Token(kind: .number, start: start, end: pos, text: file.slice(start, pos))
    }

    private mutating func string(start: Int, _ diagnostics: inout Diagnostics) -> Token {
        var value: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return Token(kind: .string, start: start, end: pos, text: String(decoding: value, as: UTF8.self))
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                let escapeStart = pos
                pos += 1
                guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else { break }
                switch bytes[pos] {
                case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                default:
                    var end = pos + 1
                    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                    diagnostics.error("字符串中不认识的转义 \"\(file.slice(escapeStart, end))\" (可用: \\\" \\\\ \\n)", at: span(escapeStart, end))
                    value.append(contentsOf: bytes[pos..<end])
                    pos = end
                    continue
                }
                pos += 1
                continue
            }
            value.append(b)
            pos += 1
        }
        diagnostics.error("字符串没有结束: 缺少右引号 \"", at: span(start, start + 1))
        return Token(kind: .string, start: start, end: pos, text: String(decoding: value, as: UTF8.self))
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }
    static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    /// Full-width punctuation typed with a Chinese input method is the most common slip.
    private static let fullWidth: [String: (String, TokenKind?)] = [
        "“": ("\"", nil), "”": ("\"", nil), "（": ("(", .lparen), "）": (")", .rparen), "，": (",", .comma),
        "＝": ("=", .assign), "｛": ("{", .lbrace), "｝": ("}", .rbrace), "＞": (">", .gt), "＜": ("<", .lt),
        "＋": ("+", .plus), "－": ("-", .minus), "＊": ("*", .star), "／": ("/", .slash),
    ]
}
