/// Writing JSON: keys in the order they are given (what people read and what golden files compare),
/// numbers as their exact text.
extension JSONValue {
    public static func int(_ i: Int) -> JSONValue { .number(String(i)) }
    /// A non-finite double has no JSON form: `null`.
    public static func double(_ d: Double) -> JSONValue { d.isFinite ? .number("\(d)") : .null }
    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? "" : nil)
        return out
    }

    private func write(to out: inout String, indent: String?) {
        switch self {
        case .string(let s): JSONValue.quote(s, into: &out)
        case .number(let text): out += text
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            let inner = indent.map { $0 + "  " }
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if let inner { out += "\n" + inner }
                item.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            let inner = indent.map { $0 + "  " }
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                if let inner { out += "\n" + inner }
                JSONValue.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
