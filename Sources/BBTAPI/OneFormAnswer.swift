import BBTEngine
import BBTNumber
import BBTTemplates

/// `bbt form --month M --json`: the one form of a month as the templates make it — its sections and
/// fields, each with the period its value is stored under — before anyone fills it.
public struct OneFormAnswer: Encodable, Sendable {
    public let month: String
    public let level: String
    public let sections: [Section]
    /// Every field of the form in order (the sections' fields, flat).
    public let fields: [Field]

    public struct Section: Encodable, Sendable {
        public let title: String?
        public let fields: [Field]
    }

    public struct Field: Encodable, Sendable {
        public let id: String
        public let label: String
        public let type: String
        public let unit: String?
        public let period: String
        public let frequency: String
        public let section: String?
        /// The choices of a `choice` field, else `null`.
        public let options: [String]?
        /// The longest text a `text(N)` field takes, else `null`.
        public let maxLength: Int?
        /// `stock` or `flow` for a number, else `null`.
        public let temporal: String?
        public let min: Number?
        public let max: Number?
        public let optional: Bool
        public let carry: Bool
        public let help: String?
        /// Supplied by a department (数据回流): pre-filled on the form, checked rather than typed.
        public let source: String?
        public let sourceName: String?

        init(_ e: OneForm.Entry, catalog: Catalog) {
            let f = e.field
            id = f.id
            label = f.label
            type = f.type.name
            unit = f.unit
            period = e.period.description
            frequency = e.frequency.rawValue
            section = f.section
            if case .choice(let o) = f.type { options = o } else { options = nil }
            if case .text(let n?) = f.type { maxLength = n } else { maxLength = nil }
            temporal = f.temporal?.rawValue
            min = f.min
            max = f.max
            optional = f.optional
            carry = f.carry
            help = f.help
            source = f.source
            sourceName = f.source.flatMap { catalog.source($0)?.name }
        }
    }

    public init(_ form: OneForm, catalog: Catalog) {
        month = form.month.description
        level = form.level.rawValue
        sections = form.sections.map { s in Section(title: s.title, fields: s.entries.map { Field($0, catalog: catalog) }) }
        fields = form.entries.map { Field($0, catalog: catalog) }
    }
}
