import BBTEngine
import BBTNumber
import BBTTemplates

/// `GET /api/v1/units/{code}/forms/{month}`: the one form with what the store holds for it.
public struct FormAnswer: Encodable, Sendable {
    public let unit: String
    public let unitName: String
    public let month: String
    public let status: String
    public let version: Int
    public let submittedAt: String?
    public let reason: String?
    public let explanation: String?
    public let sections: [Section]
    /// Saved values by field ID, in form order.
    public let values: JSONObject<Value>
    /// Values carried from the previous period for `carry` fields not saved yet.
    public let carried: JSONObject<Value>
    /// The fields of the form collected by breakdowns: their cells (the form's fields that have
    /// `cellOf`) grouped as a grid, with the members' labels.
    public let breakdowns: [Breakdown]

    public struct Breakdown: Encodable, Sendable {
        public let field: String
        public let label: String
        /// The first split's cells add up to the total; every other split must add up to it too.
        public let splits: [Split]
    }

    public struct Split: Encodable, Sendable {
        public let dimensions: [Dimension]
        public let cells: [Cell]
    }

    public struct Dimension: Encodable, Sendable {
        public let id: String
        public let label: String
    }

    public struct Cell: Encodable, Sendable {
        /// The cell's key: `pop[sex.male]`, what `values` and errors use.
        public let key: String
        /// The members' labels in the split's order: `["男"]`, `["女", "80岁及以上"]`.
        public let members: [String]
    }

    public struct Section: Encodable, Sendable {
        public let title: String
        public let fields: [Field]
    }

    public struct Field: Encodable, Sendable {
        public let id: String
        public let label: String
        public let type: String
        public let unit: String?
        public let min: Number?
        public let max: Number?
        public let help: String?
        public let optional: Bool
        public let carry: Bool
        /// The period the value is stored under (a quarterly field on June's form: 2023-Q2).
        public let period: String
        public let frequency: String
        /// The choices of a `choice` field, else `null`.
        public let options: [String]?
        /// The longest text a `text(N)` field takes, else `null`.
        public let maxLength: Int?
        public let value: Value?
        public let carried: Value?
        public let provided: Provided?
        /// The community's reason for differing from the supplied value.
        public let correction: String?
        /// For a cell of a field with breakdowns, that field's ID (see `breakdowns`).
        public let cellOf: String?
    }

    /// What a department supplied for the field (数据回流).
    public struct Provided: Encodable, Sendable {
        public let value: Value
        public let source: String
        public let sourceName: String
        public let at: String
    }

    public init(unit: OrgUnit, month: Period, form: OneForm, catalog: Catalog, state: FormState, stored: [String: Value],
                carried: [String: Value], provided: [String: ProvidedValue], reasons: [String: String]) {
        self.unit = unit.code
        unitName = unit.name
        self.month = month.description
        status = state.status.rawValue
        version = state.version
        submittedAt = state.submittedAt?.description
        reason = state.reason
        explanation = state.explanation
        sections = form.sections.map { s in
            Section(title: s.title ?? "其他", fields: s.entries.map { e in
                let f = e.field
                var options: [String]?
                var maxLength: Int?
                if case .choice(let o) = f.type { options = o }
                if case .text(let n?) = f.type { maxLength = n }
                return Field(id: f.id, label: f.label, type: f.type.name, unit: f.unit, min: f.min, max: f.max, help: f.help,
                             optional: f.optional, carry: f.carry, period: e.period.description, frequency: e.frequency.rawValue,
                             options: options, maxLength: maxLength, value: stored[f.id], carried: carried[f.id],
                             provided: provided[f.id].map { Provided(value: $0.value, source: $0.source, sourceName: $0.sourceName, at: $0.at.description) },
                             correction: reasons[f.id], cellOf: f.cellOf)
            })
        }
        values = JSONObject(form.entries.compactMap { e in stored[e.field.id].map { (e.field.id, $0) } })
        self.carried = JSONObject(form.entries.compactMap { e in carried[e.field.id].map { (e.field.id, $0) } })
        var parents: [String] = []
        for e in form.entries { if let p = e.field.cellOf, !parents.contains(p) { parents.append(p) } }
        func dimension(_ id: String) -> BBTTemplates.Dimension? { catalog.dimensions.first { $0.id == id } }
        breakdowns = parents.compactMap { catalog.breakdowns[$0] }.map { b in
            Breakdown(field: b.field, label: b.label, splits: zip(b.breakdowns, b.cells).map { dims, cells in
                Split(dimensions: dims.map { Dimension(id: $0, label: dimension($0)?.label ?? $0) },
                      cells: cells.map { c in Cell(key: c.key, members: c.members.map { dimension($0.dimension)?.label(of: $0.member) ?? $0.member }) })
            })
        }
    }
}

/// `PUT /api/v1/units/{code}/forms/{month}`: `{"values": {…}, "version": N, "submit": bool,
/// "corrections": {"field": "reason"}, "explanation": "上报说明"}`.
public struct FormEditRequest: Decodable, Sendable {
    /// Field ID → value as sent (numbers keep their exact text); `null` empties a field.
    public let values: JSONValue
    public let version: Int
    public let submit: Bool?
    public let corrections: [String: String]?
    /// `""` or `null` clears the 上报说明; absent keeps it.
    public let explanation: JSONValue?
    /// Seconds of active editing since the last save, as the web form counts them (减负, measured).
    public let activeSeconds: Int?

    enum CodingKeys: String, CodingKey { case values, version, submit, corrections, explanation, activeSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        values = try c.decode(JSONValue.self, forKey: .values)
        version = try c.decode(Int.self, forKey: .version)
        submit = try c.decodeIfPresent(Bool.self, forKey: .submit)
        corrections = try c.decodeIfPresent([String: String].self, forKey: .corrections)
        // `null` is a value here (clear it), not the same as leaving the member out (keep it).
        explanation = c.contains(.explanation) ? try c.decode(JSONValue.self, forKey: .explanation) : nil
        activeSeconds = try c.decodeIfPresent(Int.self, forKey: .activeSeconds)
    }
}

/// The answer to a save, a submit or a review step.
public struct SaveAnswer: Encodable, Sendable {
    public let status: String
    public let version: Int
    public let errors: [String]
    public let warnings: [String]
    /// `explain` rules that fail: a submit needs a 上报说明 for them.
    public let explain: [String]
    public let explanation: String?

    public init(_ step: FormStep, version: Int) {
        status = step.status.rawValue
        self.version = version
        errors = step.errors.map(\.message)
        warnings = step.warnings.map(\.message)
        explain = step.explain.map(\.message)
        explanation = step.explanation
    }
}

/// `POST …/approve`, `…/return` `{"reason"}`.
public struct ReviewRequest: Decodable, Sendable {
    public let reason: String?
}

public struct ReviewAnswer: Encodable, Sendable {
    public let status: String
    public let version: Int

    public init(_ step: FormStep, version: Int) {
        status = step.status.rawValue
        self.version = version
    }
}
