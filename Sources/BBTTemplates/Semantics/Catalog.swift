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
    public let severity: Severity
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
}

public struct Report: Sendable {
    public let id: String
    public let title: String
    public let formNo: String
    public let authority: String
    public let approval: String?
    public let validUntil: String?
    public let frequency: Frequency
    public let due: Int?
    public let filledBy: Level
    public let columns: [Column]
    /// The distinct fields the columns refer to, directly, through computed indicators and through
    /// time functions, in first-use order.
    public let fields: [String]
    public let span: SourceSpan
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
    let collection: [Level: [String: Frequency]]

    private let fieldIndex: [String: Int]
    private let computedIndex: [String: Int]
    private let reportIndex: [String: Int]

    init(fields: [Field], computed: [Computed], rules: [Rule], reports: [Report], sections: [String],
         sources: [DataSource], collection: [Level: [String: Frequency]]) {
        self.sources = sources
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

    /// How often units of `level` collect a field; `nil` when they do not collect it.
    public func frequency(of field: String, at level: Level) -> Frequency? { collection[level]?[field] }

    /// The fields units of `level` collect, in declaration order, each at its collection frequency:
    /// the finest frequency of the reports filled at that level that use it, or its `every` if finer.
    public func collected(at level: Level) -> [CollectedField] {
        guard let frequencies = collection[level] else { return [] }
        return fields.compactMap { f in frequencies[f.id].map { CollectedField(id: f.id, frequency: $0) } }
    }
}
