import BBTTemplates

/// A column that is a figure of a field collected by breakdowns: under a header group that names
/// the field (户籍人口 > 按性别分 > 男), its 合计 is the field's total and every other leaf one of its
/// slices — a member or group of a dimension by label (男, 60岁及以上), or for ages a run of members
/// that covers the band exactly (0-17岁 = 0-3岁 + 4-17岁).
struct BreakdownMatch {
    /// The column's expression: `pop_registered`, `pop_registered[sex.male]`, or a sum of slices.
    let expression: String
    /// A column key, when the expression is not a bare name or slice.
    let key: String?
    let reason: String
    let unsure: Bool

    static let totals: Set<String> = ["合计", "小计", "总计", "计", "合 计", "总数"]

    static func match(path: [String], in catalog: Catalog) -> BreakdownMatch? {
        guard path.count >= 2 else { return nil }
        // The field: the nearest group above the leaf whose label is a field with breakdowns.
        var field: Breakdowns?
        for text in path.dropLast().reversed() {
            let core = ColumnMatch.key(text)
            if let b = catalog.breakdowns.values.first(where: { ColumnMatch.key($0.label) == core && !core.isEmpty }) {
                field = b
                break
            }
        }
        guard let b = field else { return nil }
        let leaf = ColumnMatch.leafCore(path[path.count - 1]).trimmingCharacters(in: .whitespaces)
        if totals.contains(leaf) {
            return BreakdownMatch(expression: b.field, key: nil, reason: "「\(b.label)」的合计 (字段 \(b.field))", unsure: false)
        }
        let dimensions = Set(b.breakdowns.flatMap { $0 }).compactMap { id in catalog.dimensions.first { $0.id == id } }
            .sorted { $0.id < $1.id }
        // A member or group by its label.
        for d in dimensions {
            let found = d.members.first { $0.label == leaf }.map { ($0.id, $0.label) } ?? d.groups.first { $0.label == leaf }.map { ($0.id, $0.label) }
            if let (id, label) = found {
                return BreakdownMatch(expression: "\(b.field)[\(d.id).\(id)]", key: nil,
                                      reason: "「\(b.label)」按\(d.label)分的「\(label)」(\(b.field)[\(d.id).\(id)])", unsure: false)
            }
        }
        // An age band the dimension cuts finer: the members that cover it exactly.
        guard let band = ageBand(leaf) else { return nil }
        for d in dimensions {
            guard let inside = ageRun(leaf, in: d), let first = inside.first else { continue }
            if inside.count == 1 {
                return BreakdownMatch(expression: "\(b.field)[\(d.id).\(first)]", key: nil,
                                      reason: "「\(b.label)」按\(d.label)分, \(leaf) 即 \(first)", unsure: true)
            }
            let key = "\(b.field)_\(band.lowerBound)_\(band.upperBound >= 150 ? "up" : String(band.upperBound))"
            return BreakdownMatch(expression: inside.map { "\(b.field)[\(d.id).\($0)]" }.joined(separator: " + "), key: key,
                                  reason: "「\(b.label)」按\(d.label)分, \(leaf) 由 \(inside.joined(separator: "、")) 相加 (可在维度 \(d.id) 中加一个分组)",
                                  unsure: true)
        }
        return nil
    }

    /// A column outside any header group that still names a slice: `60周岁及以上老年人口` or
    /// `0-3岁婴幼儿` (an age band a field's age dimension covers), `城市低保人数` (a member's label
    /// before the rest of a field's label). Always to be checked: the column does not say which
    /// population it cuts, so the field whose label shares most with the rest of the column is taken.
    static func slice(label: String, in catalog: Catalog) -> BreakdownMatch? {
        let leaf = ColumnMatch.leafCore(label).trimmingCharacters(in: .whitespaces)
        let leafKey = ColumnMatch.key(leaf)
        guard !leafKey.isEmpty else { return nil }
        struct Candidate { let expression: String, field: String, fieldLabel: String, slice: String, dimension: String, score: Int }
        var found: [Candidate] = []
        let bandText = Set("0123456789岁周及以上以下-~～—－至")
        let rest = Set(leaf.filter { !bandText.contains($0) })
        for b in catalog.breakdowns.values.sorted(by: { $0.field < $1.field }) {
            let fieldKey = ColumnMatch.key(b.label)
            let score = rest.intersection(Set(b.label)).count
            for id in Set(b.breakdowns.flatMap { $0 }).sorted() {
                guard let d = catalog.dimensions.first(where: { $0.id == id }) else { continue }
                // A member's or group's label in front of the field's own words: 城市 + 低保人数.
                let named = d.members.map { ($0.id, $0.label) } + d.groups.map { ($0.id, $0.label) }
                if let (mid, mlabel) = named.first(where: { m in
                    let k = ColumnMatch.key(m.1)
                    guard !k.isEmpty, leafKey.hasPrefix(k), leafKey.count > k.count else { return false }
                    let remainder = String(leafKey.dropFirst(k.count))
                    return remainder.count >= 2 && (fieldKey.hasSuffix(remainder) || ColumnMatch.isSubsequence(remainder, of: fieldKey))
                }) {
                    found.append(Candidate(expression: "\(b.field)[\(d.id).\(mid)]", field: b.field, fieldLabel: b.label, slice: mlabel,
                                           dimension: d.label, score: score + 10))
                    continue
                }
                // An age band: the group that covers it exactly, else the one member, else none
                // (a sum of members is for columns under the field's own header).
                guard let run = ageRun(leaf, in: d) else { continue }
                if run.count == 1, let m = d.members.first(where: { $0.id == run[0] }) {
                    found.append(Candidate(expression: "\(b.field)[\(d.id).\(m.id)]", field: b.field, fieldLabel: b.label, slice: m.label,
                                           dimension: d.label, score: score))
                } else if let g = d.groups.first(where: { Set($0.members) == Set(run) }) {
                    found.append(Candidate(expression: "\(b.field)[\(d.id).\(g.id)]", field: b.field, fieldLabel: b.label, slice: g.label,
                                           dimension: d.label, score: score))
                }
            }
        }
        guard let best = found.max(by: { $0.score < $1.score }) else { return nil }
        let others = found.filter { $0.field != best.field }.map { "「\($0.fieldLabel)」" }
        let alternatives = others.isEmpty ? "" : "; 也可能是 " + Array(Set(others)).sorted().joined(separator: "、") + " 的同一分组"
        return BreakdownMatch(expression: best.expression, key: nil,
                              reason: "「\(best.fieldLabel)」按\(best.dimension)分的「\(best.slice)」(\(best.expression))\(alternatives)", unsure: true)
    }

    /// `0-17岁`, `18～59周岁`, `60岁及以上`, `80岁以上`, `18岁以下` as a range of whole years.
    static func ageBand(_ label: String) -> ClosedRange<Int>? {
        var s = label.replacingOccurrences(of: "周岁", with: "岁").replacingOccurrences(of: " ", with: "")
        for dash in ["～", "~", "—", "－", "至"] { s = s.replacingOccurrences(of: dash, with: "-") }
        let numbers = s.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
        guard s.contains("岁"), let lo = numbers.first else { return nil }
        if s.contains("以上") || s.contains("及以上") { return numbers.count == 1 ? lo...150 : nil }
        if s.contains("以下") { return numbers.count == 1 && lo > 0 ? 0...(lo - 1) : nil }
        guard numbers.count == 2, s.contains("-"), lo <= numbers[1] else { return nil }
        return lo...numbers[1]
    }

    /// The members of an age dimension that exactly cover the band a label names.
    static func ageRun(_ label: String, in d: Dimension) -> [String]? {
        guard let band = ageBand(label) else { return nil }
        let ranges = d.members.compactMap { m in ageBand(m.label).map { (m.id, $0) } }
        guard ranges.count == d.members.count else { return nil }
        let inside = ranges.filter { band.contains($0.1.lowerBound) && band.contains($0.1.upperBound) }.sorted { $0.1.lowerBound < $1.1.lowerBound }
        guard let first = inside.first, let last = inside.last, first.1.lowerBound == band.lowerBound, last.1.upperBound == band.upperBound,
              zip(inside, inside.dropFirst()).allSatisfy({ $0.1.upperBound + 1 == $1.1.lowerBound }) else { return nil }
        return inside.map(\.0)
    }
}
