import BBTNumber

/// A field's value in JSON: a number as its exact decimal text, a date as `YYYY-MM-DD`.
extension Value: JSONRepresentable, Encodable {
    public var json: JSONValue {
        switch self {
        case .number(let d): .number(d.plainText)
        case .text(let s): .string(s)
        case .bool(let b): .bool(b)
        case .date(let d): .string(d.description)
        }
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Number: JSONRepresentable {
    public var json: JSONValue { .number(plainText) }
}
