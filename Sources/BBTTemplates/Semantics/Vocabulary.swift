/// How often something is collected or reported. Ordered from finest to coarsest.
public enum Frequency: String, Sendable, CaseIterable, Comparable, Codable {
    case month, quarter, half, year

    public var periodsPerYear: Int {
        switch self {
        case .month: 12
        case .quarter: 4
        case .half: 2
        case .year: 1
        }
    }

    public var monthsPerPeriod: Int { 12 / periodsPerYear }

    /// 月报, 季报 … as Chinese forms name them.
    public var chinese: String {
        switch self {
        case .month: "月"
        case .quarter: "季"
        case .half: "半年"
        case .year: "年"
        }
    }

    public static func < (a: Frequency, b: Frequency) -> Bool { a.monthsPerPeriod < b.monthsPerPeriod }
}

/// A level of the administrative tree, from the bottom up.
public enum Level: String, Sendable, CaseIterable, Comparable, Codable {
    case community, street, district, city, province

    var rank: Int {
        switch self {
        case .community: 0
        case .street: 1
        case .district: 2
        case .city: 3
        case .province: 4
        }
    }

    public var chinese: String {
        switch self {
        case .community: "社区"
        case .street: "街道"
        case .district: "区(市)县"
        case .city: "市"
        case .province: "省"
        }
    }

    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}

/// Over time: a stock takes the latest value inside a longer period, a flow adds the values up.
public enum Temporal: String, Sendable, Codable {
    case stock, flow
}

/// Over units: how the values of several units combine.
public enum MergeRule: String, Sendable, CaseIterable, Codable {
    case sum, avg, min, max, count, none
}

/// The declared type of a field.
public enum FieldType: Sendable, Equatable {
    case int
    case decimal(places: Int)
    case text(maxLength: Int?)
    case bool
    case date
    case choice([String])

    public var kind: ValueKind {
        switch self {
        case .int: .integer
        case .decimal: .decimal
        case .text, .choice: .text
        case .bool: .bool
        case .date: .date
        }
    }

    /// As written in a template: `int`, `decimal(2)`, `text(20)`, `choice(...)`.
    public var name: String {
        switch self {
        case .int: "int"
        case .decimal(let p): "decimal(\(p))"
        case .text(let n): n.map { "text(\($0))" } ?? "text"
        case .bool: "bool"
        case .date: "date"
        case .choice: "choice"
        }
    }
}

/// The kind of a value as expressions see it: `choice` is text, `decimal(P)` is decimal.
public enum ValueKind: String, Sendable, Codable {
    case integer, decimal, text, bool, date

    public var isNumber: Bool { self == .integer || self == .decimal }

    var chinese: String {
        switch self {
        case .integer: "整数"
        case .decimal: "小数"
        case .text: "文本"
        case .bool: "布尔值"
        case .date: "日期"
        }
    }

    /// Two kinds that may meet in a comparison or in the branches of `if`; numbers widen to decimal.
    static func unify(_ a: ValueKind, _ b: ValueKind) -> ValueKind? {
        if a == b { return a }
        if a.isNumber && b.isNumber { return .decimal }
        return nil
    }
}
