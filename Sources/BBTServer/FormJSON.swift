import BBTEngine
import BBTRender

/// A field's value where an answer is still built as a `JSONValue` tree.
enum FormJSON {
    static func value(_ v: Value?) -> JSONValue {
        switch v {
        case nil: .null
        case .number(let d)?: .number(d.plainText)
        case .text(let s)?: .string(s)
        case .bool(let b)?: .bool(b)
        case .date(let d)?: .string(d.description)
        }
    }
}
