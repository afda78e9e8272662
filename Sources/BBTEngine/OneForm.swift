import BBTTemplates

/// The one form a unit fills for a month: every field it collects monthly, plus every field it
/// collects quarterly, half-yearly or yearly whose period ends with that month. Each value belongs to
/// its own period (the June form stores quarterly fields under `2023-Q2`). Only the reports valid
/// in that month count: a field that only an expired report asked for has left the form.
public struct OneForm: Sendable {
    public struct Entry: Sendable {
        public let field: Field
        public let frequency: Frequency
        public let period: Period
    }

    public struct Section: Sendable {
        /// `nil` for fields declared outside any section.
        public let title: String?
        public let entries: [Entry]
    }

    public let month: Period
    public let level: Level
    public let sections: [Section]

    public var entries: [Entry] { sections.flatMap(\.entries) }

    public init(catalog: Catalog, month: Period, level: Level) {
        precondition(month.frequency == .month, "the one form is monthly")
        self.month = month
        self.level = level
        var bySection: [String?: [Entry]] = [:]
        for collected in catalog.collected(at: level, month: month.endMonth) {
            let period = month.containing(collected.frequency)
            guard period.lastMonth == month, let field = catalog.field(collected.id) else { continue }
            bySection[field.section, default: []].append(Entry(field: field, frequency: collected.frequency, period: period))
        }
        let titles: [String?] = catalog.sections.map { Optional($0) } + [nil]
        sections = titles.compactMap { t in bySection[t].map { Section(title: t, entries: $0) } }
    }
}
