/// What publishing `new` in place of `old` would do: the burden figure before and after, reports and
/// fields added and removed, and fields whose type, stock/flow or merge changes. The values stored
/// under removed fields are counted by the store; this only names the fields.
public struct CatalogChange: Sendable {
    public struct FieldChange: Sendable {
        public let id: String
        public let label: String
        /// In words: `类型 int → decimal(2)`, `存量 → 流量`, `汇总 sum → avg`.
        public let changes: [String]
    }

    public let before: Burden
    public let after: Burden
    public let reportsAdded: [Report]
    public let reportsRemoved: [Report]
    public let fieldsAdded: [Field]
    public let fieldsRemoved: [Field]
    public let fieldsChanged: [FieldChange]
    /// Fields of the published catalog whose declarations are now broken: not deleted, unreadable
    /// until the error is fixed.
    public let fieldsUnreadable: [Field]
    /// Reports kept whose title, frequency, filling level, validity, 清单编号 or columns change (a
    /// relabelled column relabels every past report printed again).
    public let reportsChanged: [ReportChange]

    public struct ReportChange: Sendable {
        public let id: String
        public let title: String
        public let changes: [String]
    }

    /// `unreadable`: fields whose declarations are broken in `new` (`Compilation.unreadableFields`).
    public init(from old: Catalog, to new: Catalog, unreadable: Set<String> = []) {
        before = old.burden
        after = new.burden
        reportsAdded = new.reports.filter { old.report($0.id) == nil }
        reportsRemoved = old.reports.filter { new.report($0.id) == nil }
        fieldsAdded = new.fields.filter { old.field($0.id) == nil }
        let broken = { (f: Field) in unreadable.contains(f.cellOf ?? f.id) }
        fieldsRemoved = old.fields.filter { new.field($0.id) == nil && !broken($0) }
        fieldsUnreadable = old.declaredFields.filter { new.field($0.id) == nil && unreadable.contains($0.id) }
        fieldsChanged = new.fields.compactMap { f in
            guard let was = old.field(f.id) else { return nil }
            var changes: [String] = []
            if was.label != f.label { changes.append("名称 “\(was.label)” → “\(f.label)” (已填报的历史报表重新导出时也用新名称)") }
            if was.help != f.help {
                changes.append(was.help == nil ? "新增填报说明" : f.help == nil ? "删去填报说明" : "填报说明改为 “\(f.help!)”")
            }
            if was.unit != f.unit { changes.append("单位 \(was.unit ?? "无") → \(f.unit ?? "无")") }
            if was.type != f.type { changes.append("类型 \(CatalogChange.name(was.type)) → \(CatalogChange.name(f.type))") }
            if was.temporal != f.temporal {
                changes.append("\(CatalogChange.name(was.temporal)) → \(CatalogChange.name(f.temporal))")
            }
            if was.merge != f.merge { changes.append("汇总 \(was.merge.rawValue) → \(f.merge.rawValue)") }
            return changes.isEmpty ? nil : FieldChange(id: f.id, label: f.label, changes: changes)
        }
        reportsChanged = new.reports.compactMap { r in
            guard let was = old.report(r.id) else { return nil }
            var changes: [String] = []
            if was.title != r.title { changes.append("表名 “\(was.title)” → “\(r.title)”") }
            if was.frequency != r.frequency { changes.append("频率 \(was.frequency.rawValue) → \(r.frequency.rawValue)") }
            if was.filledBy != r.filledBy { changes.append("填报层级 \(was.filledBy.rawValue) → \(r.filledBy.rawValue)") }
            if was.validUntil != r.validUntil { changes.append("有效期至 \(was.validUntil ?? "长期") → \(r.validUntil ?? "长期")") }
            if was.listed != r.listed { changes.append("清单编号 \(was.listed ?? "无 (清单外)") → \(r.listed ?? "无 (清单外)")") }
            let before = Dictionary(was.columns.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let after = Set(r.columns.map(\.key))
            let added = r.columns.filter { before[$0.key] == nil }.map(\.header)
            let removed = was.columns.filter { !after.contains($0.key) }.map(\.header)
            if !added.isEmpty { changes.append("新增栏目 " + added.joined(separator: "、")) }
            if !removed.isEmpty { changes.append("删去栏目 " + removed.joined(separator: "、")) }
            for c in r.columns {
                guard let b = before[c.key] else { continue }
                if b.header != c.header || b.groups != c.groups {
                    changes.append("栏目 “\((b.groups + [b.header]).joined(separator: " › "))” → “\((c.groups + [c.header]).joined(separator: " › "))”")
                }
                if b.expression != c.expression { changes.append("栏目 “\(c.header)” 的取数改为 \(c.expression.source())") }
            }
            return changes.isEmpty ? nil : ReportChange(id: r.id, title: r.title, changes: changes)
        }
    }

    static func name(_ t: Temporal?) -> String {
        switch t {
        case .stock: "存量 (stock)"
        case .flow: "流量 (flow)"
        case nil: "非数值"
        }
    }

    static func name(_ t: FieldType) -> String {
        switch t {
        case .int: "int"
        case .decimal(let p): "decimal(\(p))"
        case .text(let n): n.map { "text(\($0))" } ?? "text"
        case .bool: "bool"
        case .date: "date"
        case .choice(let options): "choice(\(options.joined(separator: ", ")))"
        }
    }
}
