import Foundation
import BBTTemplates

/// Reads the units file: CSV with a header row `code,name,level,parent`, and optionally `from` and
/// `until` (`YYYY-MM`, either may be empty): the months in which the unit exists.
public enum UnitsCSV {
    /// What a unit code may hold: ASCII letters, digits, "-" and "_".
    static let codeBytes = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    /// Codes appear in URLs, file names and page scripts: letters, digits, "-" and "_" only.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 40 && code.utf8.allSatisfy { codeBytes.contains($0) }
    }

    /// The tree, or every problem found, each as `path:line: message`.
    public static func parse(_ text: String, path: String) -> Result<UnitTree, CSVErrors> {
        var errors: [String] = []
        let rows = CSV.parse(text)
        guard let header = rows.first else {
            return .failure(CSVErrors(messages: ["\(path):1: 文件是空的, 需要表头 code,name,level,parent"]))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (i, n) in names.enumerated() { column[n] = i }
        let required = ["code", "name", "level", "parent"]
        let missing = required.filter { column[$0] == nil }
        guard missing.isEmpty else {
            return .failure(CSVErrors(messages: ["\(path):\(header.line): 表头缺少 \(missing.joined(separator: ", ")) (应为 code,name,level,parent)"]))
        }

        struct Pending { let code, name: String; let level: Level; let parent: String; let line: Int; let span: UnitSpan }
        var pending: [Pending] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ trimmed($0).isEmpty }) { continue }
            func field(_ name: String) -> String {
                guard let i = column[name] else { return "" }
                return i < row.fields.count ? trimmed(row.fields[i]) : ""
            }
            func month(_ name: String) -> Int? {
                let text = field(name)
                guard !text.isEmpty else { return nil }
                guard let m = MonthNumber.parse(text) else {
                    errors.append("\(path):\(row.line): \(name) 应为 YYYY-MM (如 2023-07) 或留空, 却是 \"\(text)\"")
                    return nil
                }
                return m
            }
            let span = UnitSpan(from: month("from"), until: month("until"))
            if let f = span.from, let u = span.until, u < f {
                errors.append("\(path):\(row.line): until (\(field("until"))) 早于 from (\(field("from")))")
            }
            let code = field("code"), name = field("name"), levelText = field("level"), parent = field("parent")
            var ok = true
            if code.isEmpty { errors.append("\(path):\(row.line): code 不能为空"); ok = false }
            else if let first = seen[code] { errors.append("\(path):\(row.line): 单位代码 \(code) 重复 (第 \(first) 行已有)"); ok = false }
            else if !code.utf8.allSatisfy({ UnitsCSV.codeBytes.contains($0) }) {
                // Codes appear in URLs, file names and page scripts: letters, digits, "-" and "_" only.
                errors.append("\(path):\(row.line): 单位代码 \(code) 只能由字母、数字、\"-\" 和 \"_\" 组成"); ok = false
            }
            if name.isEmpty { errors.append("\(path):\(row.line): name 不能为空"); ok = false }
            guard let level = Level(rawValue: levelText) else {
                errors.append("\(path):\(row.line): 未知的层级 \"\(levelText)\" (可用: community、street、district、city、province)")
                continue
            }
            guard ok else { continue }
            seen[code] = row.line
            pending.append(Pending(code: code, name: name, level: level, parent: parent, line: row.line, span: span))
        }

        let index = Dictionary(pending.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var units: [OrgUnit] = []
        var roots: [Pending] = []
        for p in pending {
            var parent: Int?
            if p.parent.isEmpty {
                roots.append(p)
            } else if let i = index[p.parent] {
                if pending[i].level <= p.level {
                    errors.append("\(path):\(p.line): 上级 \(p.parent) 是\(pending[i].level.chinese), 不能是\(p.level.chinese)的上级")
                }
                // A unit exists only while its parent does.
                let outer = pending[i].span
                let startsInside = outer.from.map { f in p.span.from.map { $0 >= f } ?? false } ?? true
                let endsInside = outer.until.map { u in p.span.until.map { $0 <= u } ?? false } ?? true
                if !startsInside || !endsInside {
                    errors.append("\(path):\(p.line): \(p.code) 存在的月份超出了上级 \(p.parent) 存在的月份 (from/until)")
                }
                parent = i
            } else {
                errors.append("\(path):\(p.line): 找不到上级单位 \(p.parent)")
            }
            units.append(OrgUnit(code: p.code, name: p.name, level: p.level, parent: parent))
        }
        if pending.isEmpty { errors.append("\(path): 没有任何单位") }
        if roots.count > 1 {
            errors.append("\(path):\(roots[1].line): 只能有一个根单位 (parent 为空), 第 \(roots[0].line) 行已是根单位")
        }
        guard errors.isEmpty else { return .failure(CSVErrors(messages: errors)) }
        return .success(UnitTree(units: units, spans: pending.map(\.span)))
    }
}

/// Without surrounding white space (full-width spaces too); most fields have none to trim.
private func trimmed(_ s: String) -> String {
    guard let first = s.utf8.first, let last = s.utf8.last else { return s }
    let plain: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x80 }
    return plain(first) && plain(last) ? s : s.trimmingCharacters(in: .whitespaces)
}

public struct CSVErrors: Error, Sendable {
    public let messages: [String]
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks.
public enum CSV {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    /// Over the UTF-8 bytes: every byte that ends or quotes a field is ASCII, so fields are cut
    /// between whole characters. (A city's 3,000-line file took 18 ms scalar by scalar.)
    public static func parse(_ text: String) -> [Row] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            rows.append(Row(line: rowLine, fields: fields))
            fields = []
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case UInt8(ascii: "\"") where field.isEmpty: inQuotes = true
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): continue
            case UInt8(ascii: "\n"):
                endRow()
                line += 1
                rowLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
