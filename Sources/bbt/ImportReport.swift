import BBTEngine
import ArgumentParser
import BBTAPI
import BBTImport
import BBTRender
import BBTTemplates
import Foundation

/// `bbt import-report FILE.xlsx`: a department's Excel form drafted as a report over the catalog.
struct ImportReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-report",
        abstract: "Draft a report block (and new fields) from a department's XLSX form.",
        discussion: "The draft goes to stdout; the mapping and the burden delta to stderr (or all as JSON with --json). Exit code: 0, 1 unreadable, 2 usage."
    )

    @Argument(help: "The department's form (.xlsx).")
    var file: String

    @Option(help: "The templates folder the draft is made against.")
    var templates = "FormTemplates"

    @Option(help: "The new report's ID (default: R and the digits of its 表号).")
    var id: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let sources = try loadTemplateSources(templates)
        let existing = Compiler.compile(sources)
        if existing.hasErrors {
            printDiagnostics(existing)
            Console.error("bbt: \(templates) 有错误, 先修正模板再导入")
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw Console.usage("读不到文件 \(file)") }
        let draft: ReportDraft
        do {
            draft = try ReportDraft.make(xlsx: Array(data), sources: sources, id: id, fileName: (file as NSString).lastPathComponent)
        } catch let e as ImportError {
            if e.subject == .reportID { throw Console.usage("--id: \(e.description)") }
            Console.error("bbt: \(file): \(e.description)")
            throw ExitCode(1)
        }
        if json {
            print(try JSONValueEncoder().encode(ImportDraftAnswer(draft)).serialized())
        } else {
            print(draft.source, terminator: "")
            for line in ImportReport.summary(draft) { Console.error(line) }
        }
    }

    static func summary(_ d: ReportDraft) -> [String] {
        var lines = d.mapping.enumerated().map { i, m in
            "\(i + 1). \(m.header.joined(separator: " > ")) → \(m.field ?? "新字段 \(m.newField ?? "")")\(m.unsure ? " (请核对)" : ""): \(m.reason)"
        }
        let existing = d.mapping.count - d.newFields
        lines.append("\(d.mapping.count) 个栏目: \(existing) 个已在采集, \(d.newFields) 个新字段")
        lines.append("单独填写这张表每个社区每年 \(d.manualEntries) 项; 并入一张表单后每年只多填 \(d.addedEntries) 项")
        lines += d.problems
        return lines
    }
}
