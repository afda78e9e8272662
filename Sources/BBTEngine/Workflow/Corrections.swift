import Foundation

/// The way back of department data (更正回流): every supplied value that a community saved another
/// value for — a correction when the filler gave a reason, a conflict when the value was saved before
/// the department's came — and the file a department opens in Excel.
public enum Corrections {
    /// A unit's field in a period: what a supplied value, a saved value and a reason are stored under.
    public struct Key: Sendable, Hashable {
        public let unit: String
        public let field: String
        public let period: Period

        public init(unit: String, field: String, period: Period) {
            self.unit = unit
            self.field = field
            self.period = period
        }
    }

    /// The filler's reason for a value that differs from the department's.
    public struct Reason: Sendable, Equatable {
        public let reason: String
        public let by: String
        public let at: Instant

        public init(reason: String, by: String, at: Instant) {
            self.reason = reason
            self.by = by
            self.at = at
        }
    }

    public struct Difference: Sendable, Equatable {
        public let unit: String
        public let field: String
        public let period: Period
        /// The department's value.
        public let provided: Value
        /// The community's.
        public let value: Value
        /// `nil` for a conflict, with `by` and `at`.
        public let reason: String?
        public let by: String?
        public let at: Instant?

        public init(unit: String, field: String, period: Period, provided: Value, value: Value, reason: String?, by: String?, at: Instant?) {
            self.unit = unit
            self.field = field
            self.period = period
            self.provided = provided
            self.value = value
            self.reason = reason
            self.by = by
            self.at = at
        }
    }

    /// The supplied values (in the order given) whose unit saved another value, each with its reason
    /// if there is one. A value not saved yet is no difference: the form will take the department's.
    public static func differences(supplied: [(key: Key, value: Value)], saved: [Key: Value], reasons: [Key: Reason]) -> [Difference] {
        supplied.compactMap { key, provided in
            guard let value = saved[key], value != provided else { return nil }
            let r = reasons[key]
            return Difference(unit: key.unit, field: key.field, period: key.period, provided: provided, value: value,
                              reason: r?.reason, by: r?.by, at: r?.at)
        }
    }

    /// The columns of the file, in Chinese: its readers are a department's staff.
    public static let csvHeader = ["单位代码", "单位名称", "字段", "字段名称", "报告期", "部门数值", "社区数值", "更正原因", "更正人", "更正时间"]

    /// The list as a department opens it in Excel on a Chinese Windows, as it is: UTF-8 with a BOM
    /// (without one Excel reads the file as GBK), the Chinese header, a row a difference, CRLF;
    /// unit codes and periods kept as text (`="…"`: Excel would show a 12-digit code as 5.10104E+11
    /// and read 2023-06 as a date), yes/no as 是/否, times in China to the minute; any other cell
    /// that would start a formula keeps a leading `'`. `unitName` and `fieldLabel` give the names
    /// the tree and the catalog know, `nil` for none (the cell is left empty).
    public static func csv(_ list: [Difference], unitName: (String) -> String?, fieldLabel: (String) -> String?) -> String {
        var out = "\u{FEFF}" + csvHeader.map(cell).joined(separator: ",") + "\r\n"
        for d in list {
            let cells = [asText(d.unit), cell(unitName(d.unit)), cell(d.field), cell(fieldLabel(d.field)), asText(d.period.description),
                         cell(text(d.provided)), cell(text(d.value)), cell(d.reason), cell(d.by),
                         cell(d.at?.chinaMinute)]
            out += cells.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func text(_ v: Value) -> String {
        if case .bool(let b) = v { return b ? "是" : "否" }
        return v.plainText
    }

    /// A cell that Excel must show as the text it is, whatever it looks like.
    static func asText(_ s: String) -> String {
        quoted("=\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    }

    /// A cell as text: a leading `=`, `+`, `-`, `@`, tab or CR (a formula in a spreadsheet) gets a
    /// `'` unless the cell is a number; quoted where a comma, quote or line break needs it.
    static func cell(_ s: String?) -> String {
        guard let s else { return "" }
        let formula = s.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true && Double(s) == nil
        return quoted(formula ? "'" + s : s)
    }

    private static func quoted(_ s: String) -> String {
        // By byte: "\r\n" is one Character, equal to neither "\r" nor "\n".
        s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
