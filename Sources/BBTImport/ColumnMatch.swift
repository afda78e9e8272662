import BBTTemplates

/// What a department's column asks for, against the catalog: an existing field (or computed
/// indicator), how sure that is, or nothing yet collected.
struct ColumnMatch {
    enum Confidence { case exact, sameDatum, likely }

    let name: String?
    let isComputed: Bool
    let confidence: Confidence?
    /// `ytd(field)`: the column asks for the year so far of a flow.
    let yearToDate: Bool
    let reason: String

    /// Words that tell when a number counts, not what it counts.
    static let qualifiers = ["本年累计", "本季度", "本月", "本季", "本期", "本年", "当月", "当季", "其中：", "其中:", "其中", "累计"]
    /// Words that make a column a flow (counted over the period) rather than a stock.
    static let flowWords = ["本月", "本季", "本期", "本年", "当月", "当季", "新增", "新发展", "新开工", "累计", "人次", "户次", "发放", "完成", "办结", "发现", "开展", "举办", "出生", "死亡", "迁入", "迁出"]
    static let flowUnits: Set<String> = ["次", "人次", "户次", "件", "场"]

    /// The datum a header names: no unit, no qualifier, no trailing 数.
    static func key(_ text: String) -> String {
        var s = Labels.datum(text)
        for q in qualifiers { s = s.replacingOccurrences(of: q, with: "") }
        return Labels.datum(s)
    }

    static func readsAsFlow(_ path: [String], unit: String?) -> Bool {
        path.contains { p in flowWords.contains { p.contains($0) } } || unit.map(flowUnits.contains) == true
    }

    struct Candidate {
        let id: String
        let label: String
        let unit: String?
        let isFlow: Bool?
        let isComputed: Bool
    }

    /// `excluding`: figures another column of the form already is.
    static func match(path: [String], unit: String?, in catalog: Catalog, excluding: Set<String> = []) -> ColumnMatch {
        let leaf = path[path.count - 1]
        let candidates = catalog.declaredFields.map { Candidate(id: $0.id, label: $0.label, unit: $0.unit, isFlow: $0.temporal.map { $0 == .flow }, isComputed: false) }
            + catalog.computed.map { Candidate(id: $0.id, label: $0.label, unit: $0.unit, isFlow: nil, isComputed: true) }
        let compatible = candidates.filter { c in (unit == nil || c.unit == nil || c.unit == unit) && !excluding.contains(c.id) }
        let cumulative = path.contains { $0.contains("累计") }
        func found(_ c: Candidate, _ confidence: Confidence, _ why: String) -> ColumnMatch {
            let ytd = cumulative && c.isFlow == true
            let kind = c.isComputed ? "计算指标" : "字段"
            var reason = "\(why)「\(c.label)」(\(kind) \(c.id))"
            if c.isComputed { reason += ", 由公式算出, 不必填写" }
            if ytd { reason += "; 本年累计, 取 ytd(\(c.id))" }
            return ColumnMatch(name: c.id, isComputed: c.isComputed, confidence: confidence, yearToDate: ytd, reason: reason)
        }

        // The same words, once the unit and 其中 are set aside.
        let core = leafCore(leaf)
        if let c = compatible.first(where: { leafCore($0.label) == core }) { return found(c, .exact, "名称与") }
        // The same datum in other words (常住人口数 / 常住人口, 本月出生 / 出生人口 …).
        let key = key(leaf)
        if !key.isEmpty, let c = compatible.first(where: { ColumnMatch.key($0.label) == key }) {
            return found(c, .sameDatum, "去掉单位、“本月”“其中”和“数”后同于")
        }
        // Likely the same, said so for a person to check: one label is the other with words
        // left out (低保户 / 城乡低保户数, 进网入格党员干部 / 进网入格机关党员干部), or with its group headers the column uses every character of the field's
        // label and that label most of the column's own (既有住宅增设电梯 > 完工 / 本月完工电梯). A
        // column that counts over the period is never matched to a stock, nor the other way round.
        let context = Set(path.dropLast().flatMap { ColumnMatch.key($0) } + key)
        let flow = readsAsFlow(path, unit: unit)
        let likely = key.count < 2 ? [] : compatible.filter { c in
            let k = ColumnMatch.key(c.label)
            guard k.count >= 2, c.isFlow == nil || c.isFlow == flow else { return false }
            let (short, long) = k.count <= key.count ? (k, key) : (key, k)
            // One label the other with words left out (低保户 / 城乡低保户数); a column that goes on past
            // the field's words names another thing (its head noun: 网格党小组 is not 网格数).
            if Double(short.count) / Double(long.count) >= 0.35, isSubsequence(short, of: long),
               key.count <= k.count || key.last == k.last { return true }
            let shared = key.filter { k.contains($0) }.count
            return Set(k).isSubset(of: context) && Double(shared) / Double(key.count) >= 0.6
        }
        if let best = likely.min(by: { abs(ColumnMatch.key($0.label).count - key.count) < abs(ColumnMatch.key($1.label).count - key.count) }) {
            var m = found(best, .likely, "名称相近, 可能是")
            let others = likely.filter { $0.id != best.id }.map { "\($0.id)「\($0.label)」" }
            if !others.isEmpty { m = ColumnMatch(name: m.name, isComputed: m.isComputed, confidence: .likely, yearToDate: m.yearToDate, reason: m.reason + "; 也可能是 " + others.joined(separator: "、")) }
            return m
        }
        return ColumnMatch(name: nil, isComputed: false, confidence: nil, yearToDate: false, reason: "目录中没有这项数据")
    }

    /// Whether `short`'s characters all appear in `long`, in order.
    static func isSubsequence(_ short: String, of long: String) -> Bool {
        var i = long.startIndex
        for ch in short {
            guard let found = long[i...].firstIndex(of: ch) else { return false }
            i = long.index(after: found)
        }
        return true
    }

    /// The header without its unit and a leading 其中：.
    static func leafCore(_ text: String) -> String {
        var s = Labels.withoutUnits(text)
        for p in ["其中：", "其中:", "其中"] where s.hasPrefix(p) { s.removeFirst(p.count) }
        return s
    }
}
