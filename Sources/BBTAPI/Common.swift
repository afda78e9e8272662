import BBTEngine

/// `{"ok": true}`: a step that has nothing else to say (`POST /api/v1/logout`).
public struct OKAnswer: Encodable, Sendable {
    public let ok: Bool

    public init() { ok = true }
}

/// The members of a request object that its type does not know, in the order sent: a request that
/// changes something names what cannot be changed (422 `这一项不能修改`) instead of ignoring it.
func unknownMembers(_ decoder: any Decoder, known: Set<String>) throws -> [String] {
    try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).filter { !known.contains($0) }
}

extension KeyedDecodingContainer {
    /// A member that may be absent (`nil`), `null` (`.some(nil)`) or a value.
    func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(type, forKey: key))
    }
}
