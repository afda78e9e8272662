import ArgumentParser
import BBTAPI
import BBTEngine
import BBTTemplates
import Foundation

/// `bbt form --month 2023-06`: the one form of a month, and the period each value belongs to.
struct Form: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the one form of a month: its sections, fields and the period of each value.",
        discussion: "Exit code: 0 ok, 1 errors in the templates, 2 usage."
    )

    @Option(help: "The month, as YYYY-MM.")
    var month: String

    @Option(help: "The templates folder.")
    var templates: String = "FormTemplates"

    @Option(help: "Whose form: community, street, district or city (default: the lowest level that fills a report).")
    var level: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        guard let period = Period(month), period.frequency == .month else {
            throw Console.usage("--month 应为 YYYY-MM (如 2023-06), 却是 \"\(month)\"")
        }
        var chosenLevel: Level?
        if let level {
            guard let l = Level(rawValue: level) else {
                throw Console.usage("--level 应为 community、street、district 或 city, 却是 \"\(level)\"")
            }
            chosenLevel = l
        }
        let catalog = try compileTemplates(templates)
        let form = OneForm(catalog: catalog, month: period, level: chosenLevel ?? catalog.lowestFillingLevel)
        print(json ? try JSONValueEncoder().encode(OneFormAnswer(form, catalog: catalog)).serialized() : Form.text(form, catalog: catalog))
    }

    static func text(_ form: OneForm, catalog: Catalog) -> String {
        var lines = ["\(form.month) 月表单 (\(form.level.chinese)): \(form.entries.count) 项"]
        for section in form.sections {
            lines.append("")
            lines.append("【\(section.title ?? "其他")】")
            for e in section.entries {
                let f = e.field
                var line = "  \(f.id)  \(f.label)"
                if let unit = f.unit { line += " (\(unit))" }
                line += "  \(f.type.name)  \(e.period)"
                if f.optional { line += "  可空" }
                if f.carry { line += "  沿用上期" }
                if let source = f.source { line += "  由\(catalog.source(source)?.name ?? source)提供" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}
