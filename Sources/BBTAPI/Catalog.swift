import BBTEngine
import BBTTemplates

/// `GET /api/v1/catalog`: every report with its 法定标识 (表号, 制定机关, 批准文号, 有效期至), how often it
/// is due and what it costs a community a year; and the fields most reports ask for.
public struct CatalogAnswer: Encodable, Sendable {
    public let month: String
    public let reports: [ReportRow]
    /// The reports that the lowest filling level fills: the "of" of each field's count below.
    public let reportsFilledBy: FilledBy
    public let fields: [AskedField]

    public struct ReportRow: Encodable, Sendable {
        public let id: String
        public let title: String
        public let formNo: String
        public let authority: String
        public let approval: String?
        /// 清单编号; `null`: 清单外, not admitted through 报表准入.
        public let listed: String?
        public let frequency: String
        public let validUntil: String?
        /// `valid`, `expiring` (within three months) or `expired`.
        public let validity: String
        public let filledBy: String
        public let fields: Int
        public let entriesPerYear: Int
    }

    public struct FilledBy: Encodable, Sendable {
        public let level: String
        public let count: Int
    }

    public struct AskedField: Encodable, Sendable {
        public let id: String
        public let label: String
        /// How many of the lowest level's reports ask for it.
        public let reports: Int
        public let of: Int
        /// The department that supplies it, if any (数据回流).
        public let source: String?
    }

    public init(_ catalog: Catalog, month: Period) {
        let (fields, counted) = catalog.mostAskedFields
        self.month = month.description
        reports = catalog.reports.map { r in
            ReportRow(id: r.id, title: r.title, formNo: r.formNo, authority: r.authority, approval: r.approval, listed: r.listed,
                      frequency: r.frequency.rawValue, validUntil: r.validUntil, validity: r.validity(at: month).rawValue,
                      filledBy: r.filledBy.rawValue, fields: r.fields.count, entriesPerYear: r.frequency.periodsPerYear * r.figures.count)
        }
        reportsFilledBy = FilledBy(level: catalog.lowestFillingLevel.rawValue, count: counted)
        self.fields = fields.map { f, asked in AskedField(id: f.id, label: f.label, reports: asked, of: counted, source: f.source) }
    }
}
