/// A JSON object whose members are not known as properties (values by field ID), kept in the order
/// given: `Encodable` as an object, unlike an array of pairs, and ordered, unlike a dictionary.
public struct JSONObject<Member: Encodable>: Encodable {
    public var members: [(key: String, value: Member)]

    public init(_ members: [(key: String, value: Member)] = []) {
        self.members = members
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for (k, v) in members { try c.encode(v, forKey: AnyKey(k)) }
    }
}

extension JSONObject: Sendable where Member: Sendable {}

/// Members that are their own JSON make an object that is too: no node per member while encoding.
extension JSONObject: JSONRepresentable where Member: JSONRepresentable {
    public var json: JSONValue { .object(members.map { ($0.key, $0.value.json) }) }
}

extension Optional: JSONRepresentable where Wrapped: JSONRepresentable {
    public var json: JSONValue { self?.json ?? .null }
}
