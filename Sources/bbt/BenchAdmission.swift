import ArgumentParser
import BBTEngine
import BBTImport
import BBTSheet
import BBTSQLite
import BBTStore
import BBTTemplates
import Foundation

/// `bbt bench review`: the 准入审查表 of a department's form of COLUMNS columns (two thirds asking
/// for figures the catalog has, one third new) against a templates folder — the import's draft
/// and the review, as `POST /api/v1/requests` works them out.
struct BenchReview: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review",
        abstract: "Draft and review a department's form of COLUMNS columns against TEMPLATES; print the time as JSON.")

    @Option var templates = "FormTemplates"
    @Option var columns = 60
    @Option(help: "Runs; the fastest counts.") var runs = 5

    func run() throws {
        guard columns > 0, runs > 0 else { throw Console.usage("--columns 与 --runs 应为正数") }
        let sources = try loadTemplateSources(templates)
        let catalog = Compiler.compile(sources).catalog
        let known = catalog.declaredFields.filter { catalog.breakdowns[$0.id] == nil }.map { f in f.unit.map { "\(f.label)(\($0))" } ?? f.label }
        var header: [Int: String] = [0: "单位名称"]
        for i in 0..<columns {
            header[i + 1] = i % 3 < 2 && i / 3 * 2 + i % 3 < known.count ? "\(known[(i / 3 * 2 + i % 3) % known.count])" : "新增调查项\(i)(个)"
        }
        let sheet = Sheet(rows: [[0: "某局社区情况统计月报"], header, [0: "和平街社区", 1: "1"]],
                          merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: columns)], rowCount: 3)
        var best = Double.infinity
        var review: AdmissionReview?
        for _ in 0..<runs {
            let start = Date()
            let draft = try ReportDraft.make(layout: try FormLayout(sheet), sources: sources, id: "RQ1", fileName: "bench.xlsx")
            review = try AdmissionReview.make(draft: draft.source, sources: sources, mapping: draft.mapping)
            best = min(best, Date().timeIntervalSince(start))
        }
        print("{\"columns\": \(columns), \"alreadyCollected\": \(review?.alreadyCollected ?? 0), \"newFields\": \(review?.newFields ?? 0), "
              + "\"seconds\": \(String(format: "%.4f", best))}")
    }
}

/// `bbt bench burden`: the burden page's reads for a city's year — COMMUNITIES submitted forms a
/// month for 12 months, each with its active seconds and counts, in a new SQLite store — read as
/// `BurdenService` reads them (the year's efforts at once, each month's form states) and summed.
struct BenchBurden: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "burden",
        abstract: "Store a city's year of measured forms in a new SQLite file and time the burden page's reads; print JSON.")

    @Option var communities = 3_000
    @Option(help: "Runs; the fastest counts.") var runs = 3

    func run() throws {
        guard communities > 0, runs > 0 else { throw Console.usage("--communities 与 --runs 应为正数") }
        let (communities, runs) = (communities, runs)
        try Console.block("bbt bench burden") { try await BenchBurden.measure(communities: communities, runs: runs) }
    }

    static func measure(communities: Int, runs: Int) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bbt-bench-burden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path)
        var csv = "code,name,level,parent\nc,市,city,\n"
        let streets = max(1, communities / 15)
        for s in 0..<streets { csv += "s\(s),街道\(s),street,c\n" }
        for u in 0..<communities { csv += "u\(u),社区\(u),community,s\(u % streets)\n" }
        let tree = try UnitsCSV.parse(csv, path: "units.csv").get()
        try await store.replaceUnits(tree.units, tree: tree)
        let months = (1...12).map { Period.month(2025, $0) }
        let codes = tree.units.filter { $0.level == .community }.map(\.code)
        let at = Instant(seconds: 1_750_000_000)
        for month in months {
            let writes = codes.map { code in
                FormWrite(FormSave(unit: code, month: month, expectedVersion: 0, values: [], status: .submitted, user: "bench", at: at),
                          current: .empty, stored: { _, _ in nil })!
            }
            _ = try await store.saveAll(writes)
            for (i, code) in codes.enumerated() {
                try await store.addActiveSeconds(unit: code, month: month, seconds: 600 + i % 1800)
                try await store.setEntryCounts(unit: code, month: month, counts: EntryCounts(typed: 20 + i % 9, checked: 14, carried: 7))
            }
        }
        var best = Double.infinity
        var medians: [Double?] = []
        for _ in 0..<runs {
            let start = Date()
            let efforts = Dictionary(grouping: try await store.efforts(months: months), by: \.month)
            medians = []
            for month in months {
                let states = try await store.formStates(units: codes, month: month)
                let submitted = Set(codes.filter { states[$0].map { FormWorkflow.isLocked($0.status) } ?? false })
                let own = (efforts[month] ?? []).filter { submitted.contains($0.unit) }
                medians.append(MeasuredBurden(month: month, forms: codes.count, submitted: submitted.count,
                                              submittedSeconds: own.map(\.activeSeconds), counts: own.compactMap(\.counts),
                                              manualBaseline: 0).medianMinutes)
            }
            best = min(best, Date().timeIntervalSince(start))
        }
        print("{\"communities\": \(communities), \"forms\": \(communities * 12), \"medianMinutes\": \(medians.first.flatMap { $0 } ?? 0), "
              + "\"seconds\": \(String(format: "%.4f", best))}")
    }
}
