import BBTNumber
import Foundation

/// A field: one number (or text, date …) that a unit fills once per period.
public struct Field: Sendable {
    public let id: String
    public let label: String
    public let type: FieldType
    public let unit: String?
    public let min: Number?
    public let max: Number?
    /// `nil` for fields that are not numbers: over time they behave like a stock.
    public let temporal: Temporal?
    public let merge: MergeRule
    public let optional: Bool
    public let carry: Bool
    public let help: String?
    public let every: Frequency?
    public let section: String?
    /// The ID of the department system that supplies it (`from`); `nil` when the community types it.
    public let source: String?
    public let span: SourceSpan
    /// For a cell of a field with breakdowns (`pop[sex.male]`): that field's ID.
    public var cellOf: String? = nil

    public var isFlow: Bool { temporal == .flow }
}

/// A department system that supplies some fields' values (数据回流).
public struct DataSource: Sendable, Equatable {
    public let id: String
    public let name: String
    public let span: SourceSpan
}

/// A derived indicator, evaluated at every level from that level's inputs.
public struct Computed: Sendable {
    public let id: String
    public let label: String
    public let expression: Formula
    public let kind: ValueKind
    public let places: Int?
    public let unit: String?
    public let span: SourceSpan
}

/// A check over one unit's values on save and submit.
public struct Rule: Sendable {
    public let expression: Formula
    public let message: String
    public let severity: RuleSeverity
    public let span: SourceSpan
    /// The columns of a report tie together where a rule compares their fields (for the balance
    /// checks printed under a report).
    public let fields: [String]
}

/// How a report column shows its values.
public enum ColumnType: Sendable, Equatable {
    case integer
    case decimal(places: Int)
    case text
    case bool
    case date
}

public struct Column: Sendable {
    public let key: String
    public let header: String
    public let expression: Formula
    public let type: ColumnType
    public let format: String?
    public let width: Double?
    /// Group titles from the outermost in.
    public let groups: [String]
    public let unit: String?
    /// For a column that is a figure of a field with breakdowns: the field, and for a slice its
    /// members as written (`sex.male`, `sex.female,age.a60`); `nil` for the total.
    public var slice: (field: String, members: String?)? = nil
}

public struct Report: Sendable {
    public let id: String
    public let title: String
    public let formNo: String
    public let authority: String
    public let approval: String?
    /// 清单编号: the number the 减负 office admitted the report under; `nil` is 清单外 (unlisted).
    public let listed: String?
    /// 有效期至, `YYYY-MM`: the report is not due for a period that ends after this month.
    public let validUntil: String?
    public let frequency: Frequency
    public let due: Int?
    public let filledBy: Level
    public let columns: [Column]
    /// The distinct fields the columns refer to, directly, through computed indicators and through
    /// time functions, in first-use order; a field with breakdowns as all its cells (what is stored).
    public let fields: [String]
    /// The distinct figures the columns refer to (the burden figure's count): a field, or one slice
    /// of it (`f`, `f[sex.male]` and `f[age.a60]` are three), in first-use order.
    public var figures: [String] = []
    public let span: SourceSpan
    /// Where `valid_until` is written, for the warning that it has expired.
    public let validUntilSpan: SourceSpan?

    /// The last month the report is valid in, as a `MonthNumber`; `nil` when it does not expire.
    public var lastValidMonth: Int? { validUntil.flatMap(MonthNumber.parse) }

    /// Whether the report is due for a period ending in `month` (a `MonthNumber`).
    public func isValid(in month: Int) -> Bool { lastValidMonth.map { month <= $0 } ?? true }
}

/// Months as one number (year × 12 + month − 1), so that the catalog can say which reports are
/// valid in a month without the engine's `Period`.
public enum MonthNumber {
    public static func of(year: Int, month: Int) -> Int { year * 12 + month - 1 }
    public static func year(_ n: Int) -> Int { n / 12 }

    /// Its number → `2024-12`.
    public static func text(_ n: Int) -> String {
        let y = String(year(n)), m = n % 12 + 1
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (m < 10 ? "-0\(m)" : "-\(m)")
    }

    /// `2024-12` → its number; `nil` for anything else.
    public static func parse(_ s: String) -> Int? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit), let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return of(year: y, month: m)
    }
}

/// The collection frequencies from a month on: they change only where a report expires.
struct CollectionEpoch: Sendable {
    /// The first month (a `MonthNumber`) of the epoch; `Int.min` for the first.
    let start: Int
    let collection: [Level: [String: Frequency]]
}

/// A field as one level collects it: how often, and so which period each value belongs to.
public struct CollectedField: Sendable, Equatable {
    public let id: String
    public let frequency: Frequency
}

/// Everything the templates define, checked: what the engine, the forms and the reports use.
public struct Catalog: Sendable {
    public let fields: [Field]
    public let computed: [Computed]
    public let rules: [Rule]
    public let reports: [Report]
    /// Section titles in order of first appearance.
    public let sections: [String]
    public let sources: [DataSource]
    /// Collection with every report counted, expired or not: the burden figure without `--year`.
    let collection: [Level: [String: Frequency]]
    /// Collection month by month: epoch 0 before any report expires, then one more after each
    /// distinct `valid_until`.
    let epochs: [CollectionEpoch]

    private let fieldIndex: [String: Int]
    private let computedIndex: [String: Int]
    private let reportIndex: [String: Int]

    /// How many fields the templates declare: a field with breakdowns once, not once per cell.
    public var declaredFieldCount: Int { Set(fields.map { $0.cellOf ?? $0.id }).count }

    /// The fields as the templates declare them: a field with breakdowns once, under its own ID and
    /// label (its total), where `fields` holds its cells. What a person matches a form's column to.
    public var declaredFields: [Field] {
        var seen = Set<String>()
        return fields.compactMap { f in
            guard let parent = f.cellOf else { return f }
            guard seen.insert(parent).inserted else { return nil }
            return Field(id: parent, label: breakdowns[parent]?.label ?? parent, type: f.type, unit: f.unit, min: f.min, max: f.max,
                         temporal: f.temporal, merge: f.merge, optional: f.optional, carry: f.carry, help: f.help, every: f.every,
                         section: f.section, source: f.source, span: f.span)
        }
    }

    /// The dimensions figures are split by, in declaration order.
    public let dimensions: [Dimension]
    /// The fields collected by breakdowns, by field ID: their cells are what `fields` holds.
    public let breakdowns: [String: Breakdowns]

    init(fields: [Field], computed: [Computed], rules: [Rule], reports: [Report], sections: [String],
         sources: [DataSource], collection: [Level: [String: Frequency]], epochs: [CollectionEpoch],
         dimensions: [Dimension] = [], breakdowns: [Breakdowns] = []) {
        self.dimensions = dimensions
        self.breakdowns = Dictionary(breakdowns.map { ($0.field, $0) }, uniquingKeysWith: { a, _ in a })
        self.sources = sources
        self.epochs = epochs
        self.fields = fields
        self.computed = computed
        self.rules = rules
        self.reports = reports
        self.sections = sections
        self.collection = collection
        fieldIndex = Dictionary(fields.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        computedIndex = Dictionary(computed.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        reportIndex = Dictionary(reports.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func field(_ id: String) -> Field? { fieldIndex[id].map { fields[$0] } }
    /// The position of a field in `fields`: values are stored and looked up by it.
    public func index(ofField id: String) -> Int? { fieldIndex[id] }
    public func computed(_ id: String) -> Computed? { computedIndex[id].map { computed[$0] } }
    public func report(_ id: String) -> Report? { reportIndex[id].map { reports[$0] } }
    public func source(_ id: String) -> DataSource? { sources.first { $0.id == id } }

    /// The levels whose units fill at least one report.
    public var fillingLevels: [Level] { Set(reports.map(\.filledBy)).sorted() }

    /// The level a community-burden figure is counted for: communities, or where no report is
    /// filled by communities, the lowest level that fills any.
    public var lowestFillingLevel: Level { fillingLevels.first ?? .community }

    /// The epoch of collection frequencies that holds in `month` (a `MonthNumber`). Epochs only
    /// change where a report expires, so a period that starts and ends in one epoch is collected
    /// alike throughout.
    public func epoch(ofMonth month: Int) -> Int {
        var i = 0
        while i + 1 < epochs.count, epochs[i + 1].start <= month { i += 1 }
        return i
    }

    public var epochCount: Int { epochs.count }

    /// How often units of `level` collect a field in `epoch`; `nil` when they do not collect it then.
    public func frequency(of field: String, at level: Level, epoch: Int) -> Frequency? {
        epochs[epoch].collection[level]?[field]
    }

    /// How often units of `level` collect a field in `month` (a `MonthNumber`).
    public func frequency(of field: String, at level: Level, month: Int) -> Frequency? {
        frequency(of: field, at: level, epoch: epoch(ofMonth: month))
    }

    /// The fields units of `level` collect in `month`, in declaration order, each at its collection
    /// frequency then: the finest frequency of the reports still valid that month, filled at that
    /// level, that use it — or its `every` if finer.
    public func collected(at level: Level, month: Int) -> [CollectedField] {
        collected(epochs[epoch(ofMonth: month)].collection[level])
    }

    /// As `collected(at:month:)` with every report counted, expired or not.
    func collectedByAllReports(at level: Level) -> [CollectedField] { collected(collection[level]) }

    func collected(_ frequencies: [String: Frequency]?) -> [CollectedField] {
        guard let frequencies else { return [] }
        return fields.compactMap { f in frequencies[f.id].map { CollectedField(id: f.id, frequency: $0) } }
    }
}
