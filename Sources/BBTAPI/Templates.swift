import BBTEngine
import BBTImport
import BBTTemplates

/// A problem found in the templates, where it is: `bbt check --json` and the API say it alike.
public struct DiagnosticAnswer: Encodable, Sendable {
    public let path: String
    public let line: Int
    public let column: Int
    public let severity: String
    public let message: String

    public static func all(_ c: Compilation) -> [DiagnosticAnswer] {
        c.diagnostics.map { d in
            let (path, loc) = c.sources.location(of: d.span)
            return DiagnosticAnswer(path: path, line: loc.line, column: loc.column, severity: d.severity.rawValue, message: d.message)
        }
    }
}

/// What a catalog holds and what it costs a community a year (dsl.md, the burden figure).
public struct TemplateSummary: Encodable, Sendable {
    public let fields: Int
    public let computed: Int
    public let rules: Int
    public let reports: Int
    public let manualEntries: Int
    public let formEntries: Int
    public let burdenReduction: Double
    /// Of the form's entries, those departments supply (checked, not typed).
    public let providedEntries: Int
    public let typedEntries: Int
    public let typedReduction: Double
    /// Reports without a 清单编号 (`listed`): not admitted through 报表准入 (清单外).
    public let unlisted: Int

    /// The burden of every report, or of the reports still valid in `year`.
    public init(_ catalog: Catalog, year: Int? = nil) {
        let b = year.map(catalog.burden(year:)) ?? catalog.burden
        fields = catalog.declaredFieldCount
        computed = catalog.computed.count
        rules = catalog.rules.count
        reports = catalog.reports.count
        manualEntries = b.manualEntries
        formEntries = b.formEntries
        burdenReduction = b.reduction
        providedEntries = b.providedEntries
        typedEntries = b.typedEntries
        typedReduction = b.typedReduction
        let counted = year.map { y in catalog.reports.filter { r in r.lastValidMonth.map { MonthNumber.year($0) >= y } ?? true } } ?? catalog.reports
        unlisted = counted.count { $0.listed == nil }
    }
}

/// `bbt check --json`: the summary's members and the diagnostics, in one object (interfaces.md).
public struct CheckAnswer: Encodable, Sendable {
    public let summary: TemplateSummary
    public let diagnostics: [DiagnosticAnswer]

    public init(_ c: Compilation, year: Int? = nil) {
        summary = TemplateSummary(c.catalog, year: year)
        diagnostics = DiagnosticAnswer.all(c)
    }

    enum CodingKeys: String, CodingKey { case diagnostics }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(diagnostics, forKey: .diagnostics)
    }
}

/// `GET /api/v1/templates`: the published version, its files and the versions before it.
public struct TemplatesAnswer: Encodable, Sendable {
    public let version: Int
    public let publishedAt: String
    public let publishedBy: String
    public let summary: TemplateSummary
    public let files: JSONObject<String>
    public let history: [Version]

    public struct Version: Encodable, Sendable {
        public let version: Int
        public let publishedAt: String
        public let publishedBy: String

        public init(version: Int, publishedAt: String, publishedBy: String) {
            self.version = version
            self.publishedAt = publishedAt
            self.publishedBy = publishedBy
        }
    }

    public init(version: Int, publishedAt: String, publishedBy: String, catalog: Catalog, files: [String: String], history: [Version]) {
        self.version = version
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        summary = TemplateSummary(catalog)
        self.files = JSONObject(files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        self.history = history
    }
}

/// `{"files": {"path.bbt": "source", …}, "confirm"?: true}`: a set of template files to check or publish.
public struct TemplateFilesRequest: Decodable, Sendable {
    /// Path → source; checked member by member (`TemplatePath`), so each bad one is named.
    public let files: JSONValue
    public let confirm: Bool?
}

/// What publishing a catalog would change against the published one.
public struct PreviewAnswer: Encodable, Sendable {
    public let before: BurdenFigures
    public let after: BurdenFigures
    public let reportsAdded: [ReportBrief]
    public let reportsRemoved: [ReportBrief]
    public let fieldsAdded: [FieldBrief]
    public let fieldsRemoved: [RemovedField]
    public let fieldsChanged: [ChangedField]
    /// Fields whose declarations are broken in the files checked: not deleted, unreadable.
    public let fieldsUnreadable: [FieldBrief]
    public let reportsChanged: [ChangedReport]

    public struct ChangedReport: Encodable, Sendable {
        public let id: String
        public let title: String
        public let changes: [String]
    }

    public struct BurdenFigures: Encodable, Sendable {
        public let manualEntries: Int
        public let formEntries: Int
        public let burdenReduction: Double
        public let typedEntries: Int
        public let typedReduction: Double

        init(_ b: Burden) {
            manualEntries = b.manualEntries
            formEntries = b.formEntries
            burdenReduction = b.reduction
            typedEntries = b.typedEntries
            typedReduction = b.typedReduction
        }
    }

    public struct ReportBrief: Encodable, Sendable {
        public let id: String
        public let title: String
        public let frequency: String
        public let entriesPerYear: Int
    }

    public struct FieldBrief: Encodable, Sendable {
        public let id: String
        public let label: String
    }

    public struct RemovedField: Encodable, Sendable {
        public let id: String
        public let label: String
        /// Values stored under it, which the new version would no longer show (never deleted).
        public let storedValues: Int
    }

    public struct ChangedField: Encodable, Sendable {
        public let id: String
        public let label: String
        public let changes: [String]
    }

    /// `stored`: the values stored under each removed field.
    public init(_ change: CatalogChange, stored: [String: Int]) {
        func report(_ r: Report) -> ReportBrief {
            ReportBrief(id: r.id, title: r.title, frequency: r.frequency.rawValue, entriesPerYear: r.frequency.periodsPerYear * r.figures.count)
        }
        before = BurdenFigures(change.before)
        after = BurdenFigures(change.after)
        reportsAdded = change.reportsAdded.map(report)
        reportsRemoved = change.reportsRemoved.map(report)
        fieldsAdded = change.fieldsAdded.map { FieldBrief(id: $0.id, label: $0.label) }
        fieldsRemoved = change.fieldsRemoved.map { RemovedField(id: $0.id, label: $0.label, storedValues: stored[$0.id] ?? 0) }
        fieldsChanged = change.fieldsChanged.map { ChangedField(id: $0.id, label: $0.label, changes: $0.changes) }
        fieldsUnreadable = change.fieldsUnreadable.map { FieldBrief(id: $0.id, label: $0.label) }
        reportsChanged = change.reportsChanged.map { ChangedReport(id: $0.id, title: $0.title, changes: $0.changes) }
    }
}

/// `POST /api/v1/templates/check`.
public struct TemplateCheckAnswer: Encodable, Sendable {
    public let ok: Bool
    public let summary: TemplateSummary
    public let diagnostics: [DiagnosticAnswer]
    public let preview: PreviewAnswer

    public init(_ c: Compilation, preview: PreviewAnswer) {
        ok = !c.hasErrors
        summary = TemplateSummary(c.catalog)
        diagnostics = DiagnosticAnswer.all(c)
        self.preview = preview
    }
}

/// `PUT /api/v1/templates`: the version published.
public struct PublishAnswer: Encodable, Sendable {
    public let version: Int
    public let summary: TemplateSummary
    public let diagnostics: [DiagnosticAnswer]

    public init(version: Int, _ c: Compilation) {
        self.version = version
        summary = TemplateSummary(c.catalog)
        diagnostics = DiagnosticAnswer.all(c)
    }
}

/// A department's XLSX form drafted as a report: `POST /api/v1/templates/import` and
/// `bbt import-report --json` alike.
public struct ImportDraftAnswer: Encodable, Sendable {
    public let id: String
    /// Where the draft would go in the templates.
    public let path: String
    /// The draft `report` block (and `# 新字段` declarations), as source.
    public let report: String
    public let columns: [Column]
    public let newFields: Int
    /// Entries a year this report adds to a community's one form.
    public let addedEntries: Int
    /// Entries a year it costs a community filled by hand.
    public let manualEntries: Int

    public struct Column: Encodable, Sendable {
        public let header: [String]
        public let field: String?
        public let newField: String?
        public let unsure: Bool
        public let reason: String
    }

    public init(_ d: ReportDraft) {
        id = d.id
        path = "import/\(d.id).bbt"
        report = d.source
        columns = d.mapping.map { Column(header: $0.header, field: $0.field, newField: $0.newField, unsure: $0.unsure, reason: $0.reason) }
        newFields = d.newFields
        addedEntries = d.addedEntries
        manualEntries = d.manualEntries
    }
}
