import BBTEngine
import Foundation

/// `GET /api/v1/units/{code}/status/{month}`: an office's completeness of one month.
public struct StatusAnswer: Encodable, Sendable {
    public let unit: String
    public let month: String
    /// How many forms are in each status (`empty`, `draft`, `submitted`, `approved`, `returned`).
    public let summary: JSONObject<Int>
    /// The office and every level between, in tree order.
    public let completeness: [Tally]
    public let units: [UnitRow]

    public struct Tally: Encodable, Sendable {
        public let unit: String
        public let name: String
        public let level: String
        public let expected: Int
        public let submitted: Int
        public let onTime: Int
        public let late: Int
        public let approved: Int
        public let returned: Int
        public let rates: Rates
    }

    /// In percent with one decimal; `null` when nothing was expected.
    public struct Rates: Encodable, Sendable {
        public let submitted: JSONValue
        public let onTime: JSONValue
        public let approved: JSONValue
    }

    public struct UnitRow: Encodable, Sendable {
        public let unit: String
        public let name: String
        public let level: String
        public let parent: String?
        public let status: String
        public let version: Int
        public let submittedAt: String?
        public let reason: String?
        public let explanation: String?
        public let due: String?
        public let punctuality: String
        public let missing: [String]
    }

    public init(unit: Int, month: Period, tree: UnitTree, rows: [Completeness.Row], tallies: [(unit: Int, tally: Completeness.Tally)]) {
        self.unit = tree[unit].code
        self.month = month.description
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        summary = JSONObject(FormStatus.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        completeness = tallies.map { u, t in
            Tally(unit: tree[u].code, name: tree[u].name, level: tree[u].level.rawValue, expected: t.expected, submitted: t.submitted,
                  onTime: t.onTime, late: t.late, approved: t.approved, returned: t.returned,
                  rates: Rates(submitted: StatusAnswer.percent(t.rate(t.submitted)), onTime: StatusAnswer.percent(t.rate(t.onTime)),
                               approved: StatusAnswer.percent(t.rate(t.approved))))
        }
        units = rows.map { r in
            UnitRow(unit: tree[r.unit].code, name: tree[r.unit].name, level: r.level.rawValue,
                    parent: tree[r.unit].parent.map { tree[$0].code }, status: r.state.status.rawValue, version: r.state.version,
                    submittedAt: r.state.submittedAt?.description, reason: r.state.reason, explanation: r.state.explanation,
                    due: r.due?.description, punctuality: r.punctuality.rawValue, missing: r.missing)
        }
    }

    /// A rate as a JSON number with one decimal (`95.0`, not `95`).
    static func percent(_ rate: Double?) -> JSONValue {
        guard let rate else { return .null }
        return .number(String(format: "%.1f", rate))
    }
}
