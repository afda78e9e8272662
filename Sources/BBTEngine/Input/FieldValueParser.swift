import BBTNumber
import BBTTemplates
import Foundation

/// Turns one submitted JSON value into a field's value, or says in words why it cannot be one.
/// Used for offline data and for the API alike, so both accept exactly the same values.
public enum FieldValueParser {
    /// Larger magnitudes are almost certainly typing slips, and keep every sum exact.
    static let largest = Number(1_000_000_000_000_000)
    static let defaultTextLimit = 2000

    public static func parse(_ json: JSONValue, for field: Field) -> Result<Value?, FieldValueError> {
        if case .null = json { return .success(nil) }
        switch field.type {
        case .int, .decimal:
            guard case .number(let text) = json else { return .failure(.init("应为数字")) }
            // Most numbers are plain (`123`, `45.67`): read them without the general parser.
            return number(Number(plain: text) ?? Number(text), for: field)
        case .bool:
            guard case .bool(let b) = json else { return .failure(.init("应为是或否 (true/false)")) }
            return .success(.bool(b))
        case .date:
            guard case .string(let s) = json, let date = LocalDate(s) else {
                return .failure(.init("应为日期, 格式 YYYY-MM-DD"))
            }
            return .success(.date(date))
        case .text(let limit):
            guard case .string(let s) = json else { return .failure(.init("应为文字")) }
            let n = s.count
            let max = limit ?? defaultTextLimit
            guard n <= max else { return .failure(.init("最多 \(max) 个字, 这里有 \(n) 个")) }
            if s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
                return .failure(.init("含有不可见的控制字符"))
            }
            return .success(s.isEmpty ? nil : .text(s))
        case .choice(let options):
            guard case .string(let s) = json else { return .failure(.init("应为选项之一")) }
            guard options.contains(s) else { return .failure(.init("应为以下选项之一: \(options.joined(separator: "、"))")) }
            return .success(.text(s))
        }
    }
}

extension FieldValueParser {
    /// What a numeric field accepts, taken out of the field once for many values.
    struct NumberRule: Sendable {
        let places: Int
        let min: Number?
        let max: Number?

        init?(_ field: Field) {
            switch field.type {
            case .int: places = 0
            case .decimal(let p): places = p
            default: return nil
            }
            min = field.min
            max = field.max
        }
    }

    /// A number written in JSON (`nil`: not one `Number` can hold) checked against a numeric field.
    static func number(_ number: Number?, for field: Field) -> Result<Value?, FieldValueError> {
        self.number(number, rule: NumberRule(field)!)
    }

    static func number(_ number: Number?, rule: NumberRule) -> Result<Value?, FieldValueError> {
        guard let d = number else { return .failure(.init("不是有效的数字")) }
        guard d.magnitude < largest else { return .failure(.init("数值超出范围")) }
        guard d.places <= rule.places else {
            return .failure(.init(rule.places == 0 ? "应为整数" : "最多 \(rule.places) 位小数"))
        }
        if let min = rule.min, d < min { return .failure(.init("不能小于 \(min.plainText)")) }
        if let max = rule.max, d > max { return .failure(.init("不能大于 \(max.plainText)")) }
        return .success(.number(d))
    }
}

public struct FieldValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
