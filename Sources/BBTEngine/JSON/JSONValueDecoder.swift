/// Decodes the API's `Codable` requests from the strict parser's `JSONValue`, so that numbers keep
/// their exact text (a member typed `JSONValue` or `Value` gets it as written) and every problem
/// names the member it is in.
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(RequestProblem) -> T {
        do {
            return try Decoding(value: value, codingPath: []).decode(type)
        } catch let e as RequestProblem {
            throw e
        } catch let e as DecodingError {
            throw RequestProblem(e)
        } catch {
            throw RequestProblem(member: "", message: "\(error)")
        }
    }
}

/// What is wrong with a request's JSON: the member (a dotted path, `""` for the whole body) and a
/// message in Chinese.
public struct RequestProblem: Error, Sendable, Equatable {
    public let member: String
    public let message: String

    public init(member: String, message: String) {
        self.member = member
        self.message = message
    }

    init(_ e: DecodingError) {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch e {
        case .typeMismatch(let type, let c), .valueNotFound(let type, let c):
            self.init(member: path(c.codingPath), message: "应为\(RequestProblem.name(of: type))")
        case .keyNotFound(let key, let c):
            self.init(member: path(c.codingPath + [key]), message: "缺少这一项")
        case .dataCorrupted(let c):
            self.init(member: path(c.codingPath), message: c.debugDescription)
        @unknown default:
            self.init(member: "", message: "请求有误")
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "文字"
        case is Bool.Type: "是或否 (true 或 false)"
        case is Int.Type, is Int64.Type, is Int32.Type: "整数"
        case is Double.Type: "数字"
        case is [Any].Type: "列表"
        default: "对象"
        }
    }
}

private struct Decoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self { return value as! T }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "object"))
        }
        return KeyedDecodingContainer(KeyedReader<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "array"))
        }
        return UnkeyedReader(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleReader(value: value, codingPath: codingPath) }
}

private func scalar<T>(_ value: JSONValue, _ type: T.Type, _ path: [any CodingKey]) throws -> T {
    func mismatch() -> DecodingError {
        value == .null ? .valueNotFound(type, .init(codingPath: path, debugDescription: "null"))
            : .typeMismatch(type, .init(codingPath: path, debugDescription: "\(value)"))
    }
    switch (value, type) {
    case (.string(let s), is String.Type): return s as! T
    case (.bool(let b), is Bool.Type): return b as! T
    case (.number(let n), is Int.Type):
        guard let i = Int(n) else { throw mismatch() }
        return i as! T
    case (.number(let n), is Int64.Type):
        guard let i = Int64(n) else { throw mismatch() }
        return i as! T
    case (.number(let n), is Double.Type):
        guard let d = Double(n) else { throw mismatch() }
        return d as! T
    default: throw mismatch()
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func find(_ key: Key) -> JSONValue? { members.last { $0.0 == key.stringValue }?.1 }
    func contains(_ key: Key) -> Bool { find(key) != nil }

    func value(_ key: Key) throws -> JSONValue {
        guard let v = find(key) else { throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing")) }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { find(key) == nil || find(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(value(key), type, codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(value(key), type, codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(value(key), type, codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(value(key), type, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(value(key), type, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Decoding(value: try value(key), codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try Decoding(value: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try Decoding(value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { Decoding(value: .object(members), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { Decoding(value: try value(key), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next<T>(_ type: T.Type) throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "end"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try scalar(v, type, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try scalar(v, type, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try scalar(v, type, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(type); return try scalar(v, type, p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next(type)
        return try Decoding(value: v, codingPath: p).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next([String: Any].self)
        return try Decoding(value: v, codingPath: p).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, p) = try next([Any].self)
        return try Decoding(value: v, codingPath: p).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, p) = try next(JSONValue.self)
        return Decoding(value: v, codingPath: p)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(value, type, codingPath) }
    func decode(_ type: String.Type) throws -> String { try scalar(value, type, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(value, type, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(value, type, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(value, type, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Decoding(value: value, codingPath: codingPath).decode(type) }
}

extension JSONValue: Decodable {
    /// Only through `JSONValueDecoder`, which hands the value over as parsed; another decoder has
    /// already lost a number's exact text.
    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "JSONValue is decoded by JSONValueDecoder only"))
    }
}
