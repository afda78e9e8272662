import BBTTemplates

/// The 准入审查表 of a requested report against the catalog published now: which of its columns
/// are already collected (and of them supplied by departments), the fields it would add, new fields
/// that look like ones the catalog has, and what it costs one community a year — added to its one
/// form, and filled by hand. Worked out again whenever it is read, so a request that waits while
/// the catalog changes is reviewed against the catalog it would join.
public struct AdmissionReview: Sendable {
    public struct Column: Sendable {
        public let header: [String]
        public let field: String?
        public let newField: String?
        public let unsure: Bool
        public let reason: String
    }

    public struct NearDuplicate: Sendable {
        /// The requested report's column key.
        public let column: String
        /// The catalog's field it may be.
        public let field: String
        public let label: String
    }

    public let reportID: String
    public let columns: Int
    public let alreadyCollected: Int
    public let suppliedBySources: Int
    public let newFields: Int
    public let nearDuplicates: [NearDuplicate]
    public let addedEntriesPerUnit: Int
    public let manualEntriesPerUnit: Int
    /// The level that fills the report: the units counted for the city's total.
    public let filledBy: Level
    public let mapping: [Column]
    /// Errors of the catalog with the draft in it (an approval must fix them first).
    public let problems: [String]

    /// `draft` is the request's `.bbt` text (field declarations and one `report` block); `mapping`
    /// the importer's, when it was drafted from a form.
    public static func make(draft: String, sources: TemplateSources, mapping: [ReportDraft.Mapping]? = nil) throws -> AdmissionReview {
        let before = Compiler.compile(sources).catalog
        let after = Compiler.compile(TemplateSources(sources.files + [SourceFile(path: "request/draft.bbt", text: draft)]))
        let added = after.catalog.reports.filter { before.report($0.id) == nil }
        guard added.count == 1, let report = added.first else {
            throw ImportError(added.isEmpty ? "草稿中没有新的报表 (report 块), 或报表编号已在目录中" : "一次申请只能有一张报表, 草稿中有 \(added.count) 张", about: .file)
        }
        let known = Set(before.fields.map(\.id))
        var collected = 0, supplied = 0
        for column in report.columns {
            let fields = after.catalog.fields(of: column.expression)
            guard !fields.isEmpty, fields.allSatisfy(known.contains) else { continue }
            collected += 1
            if fields.allSatisfy({ after.catalog.field($0)?.source != nil }) { supplied += 1 }
        }
        let knownDeclared = Set(before.declaredFields.map(\.id))
        let newDeclared = after.catalog.declaredFields.filter { !knownDeclared.contains($0.id) }
        var near: [NearDuplicate] = []
        for f in newDeclared {
            let key = ColumnMatch.key(f.label)
            guard key.count >= 2, let g = before.declaredFields.first(where: { g in
                let other = ColumnMatch.key(g.label)
                return other.count >= 2 && (other == key || other.contains(key) || key.contains(other))
            }) else { continue }
            let column = report.columns.first { after.catalog.fields(of: $0.expression).contains { $0 == f.id || after.catalog.field($0)?.cellOf == f.id } }
            near.append(NearDuplicate(column: column?.key ?? f.id, field: g.id, label: g.label))
        }
        let columns = mapping.map { $0.map { Column(header: $0.header, field: $0.field, newField: $0.newField, unsure: $0.unsure, reason: $0.reason) } }
            ?? report.columns.map { c in
                let fields = after.catalog.fields(of: c.expression)
                let new = fields.first { !known.contains($0) }
                return Column(header: c.groups + [c.header], field: c.expression.source(), newField: new.map { after.catalog.field($0)?.cellOf ?? $0 },
                              unsure: false, reason: new == nil ? "目录中已采集" : "新字段")
            }
        let printer = DiagnosticPrinter(sources: after.sources, showSource: false)
        return AdmissionReview(
            reportID: report.id, columns: report.columns.count, alreadyCollected: collected, suppliedBySources: supplied,
            newFields: newDeclared.count, nearDuplicates: near,
            addedEntriesPerUnit: after.catalog.burden.formEntries - before.burden.formEntries,
            manualEntriesPerUnit: report.frequency.periodsPerYear * report.figures.count,
            filledBy: report.filledBy, mapping: columns,
            problems: after.diagnostics.filter { $0.severity == .error }.map(printer.render))
    }
}
