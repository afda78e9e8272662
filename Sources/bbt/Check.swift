import BBTEngine
import ArgumentParser
import BBTAPI
import BBTRender
import BBTTemplates
import Foundation

/// `bbt check [DIR] [--json]`: compile the templates, print the problems and the burden figure.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile the templates and print diagnostics and the burden figure.",
        discussion: "Exit code: 0 clean or warnings only, 1 errors, 2 usage."
    )

    @Argument(help: "The templates folder (or one .bbt file).")
    var directory: String = "FormTemplates"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Count only the reports valid in some month of this year (warn about the expired ones).")
    var year: Int?

    func run() throws {
        if let year, !(1...9999).contains(year) { throw Console.usage("--year 应为 2024 这样的年份, 却是 \(year)") }
        var compilation = Compiler.compile(try loadTemplateSources(directory))
        if let year { compilation = compilation.counting(year: year) }
        if json {
            print(try JSONValueEncoder().encode(CheckAnswer(compilation, year: year)).serialized())
        } else {
            printDiagnostics(compilation)
            print(Check.summary(compilation, name: directory, year: year))
        }
        if compilation.hasErrors { throw ExitCode(1) }
    }

    static func summary(_ c: Compilation, name: String, year: Int? = nil) -> String {
        let catalog = c.catalog
        let errors = c.diagnostics.count { $0.severity == .error }
        let warnings = c.diagnostics.count - errors
        let burden = year.map(catalog.burden(year:)) ?? catalog.burden
        let expired = year.map { catalog.expired(before: $0).count } ?? 0
        func change(_ reduction: Double) -> String {
            let percent = String(format: "%.1f", abs(reduction) * 100)
            return reduction >= 0 ? "减少 \(percent)%" : "增加 \(percent)%"
        }
        return """
            \(name): \(c.sources.files.count) 个文件, \(catalog.declaredFieldCount) 个字段, \(catalog.computed.count) 个计算指标, \
            \(catalog.rules.count) 条规则, \(catalog.reports.count) 张报表; \(errors) 个错误, \(warnings) 个警告
            按每个\(burden.level.chinese)计\(year.map { ", \($0) 年仍有效的报表" } ?? "")\(expired > 0 ? " (已过有效期的 \(expired) 张不计)" : ""), 各表分别填写与用报表通填写一张表单相比:
            一年填报量: \(burden.manualEntries) → \(burden.formEntries) 项 (\(change(burden.reduction)))
            需要手工录入: \(burden.manualEntries) → \(burden.typedEntries) 项 (\(change(burden.typedReduction)))\
            \(burden.providedEntries > 0 ? "; 其余 \(burden.providedEntries) 项由部门数据提供, 只需核对" : "")
            """
    }
}

/// Diagnostics on stderr: the normative one-line form, and on a terminal the line with a caret.
func printDiagnostics(_ c: Compilation) {
    let printer = DiagnosticPrinter(sources: c.sources, showSource: Console.stderrIsTerminal)
    for d in c.diagnostics { Console.error(printer.render(d)) }
}
