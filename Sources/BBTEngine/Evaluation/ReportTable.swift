import BBTTemplates

/// One report for one unit and period, evaluated: what every output format (XLSX, XML, JSON) shows.
public struct ReportTable: Sendable {
    public struct Row: Sendable {
        public let unit: OrgUnit
        /// The form status, for rows of filling units only.
        public let status: FormStatus?
        /// The 上报说明 given with that form (filling units only).
        public let explanation: String?
        public let values: [Value?]

        public init(unit: OrgUnit, status: FormStatus?, explanation: String? = nil, values: [Value?]) {
            self.unit = unit
            self.status = status
            self.explanation = explanation
            self.values = values
        }
    }

    public let report: Report
    public let period: Period
    public let unit: OrgUnit
    public let rows: [Row]
    /// The 合计 row of a merged report; `nil` for a filling unit's own report.
    public let total: [Value?]?

    public var columns: [Column] { report.columns }
}

/// Which rows a merged report has.
public enum RowMode: String, Sendable, CaseIterable {
    /// One row per unit one level down.
    case children
    /// One row per filling unit below.
    case leaf
}
