import BBTAPI
import BBTEngine
import BBTTemplates

/// The template editor: the API's published version (`TemplatesAnswer`), its files also as a JSON
/// text for the editor's script.
struct TemplatesPageModel: PageModel {
    let templates: TemplatesAnswer
    /// When it was published, in China, to the minute.
    let publishedAt: String
    let publishedBy: String
    let files: [String]
    /// The files as one JSON object, safe inside `<script>`: `<` is written `\u003c`.
    let filesJSON: String
}

/// The catalogue: the API's (`CatalogAnswer`) with each report's frequency and validity in words,
/// and the thirty fields most reports ask for.
struct CatalogPageModel: PageModel {
    let catalog: CatalogAnswer
    let monthLabel: String
    let levelLabel: String
    let count: Int
    let expired: Int
    let expiring: Int
    /// Reports without a 清单编号: 清单外.
    let unlisted: Int
    let reports: [Report]
    let fields: [AskedField]

    struct Report: Encodable {
        let report: CatalogAnswer.ReportRow
        /// `月报`, `季报`, `年报`.
        let frequency: String
        /// `2025年12月`, or `长期`.
        let validUntil: String
        let expired: Bool
        let expiring: Bool
    }

    struct AskedField: Encodable {
        let field: CatalogAnswer.AskedField
        /// The department's name, or `社区填报`.
        let sourceName: String
    }
}

extension CatalogPageModel {
    init(_ catalog: Catalog, month: Period) {
        let answer = CatalogAnswer(catalog, month: month)
        self.catalog = answer
        monthLabel = month.chinese
        levelLabel = catalog.lowestFillingLevel.chinese
        count = catalog.reports.count
        let validity = catalog.reports.map { $0.validity(at: month) }
        expired = validity.count { $0 == .expired }
        expiring = validity.count { $0 == .expiring }
        unlisted = catalog.reports.count { $0.listed == nil }
        reports = zip(zip(catalog.reports, validity), answer.reports).map { rv, shared in
            let (r, v) = rv
            return Report(report: shared, frequency: r.frequency.chinese + "报", validUntil: r.validUntil.flatMap(Period.init)?.chinese ?? "长期",
                          expired: v == .expired, expiring: v == .expiring)
        }
        fields = answer.fields.prefix(30).map { f in
            AskedField(field: f, sourceName: f.source.flatMap { catalog.source($0)?.name } ?? "社区填报")
        }
    }
}

/// The admin's accounts: the API's (`UserAnswer`) with role and source in words.
struct UsersPageModel: PageModel {
    let roles: [Choice]
    let sources: [Choice]
    let units: [Choice]
    let users: [User]

    struct Choice: Encodable {
        let value: String
        let label: String
    }

    struct User: Encodable {
        let user: UserAnswer
        let roleLabel: String
        let sourceName: String?
    }
}

/// The unit tree of a month: the API's (`UnitsAnswer`) indented, with each unit's months in words.
struct UnitsPageModel: PageModel {
    let tree: UnitsAnswer
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let picker: MonthPicker
    let units: [Unit]
    let levels: [UsersPageModel.Choice]
    /// Every unit that ever existed, for the code fields' suggestions.
    let allUnits: [UsersPageModel.Choice]

    struct Unit: Encodable {
        let unit: UnitsAnswer.Unit
        let levelLabel: String
        /// 0…3: how far the row is indented.
        let depth: Int
        /// `2023-02 至 …`; `nil` for a unit that always existed.
        let span: String?
    }
}

extension UnitsPageModel {
    /// `tree` is the tree of `month`; `all` every unit there ever was.
    init(month: Period, tree: UnitTree, all: UnitTree) {
        let answer = UnitsAnswer(month: month, tree: tree)
        self.tree = answer
        monthLabel = month.chinese
        prevMonth = month.previous.description
        nextMonth = month.next.description
        picker = MonthPicker(param: "at", value: month.description)
        units = zip(tree.inOrder(month: month.endMonth), answer.units).map { ud, shared in
            let (u, depth) = ud
            let span = tree.spans[u]
            return Unit(unit: shared, levelLabel: tree[u].level.chinese, depth: min(depth, 3),
                        span: span == .always ? nil : "\(span.from.map(MonthNumber.text) ?? "…") 至 \(span.until.map(MonthNumber.text) ?? "…")")
        }
        levels = Level.allCases.map { .init(value: $0.rawValue, label: $0.chinese) }
        allUnits = all.units.map { .init(value: $0.code, label: $0.name) }
    }
}

/// A department's page (数据回流): the API's corrections (`CorrectionAnswer`) in words.
struct SourcePageModel: PageModel {
    let sourceId: String
    let sourceName: String
    let canUpload: Bool
    let month: String
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let picker: MonthPicker
    /// The fields the source supplies, each with the period its values go under.
    let fields: [SuppliedField]
    let differences: [Difference]

    struct SuppliedField: Encodable {
        let id: String
        let label: String
        /// `按季采集, 报告期如 2023-Q2`.
        let period: String
        /// For a field with breakdowns, the keys of its cells: the `field` of each row.
        let cells: [String]
        var split: Bool { !cells.isEmpty }

        enum CodingKeys: String, CodingKey { case id, label, period, cells, split }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encode(period, forKey: .period)
            try c.encode(cells, forKey: .cells)
            try c.encode(split, forKey: .split)
        }
    }

    struct Difference: Encodable {
        let difference: CorrectionAnswer
        let provided: String
        let value: String
        /// Who gave the reason, as a page names people.
        let by: String?
    }
}
