/// A small strict JSON reader (RFC 8259) for form data: numbers keep their exact text so that
/// `0.1` stays 0.1, duplicate keys are an error, and nesting is bounded.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }
}

public struct JSONError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "JSON 格式错误 (第 \(offset + 1) 字节): \(message)" }
}

public struct JSONParser {
    // Internal rather than private: `FormFile.Reader` walks a form file with these same steps.
    /// Borrowed for the parse: indexing it costs no reference counting, unlike an array's.
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0
    public static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in
            var p = JSONParser(buffer)
            let value = try p.value()
            try p.end()
            return value
        }
    }

    /// Only white space may follow the document.
    mutating func end() throws(JSONError) {
        skipSpace()
        guard pos == bytes.count else { throw fail("文档结尾有多余的内容") }
    }

    func fail(_ message: String) -> JSONError { JSONError(message: message, offset: pos) }

    /// The byte at the cursor, `nil` at the end.
    var next: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    mutating func skipSpace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x0D || bytes[pos] == 0x09 { pos += 1 }
    }

    mutating func value() throws(JSONError) -> JSONValue {
        skipSpace()
        guard pos < bytes.count else { throw fail("缺少值") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("无法识别的字符")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard pos + w.count <= bytes.count, bytes[pos..<(pos + w.count)].elementsEqual(w) else { throw fail("无法识别的字面量") }
        pos += w.count
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("嵌套超过 \(JSONParser.maxDepth) 层") }
    }

    private mutating func object() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var members: [(String, JSONValue)] = []
        var keys = Set<String>()
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("对象的键必须是字符串") }
            let key = try string()
            guard keys.insert(key).inserted else { throw fail("重复的键 \"\(key)\"") }
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("缺少冒号") }
            pos += 1
            members.append((key, try value()))
            skipSpace()
            guard pos < bytes.count else { throw fail("对象没有结束") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw fail("缺少逗号或右花括号")
        }
    }

    private mutating func array() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard pos < bytes.count else { throw fail("数组没有结束") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw fail("缺少逗号或右方括号")
        }
    }

    private mutating func number() throws(JSONError) -> String {
        String(decoding: bytes[try numberRange()], as: UTF8.self)
    }

    /// Where the number at the cursor is written, checked against JSON's grammar.
    mutating func numberRange() throws(JSONError) -> Range<Int> {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits() -> Int {
            let s = pos
            while pos < bytes.count, bytes[pos] >= UInt8(ascii: "0"), bytes[pos] <= UInt8(ascii: "9") { pos += 1 }
            return pos - s
        }
        let intStart = pos
        let n = digits()
        guard n > 0 else { throw fail("数字格式错误") }
        if n > 1, bytes[intStart] == UInt8(ascii: "0") { throw fail("数字不能以 0 开头") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw fail("小数点后缺少数字") }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw fail("指数缺少数字") }
        }
        return start..<pos
    }

    /// The bytes of the string at the cursor when it is plain ASCII without escapes (what field ids
    /// are), leaving the cursor after it; otherwise `nil` and the cursor where it was.
    mutating func plainASCIIString() -> Slice<UnsafeBufferPointer<UInt8>>? {
        var i = pos + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                defer { pos = i + 1 }
                return bytes[(pos + 1)..<i]
            }
            guard b >= 0x20, b < 0x80, b != UInt8(ascii: "\\") else { return nil }
            i += 1
        }
        return nil
    }

    mutating func string() throws(JSONError) -> String {
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("字符串不是有效的 UTF-8") }
                return s
            }
            if b < 0x20 { throw fail("字符串中有控制字符") }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw fail("不成对的 UTF-16 代理项")
                        }
                        pos += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("不成对的 UTF-16 代理项") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("不成对的 UTF-16 代理项")
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default: throw fail("无效的转义")
                }
                continue
            }
            out.append(b)
            pos += 1
        }
        throw fail("字符串没有结束")
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("\\u 后需要 4 位十六进制数") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("\\u 后需要 4 位十六进制数")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
