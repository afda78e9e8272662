import BBTNumber
import Foundation

extension Checker {
    mutating func checkField(_ decl: FieldDecl, section: String?) -> Field? {
        guard case .field(let index)? = symbols[decl.id.text], fieldDecls[index].decl.id.span == decl.id.span else {
            return nil  // a duplicate, already reported
        }
        let type = checkType(decl.type)
        var seen: [String: SourceSpan] = [:]
        var unit: String?, help: String?
        var minimum: (Number, FieldAttribute)?, maximum: (Number, FieldAttribute)?
        var temporal: (Temporal, SourceSpan)?
        var merge: (MergeRule, Name)?
        var optional = false, carry = false
        var every: Frequency?
        var source: String?
        var by: ([[Name]], SourceSpan)?
        let isNumber = type?.kind.isNumber ?? true

        for attribute in decl.attributes {
            let keyword = attribute.keyword
            if let first = seen[keyword] {
                let at = sources.location(of: first).location
                diagnostics.error("重复的属性 \(keyword) (第一次在第 \(at.line) 行第 \(at.column) 列)", at: attribute.span)
                continue
            }
            seen[keyword] = attribute.span
            switch attribute.kind {
            case .unit(let s): unit = s.value
            case .help(let s): help = s.value
            case .optional: optional = true
            case .carry: carry = true
            case .min(let n), .max(let n):
                guard let value = number(n) else { continue }
                if !isNumber {
                    diagnostics.error("\(keyword) 只能用于 int 或 decimal 字段, \"\(decl.id.text)\" 是 \(type?.name ?? "")", at: attribute.span)
                } else if case .int? = type, n.text.contains(".") {
                    diagnostics.error("int 字段的 \(keyword) 必须是整数, 却是 \(n.text)", at: n.span)
                }
                if case .min = attribute.kind { minimum = (value, attribute) } else { maximum = (value, attribute) }
            case .stock, .flow:
                let t: Temporal = keyword == "stock" ? .stock : .flow
                if let (other, _) = temporal {
                    diagnostics.error("stock 和 flow 只能选一个: \"\(decl.id.text)\" 已经是 \(other.rawValue)", at: attribute.span)
                } else if t == .flow && !isNumber {
                    diagnostics.error("flow 只能用于 int 或 decimal 字段 (\(type?.name ?? "") 不能相加)", at: attribute.span)
                } else {
                    temporal = (t, attribute.span)
                }
            case .merge(let name):
                guard let rule = MergeRule(rawValue: name.text) else {
                    diagnostics.error("未知的汇总方式 \"\(name.text)\" (可用: sum、avg、min、max、count、none)", at: name.span)
                    continue
                }
                merge = (rule, name)
            case .every(let name):
                every = frequency(name)
            case .from(let name):
                source = checkSource(name)
            case .by(let list):
                by = (list, attribute.span)
            }
        }
        if let (lo, loAttr) = minimum, let (hi, _) = maximum, lo > hi {
            diagnostics.error("min (\(lo)) 大于 max (\(hi))", at: loAttr.span)
        }
        if isNumber, type != nil, temporal == nil {
            diagnostics.error("数值字段 \"\(decl.id.text)\" 必须声明 stock (时点数, 如人口) 或 flow (累计数, 如新增)", at: decl.id.span)
        }
        guard let type else { return nil }
        let mergeRule = merge.map { checkMerge($0.0, at: $0.1.span, type: type) } ?? Checker.defaultMerge(type)
        if let (list, span) = by {
            breakdowns[decl.id.text] = checkBreakdowns(list, at: span, field: decl.id.text, label: decl.label.value, type: type,
                                                      merge: mergeRule)
        }
        return Field(
            id: decl.id.text, label: decl.label.value, type: type, unit: unit,
            min: minimum?.0, max: maximum?.0,
            temporal: type.kind.isNumber ? temporal?.0 ?? .stock : temporal?.0,
            merge: mergeRule, optional: optional, carry: carry, help: help, every: every,
            section: section, source: source, span: decl.id.span)
    }

    /// The source a `from` names, or an error saying what it names instead.
    private mutating func checkSource(_ name: Name) -> String? {
        if sourceIndex[name.text] != nil {
            usedSources.insert(name.text)
            return name.text
        }
        if let symbol = symbols[name.text] {
            diagnostics.error("from 后面应为数据来源 (source) 的 ID, \"\(name.text)\" 是\(describe(symbol))", at: name.span)
            return nil
        }
        let near = sourceIndex.keys.sorted().filter { editDistance($0.lowercased(), name.text.lowercased()) <= max(1, name.text.count / 3) }
        let hint = near.first.map { " (是不是 \"\($0)\"?)" } ?? (sourceIndex.isEmpty ? " (请先声明 source \(name.text) \"部门名称\")" : "")
        diagnostics.error("未知的数据来源 \"\(name.text)\"\(hint)", at: name.span)
        return nil
    }

    static func defaultMerge(_ type: FieldType) -> MergeRule {
        switch type.kind {
        case .integer, .decimal: .sum
        case .bool: .count
        case .text, .date: .none
        }
    }

    private mutating func checkMerge(_ rule: MergeRule, at span: SourceSpan, type: FieldType) -> MergeRule {
        let ok: Bool
        switch rule {
        case .sum, .avg: ok = type.kind.isNumber
        case .min, .max: ok = type.kind.isNumber || type.kind == .date
        case .count: ok = type.kind == .bool
        case .none: ok = true
        }
        if !ok {
            diagnostics.error("\(type.name) 字段不能用 merge \(rule.rawValue)", at: span)
            return Checker.defaultMerge(type)
        }
        return rule
    }

    private mutating func checkType(_ spec: TypeSpec) -> FieldType? {
        switch spec.kind {
        case .int: return .int
        case .bool: return .bool
        case .date: return .date
        case .decimal(let places):
            guard let p = smallInteger(places), (0...6).contains(p) else {
                diagnostics.error("decimal 的小数位数必须是 0 到 6 的整数, 却是 \(places.text)", at: places.span)
                return nil
            }
            return .decimal(places: p)
        case .text(let maxLength):
            guard let maxLength else { return .text(maxLength: nil) }
            guard let n = smallInteger(maxLength), n >= 1 else {
                diagnostics.error("text 的最大字数必须是正整数, 却是 \(maxLength.text)", at: maxLength.span)
                return nil
            }
            return .text(maxLength: n)
        case .choice(let options):
            var seen = Set<String>()
            for option in options where !seen.insert(option.value).inserted {
                diagnostics.error("重复的选项 \"\(option.value)\"", at: option.span)
            }
            if options.contains(where: { $0.value.isEmpty }) {
                diagnostics.error("选项不能是空字符串", at: spec.span)
            }
            return .choice(options.map(\.value))
        }
    }

    mutating func frequency(_ name: Name) -> Frequency? {
        guard let f = Frequency(rawValue: name.text) else {
            diagnostics.error("未知的频率 \"\(name.text)\" (可用: month、quarter、half、year)", at: name.span)
            return nil
        }
        return f
    }

    func number(_ literal: NumberLiteral) -> Number? {
        Number(literal.text)
    }

    func smallInteger(_ literal: NumberLiteral) -> Int? {
        guard literal.text.allSatisfy(\.isASCIIDigit), literal.text.count <= 6 else { return nil }
        return Int(literal.text)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
