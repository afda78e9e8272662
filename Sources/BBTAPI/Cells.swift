import BBTEngine

/// `GET /api/v1/units/{code}/reports/{id}/{period}/cells/{row|total}/{key}`: where one number of a
/// report comes from.
public struct CellAnswer: Encodable, Sendable {
    public let column: Column
    /// The cell's value as the report has it (rounded to the column's places).
    public let value: JSONValue
    /// The column's expression with computed indicators written out: every name in it is an input.
    public let expression: String
    /// The inputs merged over the row's filling units, by name (`ytd(x)` is an input of its own).
    public let inputs: JSONObject<Value?>
    public let contributions: [Contribution]

    public struct Column: Encodable, Sendable {
        public let key: String
        public let label: String
    }

    public struct Contribution: Encodable, Sendable {
        public let unit: String
        public let name: String
        public let status: String
        public let explanation: String?
        public let values: JSONObject<Value?>
    }

    public init(_ t: CellTrace) {
        column = Column(key: t.column.key, label: t.column.header)
        value = t.column.json(t.value)
        expression = t.expression
        inputs = JSONObject(t.inputs.map { ($0.name, $0.value) })
        contributions = t.contributions.map { c in
            Contribution(unit: c.unit.code, name: c.unit.name, status: c.status.rawValue, explanation: c.explanation,
                         values: JSONObject(zip(t.inputs, c.values).map { ($0.name, $1) }))
        }
    }
}
