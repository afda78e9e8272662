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

    public init(from old: Catalog, to new: Catalog) {
        before = old.burden
        after = new.burden
        reportsAdded = new.reports.filter { old.report($0.id) == nil }
        reportsRemoved = old.reports.filter { new.report($0.id) == nil }
        fieldsAdded = new.fields.filter { old.field($0.id) == nil }
        fieldsRemoved = old.fields.filter { new.field($0.id) == nil }
        fieldsChanged = new.fields.compactMap { f in
            guard let was = old.field(f.id) else { return nil }
            var changes: [String] = []
            if was.type != f.type { changes.append("类型 \(CatalogChange.name(was.type)) → \(CatalogChange.name(f.type))") }
            if was.temporal != f.temporal {
                changes.append("\(CatalogChange.name(was.temporal)) → \(CatalogChange.name(f.temporal))")
            }
            if was.merge != f.merge { changes.append("汇总 \(was.merge.rawValue) → \(f.merge.rawValue)") }
            return changes.isEmpty ? nil : FieldChange(id: f.id, label: f.label, changes: changes)
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
