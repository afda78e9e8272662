import BBTTemplates
import Foundation

/// A department's upload of its source's values (数据回流), checked all or nothing against the
/// templates and the provider's rights before anything is stored.
public enum Supply {
    /// One value as uploaded; `place` names it in messages (`第 3 行`, `510104001001.pop_resident`).
    public struct Row: Sendable {
        public let place: String
        public let unit: String
        public let period: String
        public let field: String
        public let value: JSONValue
    }

    /// A checked value, ready to store.
    public struct Accepted: Sendable {
        public let unit: String
        public let field: String
        public let period: Period
        public let value: Value
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Rows outside the provider's rights: a unit outside its subtree, a field of another source.
        case forbidden([FieldMessage])
        /// Rows that are not values of the templates: unknown unit or field, a wrong period, a bad value.
        case invalid([FieldMessage])
    }

    /// Rows read from a table, with the columns that were not read (`单位名称`): said back to the
    /// department, so that nothing it sent is dropped silently.
    public struct Table: Sendable {
        public let rows: [Row]
        public let ignoredColumns: [String]
    }

    /// The header names each column may have: the English of interfaces.md, or the Chinese a
    /// department's own export has.
    static let headers: [(column: String, names: Set<String>)] = [
        ("unit", ["unit", "单位", "单位代码", "代码"]), ("period", ["period", "报告期", "期别"]),
        ("field", ["field", "字段", "字段代码", "指标"]), ("value", ["value", "数值", "值"]),
    ]

    /// The long format departments export: a header `unit,period,field,value` (or 单位, 报告期, 字段,
    /// 数值), one value a row. Cells are text; `check` reads each as its field's type.
    public static func rows(csv text: String) -> Result<Table, Refusal> {
        rows(table: CSV.parse(text).map { (line: $0.line, cells: $0.fields) })
    }

    /// The same rows from any table (a CSV, the first sheet of an XLSX): the first row is the header.
    public static func rows(table: [(line: Int, cells: [String])]) -> Result<Table, Refusal> {
        guard let header = table.first else {
            return .failure(.invalid([FieldMessage("第 1 行", "文件是空的, 需要表头 unit,period,field,value (或 单位,报告期,字段,数值)")]))
        }
        var column: [String: Int] = [:]
        var ignored: [String] = []
        for (i, raw) in header.cells.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if let known = headers.first(where: { $0.names.contains(name) })?.column, column[known] == nil {
                column[known] = i
            } else if !name.isEmpty {
                ignored.append(raw.trimmingSpaces)
            }
        }
        let missing = headers.map(\.column).filter { column[$0] == nil }
        guard missing.isEmpty else {
            return .failure(.invalid([FieldMessage("第 \(header.line) 行", "表头缺少 \(missing.joined(separator: ", ")) (应为 unit,period,field,value 或 单位,报告期,字段,数值)")]))
        }
        var rows: [Row] = []
        for r in table.dropFirst() where !r.cells.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
            func cell(_ name: String) -> String {
                let i = column[name]!
                return i < r.cells.count ? r.cells[i].trimmingSpaces : ""
            }
            rows.append(Row(place: "第 \(r.line) 行", unit: cell("unit"), period: cell("period"), field: cell("field"),
                            value: .string(cell("value"))))
        }
        return .success(Table(rows: rows, ignoredColumns: ignored))
    }

    /// `{"period": "2023-06", "values": {"UNITCODE": {"field": value, …}, …}}`: one period a batch.
    public static func rows(json: JSONValue) -> Result<Table, Refusal> {
        guard case .object = json, case .string(let period)? = json["period"], case .object(let units)? = json["values"] else {
            return .failure(.invalid([FieldMessage("body", "应为 {\"period\": \"2023-06\", \"values\": {\"单位代码\": {\"字段\": 值}}}")]))
        }
        var rows: [Row] = []
        var problems: [FieldMessage] = []
        for (unit, fields) in units {
            guard case .object(let values) = fields else {
                problems.append(FieldMessage(unit, "应为 {\"字段\": 值}"))
                continue
            }
            for (field, value) in values {
                rows.append(Row(place: "\(unit).\(field)", unit: unit, period: period, field: field, value: value))
            }
        }
        return problems.isEmpty ? .success(Table(rows: rows, ignoredColumns: [])) : .failure(.invalid(problems))
    }

    /// Checks every row for the provider of `source` whose own unit is `home`: each value must be of
    /// a field `from` that source, for a filling unit in the provider's subtree, under the period the
    /// unit's level collects the field at, and a valid value of the field. Every problem is listed;
    /// rights come first (403), then validity (422).
    public static func check(_ rows: [Row], source: String, home: Int?, catalog: Catalog, tree: UnitTree) -> Result<[Accepted], Refusal> {
        var forbidden: [FieldMessage] = []
        var invalid: [FieldMessage] = []
        var accepted: [Accepted] = []
        accepted.reserveCapacity(rows.count)
        struct Key: Hashable { let unit: Int, field: String, period: Period }
        var seen = Set<Key>()
        // A month of a city repeats a few thousand units, a dozen fields and two periods: each is
        // looked up once.
        var relations: [Int: UnitRelation] = [:]
        var periods: [String: Period] = [:]
        for row in rows {
            guard let u = tree.index(of: row.unit) else {
                invalid.append(FieldMessage(row.place, Supply.looksScientific(row.unit)
                    ? "单位代码 \"\(row.unit)\" 被 Excel 写成了科学计数法, 代码已丢失: 请把单位代码列设为\"文本\"后重新导出 (或上传 XLSX)"
                    : "没有单位 \"\(row.unit)\""))
                continue
            }
            guard let field = catalog.field(row.field) else {
                invalid.append(FieldMessage(row.place, "没有字段 \"\(row.field)\""))
                continue
            }
            guard field.source == source else {
                forbidden.append(FieldMessage(row.place, "字段 \(field.id) (\(field.label)) 不由本数据来源提供"))
                continue
            }
            let relation = relations[u] ?? tree.relation(of: u, from: home)
            relations[u] = relation
            guard relation != .outside else {
                forbidden.append(FieldMessage(row.place, "单位 \(row.unit) 不在本账号负责的范围内"))
                continue
            }
            let level = tree[u].level
            let parsed = periods[row.period] ?? Period(row.period)
            periods[row.period] = parsed
            guard let period = parsed else {
                invalid.append(FieldMessage(row.place, "报告期应为 2023-06、2023-Q2、2023-H1 或 2023 这样的期别, 却是 \"\(row.period)\""))
                continue
            }
            // Collection frequencies change where a report expires: ask for the period's own month.
            guard let frequency = catalog.frequency(of: field.id, at: level, in: period) else {
                invalid.append(FieldMessage(row.place, "\(level.chinese)在 \(period) 不填报 \(field.id) (\(field.label))"))
                continue
            }
            guard period.frequency == frequency else {
                let example = Period.month(2023, 6).containing(frequency)
                invalid.append(FieldMessage(row.place, "\(field.id) 按\(frequency.chinese)采集, 报告期应为如 \(example), 却是 \"\(row.period)\""))
                continue
            }
            guard seen.insert(Key(unit: u, field: field.id, period: period)).inserted else {
                invalid.append(FieldMessage(row.place, "\(row.unit) 的 \(field.id) (\(period)) 重复出现"))
                continue
            }
            switch FieldValueParser.parse(typed(row.value, for: field), for: field) {
            case .failure(let e): invalid.append(FieldMessage(row.place, e.message))
            case .success(nil): invalid.append(FieldMessage(row.place, "值是空的"))
            case .success(let value?): accepted.append(Accepted(unit: row.unit, field: field.id, period: period, value: value))
            }
        }
        invalid += incompleteFields(accepted, catalog: catalog, tree: tree)
        if !forbidden.isEmpty { return .failure(.forbidden(forbidden)) }
        if !invalid.isEmpty { return .failure(.invalid(invalid)) }
        return .success(accepted)
    }

    /// A field with breakdowns is supplied whole: a batch with some of a unit's cells of a period
    /// must have all of them (a part would leave the total neither the old nor the new one).
    static func incompleteFields(_ accepted: [Accepted], catalog: Catalog, tree: UnitTree) -> [FieldMessage] {
        struct Key: Hashable { let unit: String, field: String, period: Period }
        var cells: [Key: Set<String>] = [:]
        var order: [Key] = []
        for a in accepted {
            guard let parent = catalog.field(a.field)?.cellOf else { continue }
            let key = Key(unit: a.unit, field: parent, period: a.period)
            if cells[key] == nil { order.append(key) }
            cells[key, default: []].insert(a.field)
        }
        return order.compactMap { key in
            guard let all = catalog.breakdowns[key.field]?.allCells.map(\.key), cells[key]!.count < all.count else { return nil }
            let missing = all.filter { !cells[key]!.contains($0) }
            return FieldMessage("\(key.unit).\(key.field)", "\(key.field) 须同时提供全部 \(all.count) 个分组的值 (\(key.period)), 缺少 \(missing.joined(separator: "、"))")
        }
    }

    /// `5.10104E+11`: a long code Excel turned into a number and showed in scientific notation.
    static func looksScientific(_ s: String) -> Bool {
        let upper = s.uppercased()
        guard let e = upper.firstIndex(of: "E") else { return false }
        let mantissa = upper[..<e], exponent = upper[upper.index(after: e)...].drop { $0 == "+" }
        return !mantissa.isEmpty && mantissa.allSatisfy { $0.isNumber || $0 == "." } && !exponent.isEmpty && exponent.allSatisfy(\.isNumber)
    }

    /// A CSV cell read as its field's type; JSON values are taken as they are.
    static func typed(_ value: JSONValue, for field: Field) -> JSONValue {
        guard case .string(let s) = value else { return value }
        switch field.type {
        case .int, .decimal:
            return s.isEmpty ? .null : (s.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") } ? .number(s) : value)
        case .bool:
            switch s.lowercased() {
            case "true", "是", "1": return .bool(true)
            case "false", "否", "0": return .bool(false)
            case "": return .null
            default: return value
            }
        default:
            return s.isEmpty ? .null : value
        }
    }
}

extension String {
    /// Without leading and trailing white space; the string itself, uncopied, when it has none, as
    /// nearly every cell of a department's export has (Foundation's trimming costs more than the
    /// rest of reading the row).
    var trimmingSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 >= 0x80 }
        guard space(first) || space(last) else { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
