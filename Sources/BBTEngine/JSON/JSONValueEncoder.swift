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
public struct JSONValueEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        if let own = value as? any JSONRepresentable { return own.json }
        let root = Box()
        try value.encode(to: Encoding(box: root, codingPath: []))
        return root.value
    }
}

/// The tree while it is being built: containers hand out boxes that are filled in later.
private final class Box {
    enum Content {
        case value(JSONValue)
        case object([(String, Box)])
        case array([Box])
    }

    var content: Content = .value(.null)

    var value: JSONValue {
        switch content {
        case .value(let v): v
        case .object(let members): .object(members.map { ($0.0, $0.1.value) })
        case .array(let items): .array(items.map(\.value))
        }
    }

    func set(_ v: JSONValue) { content = .value(v) }

    /// A member's box; a key set twice keeps its first place and the last value.
    func member(_ key: String) -> Box {
        if case .object(var members) = content {
            if let existing = members.first(where: { $0.0 == key }) { return existing.1 }
            let b = Box()
            members.append((key, b))
            content = .object(members)
            return b
        }
        let b = Box()
        content = .object([(key, b)])
        return b
    }

    func makeObject() { if case .object = content {} else { content = .object([]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }

    func append() -> Box {
        let b = Box()
        if case .array(var items) = content {
            items.append(b)
            content = .array(items)
        } else {
            content = .array([b])
        }
        return b
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    /// Anything encodable into this box.
    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let own = value as? any JSONRepresentable {
            set(own.json)
            return
        }
        try value.encode(to: Encoding(box: self, codingPath: codingPath))
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct Encoding: Encoder {
    let box: Box
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.makeObject()
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.makeArray()
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }
}

private func scalar(_ v: some BinaryInteger) -> JSONValue { .number(String(v)) }

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    let codingPath: [any CodingKey]

    func encodeNil(forKey key: Key) throws { box.member(key.stringValue).set(.null) }
    func encode(_ value: Bool, forKey key: Key) throws { box.member(key.stringValue).set(.bool(value)) }
    func encode(_ value: String, forKey key: Key) throws { box.member(key.stringValue).set(.string(value)) }
    func encode(_ value: Double, forKey key: Key) throws { box.member(key.stringValue).set(.double(value)) }
    func encode(_ value: Float, forKey key: Key) throws { box.member(key.stringValue).set(.double(Double(value))) }
    func encode(_ value: Int, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: Int8, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: Int16, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: Int32, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: Int64, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: UInt, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: UInt8, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: UInt16, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: UInt32, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: UInt64, forKey key: Key) throws { box.member(key.stringValue).set(scalar(value)) }
    func encode(_ value: some Encodable, forKey key: Key) throws {
        try box.member(key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    // An answer names every key it has: an absent optional is `null`, not a missing member.
    func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
    func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
    func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
    func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
    func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
    func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws { try encodeOptional(value, key) }

    private func encodeOptional(_ value: (some Encodable)?, _ key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let b = box.member(key.stringValue)
        b.makeObject()
        return KeyedEncodingContainer(Keyed<NestedKey>(box: b, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let b = box.member(key.stringValue)
        b.makeArray()
        return Unkeyed(box: b, codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder { Encoding(box: box.member("super"), codingPath: codingPath) }
    func superEncoder(forKey key: Key) -> any Encoder { Encoding(box: box.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]
    var count: Int { box.count }

    func encodeNil() throws { box.append().set(.null) }
    func encode(_ value: Bool) throws { box.append().set(.bool(value)) }
    func encode(_ value: String) throws { box.append().set(.string(value)) }
    func encode(_ value: Double) throws { box.append().set(.double(value)) }
    func encode(_ value: Int) throws { box.append().set(scalar(value)) }
    func encode(_ value: Int64) throws { box.append().set(scalar(value)) }
    func encode(_ value: some Encodable) throws {
        let path = codingPath + [IndexKey(count)]
        try box.append().encode(value, codingPath: path)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(count)]
        let b = box.append()
        b.makeObject()
        return KeyedEncodingContainer(Keyed<NestedKey>(box: b, codingPath: path))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        let b = box.append()
        b.makeArray()
        return Unkeyed(box: b, codingPath: path)
    }

    func superEncoder() -> any Encoder { Encoding(box: box.append(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]

    func encodeNil() throws { box.set(.null) }
    func encode(_ value: Bool) throws { box.set(.bool(value)) }
    func encode(_ value: String) throws { box.set(.string(value)) }
    func encode(_ value: Double) throws { box.set(.double(value)) }
    func encode(_ value: Float) throws { box.set(.double(Double(value))) }
    func encode(_ value: Int) throws { box.set(scalar(value)) }
    func encode(_ value: Int8) throws { box.set(scalar(value)) }
    func encode(_ value: Int16) throws { box.set(scalar(value)) }
    func encode(_ value: Int32) throws { box.set(scalar(value)) }
    func encode(_ value: Int64) throws { box.set(scalar(value)) }
    func encode(_ value: UInt) throws { box.set(scalar(value)) }
    func encode(_ value: UInt8) throws { box.set(scalar(value)) }
    func encode(_ value: UInt16) throws { box.set(scalar(value)) }
    func encode(_ value: UInt32) throws { box.set(scalar(value)) }
    func encode(_ value: UInt64) throws { box.set(scalar(value)) }
    func encode(_ value: some Encodable) throws { try box.encode(value, codingPath: codingPath) }
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
