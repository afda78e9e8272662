/// A value that is its own JSON (a field's value, an exact number): the encoders take it as it is,
/// so no number passes through a `Double`.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

extension JSONValue: JSONRepresentable {
    public var json: JSONValue { self }
}

/// Encodes the API's `Codable` answers into a `JSONValue` with the members in the order the type
/// declares them and `nil` written as `null` (an answer's keys are all there, empty or not).
/// Foundation's `JSONEncoder` orders keys by hash and leaves `nil` out.
///
/// Built for answers of thousands of rows (`bbt bench json`): every member goes into its parent as
/// a finished value, only containers being filled get a node, and no coding path is kept (nothing
/// here fails at a path; `codingPath` is always empty). A key encoded twice in one container is
/// written twice: no `Encodable` of ours does that.
public struct JSONValueEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        if let own = value as? any JSONRepresentable { return own.json }
        let root = Node()
        try value.encode(to: Encoding(node: root))
        return root.value
    }
}

/// A container while it is being filled. A member encoded through `encode(_:forKey:)` is finished
/// before the call returns, so it goes in as its value; only a nested container handed out to be
/// filled later (`nestedContainer`) is kept as a node and put in place when the tree is read.
private final class Node {
    enum Kind { case single, object, array }
    var kind = Kind.single
    var single: JSONValue = .null
    var members: [(String, JSONValue)] = []
    var items: [JSONValue] = []
    /// Nested containers still being filled, by their place among the members or items.
    var pending: [(Int, Node)] = []

    var value: JSONValue {
        switch kind {
        case .single: return single
        case .object:
            var m = members
            for (i, n) in pending { m[i].1 = n.value }
            return .object(m)
        case .array:
            var a = items
            for (i, n) in pending { a[i] = n.value }
            return .array(a)
        }
    }

    func makeObject() {
        if kind != .object { kind = .object; members = []; pending = [] }
    }

    func makeArray() {
        if kind != .array { kind = .array; items = []; pending = [] }
    }

    func set(_ key: String, _ v: JSONValue) { members.append((key, v)) }

    func setLater(_ key: String, _ n: Node) {
        pending.append((members.count, n))
        members.append((key, .null))
    }

    func appendLater(_ n: Node) {
        pending.append((items.count, n))
        items.append(.null)
    }

    /// A value of any `Encodable` type: its own JSON when it has one, else what it encodes.
    static func json(_ value: some Encodable) throws -> JSONValue {
        if let own = value as? any JSONRepresentable { return own.json }
        let n = Node()
        try value.encode(to: Encoding(node: n))
        return n.value
    }
}

private struct Encoding: Encoder {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(Keyed<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return Unkeyed(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }
}

private func scalar(_ v: some BinaryInteger) -> JSONValue { .number(String(v)) }

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey] { [] }

    private func put(_ key: Key, _ v: JSONValue) { node.set(key.stringValue, v) }

    func encodeNil(forKey key: Key) throws { put(key, .null) }
    func encode(_ value: Bool, forKey key: Key) throws { put(key, .bool(value)) }
    func encode(_ value: String, forKey key: Key) throws { put(key, .string(value)) }
    func encode(_ value: Double, forKey key: Key) throws { put(key, .double(value)) }
    func encode(_ value: Float, forKey key: Key) throws { put(key, .double(Double(value))) }
    func encode(_ value: Int, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: Int8, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: Int16, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: Int32, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: Int64, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: UInt, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: UInt8, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: UInt16, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: UInt32, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: UInt64, forKey key: Key) throws { put(key, scalar(value)) }
    func encode(_ value: some Encodable, forKey key: Key) throws { node.set(key.stringValue, try Node.json(value)) }

    // An answer names every key it has: an absent optional is `null`, not a missing member.
    func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { put(key, value.map { .bool($0) } ?? .null) }
    func encodeIfPresent(_ value: String?, forKey key: Key) throws { put(key, value.map { .string($0) } ?? .null) }
    func encodeIfPresent(_ value: Double?, forKey key: Key) throws { put(key, value.map { .double($0) } ?? .null) }
    func encodeIfPresent(_ value: Int?, forKey key: Key) throws { put(key, value.map { scalar($0) } ?? .null) }
    func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { put(key, value.map { scalar($0) } ?? .null) }
    func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws {
        guard let value else { return put(key, .null) }
        try encode(value, forKey: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let n = Node()
        n.makeObject()
        node.setLater(key.stringValue, n)
        return KeyedEncodingContainer(Keyed<NestedKey>(node: n))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let n = Node()
        n.makeArray()
        node.setLater(key.stringValue, n)
        return Unkeyed(node: n)
    }

    func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    func superEncoder(forKey key: Key) -> any Encoder {
        let n = Node()
        node.setLater(key.stringValue, n)
        return Encoding(node: n)
    }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    var count: Int { node.items.count }

    private func put(_ v: JSONValue) { node.items.append(v) }

    func encodeNil() throws { put(.null) }
    func encode(_ value: Bool) throws { put(.bool(value)) }
    func encode(_ value: String) throws { put(.string(value)) }
    func encode(_ value: Double) throws { put(.double(value)) }
    func encode(_ value: Int) throws { put(scalar(value)) }
    func encode(_ value: Int64) throws { put(scalar(value)) }
    func encode(_ value: some Encodable) throws { node.items.append(try Node.json(value)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let n = Node()
        n.makeObject()
        node.appendLater(n)
        return KeyedEncodingContainer(Keyed<NestedKey>(node: n))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let n = Node()
        n.makeArray()
        node.appendLater(n)
        return Unkeyed(node: n)
    }

    func superEncoder() -> any Encoder {
        let n = Node()
        node.appendLater(n)
        return Encoding(node: n)
    }
}

private struct Single: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }

    private func put(_ v: JSONValue) { node.single = v }

    func encodeNil() throws { put(.null) }
    func encode(_ value: Bool) throws { put(.bool(value)) }
    func encode(_ value: String) throws { put(.string(value)) }
    func encode(_ value: Double) throws { put(.double(value)) }
    func encode(_ value: Float) throws { put(.double(Double(value))) }
    func encode(_ value: Int) throws { put(scalar(value)) }
    func encode(_ value: Int8) throws { put(scalar(value)) }
    func encode(_ value: Int16) throws { put(scalar(value)) }
    func encode(_ value: Int32) throws { put(scalar(value)) }
    func encode(_ value: Int64) throws { put(scalar(value)) }
    func encode(_ value: UInt) throws { put(scalar(value)) }
    func encode(_ value: UInt8) throws { put(scalar(value)) }
    func encode(_ value: UInt16) throws { put(scalar(value)) }
    func encode(_ value: UInt32) throws { put(scalar(value)) }
    func encode(_ value: UInt64) throws { put(scalar(value)) }
    func encode(_ value: some Encodable) throws { node.single = try Node.json(value) }
}

extension JSONValue: Encodable {
    /// Through another encoder (Foundation's): the same tree; a number goes as a `Double` where it
    /// reads as one, else as its text. `JSONValueEncoder` keeps every number's exact text.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .number(let text):
            var c = encoder.singleValueContainer()
            if let d = Double(text) { try c.encode(d) } else { try c.encode(text) }
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in members { try c.encode(v, forKey: AnyKey(k)) }
        }
    }
}

/// A member name known only at run time.
public struct AnyKey: CodingKey {
    public let stringValue: String
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}
