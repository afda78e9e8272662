import ArgumentParser
import BBTEngine
import BBTOffline
import BBTRender
import BBTTemplates
import BBTXLSX
import Foundation

/// `bbt render`: offline fan-out of every report due at a period, as XLSX, XML and JSON files.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render every report due at a period for a unit, merged over the units below it.",
        discussion: "Writes OUT/ID.xlsx, OUT/ID.xml (and OUT/ID.json). Exit code: 0 ok, 1 bad templates or data, 2 usage."
    )

    @Option(help: "The templates folder.") var templates: String = "FormTemplates"
    @Option(help: "The units CSV (code,name,level,parent).") var units: String
    @Option(help: "The data folder: DATA/MONTH/UNITCODE.json.") var data: String
    @Option(help: "The unit to report for.") var unit: String
    @Option(help: "The period: 2023, 2023-H1, 2023-Q2 or 2023-06 (a month renders every report whose period ends then).")
    var period: String
    @Option(help: "The output folder.") var out: String
    @Option(help: "Only this report.") var report: String?
    @Option(help: "Formats, comma separated: xlsx, xml, json.") var format: String = "xlsx,xml"
    @Option(help: "Rows of a merged report: children (one level down) or leaf (every filling unit).") var rows: String = "children"
    @Flag(help: "Print how long each phase took, on standard error.") var timings = false

    func run() throws {
        guard let period = Period(period) else {
            throw Console.usage("--period 应为 2023、2023-H1、2023-Q2 或 2023-06 这样的报告期, 却是 \"\(self.period)\"")
        }
        guard let mode = RowMode(rawValue: rows) else { throw Console.usage("--rows 应为 children 或 leaf, 却是 \"\(rows)\"") }
        let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !formats.isEmpty, formats.allSatisfy({ ["xlsx", "xml", "json"].contains($0) }) else {
            throw Console.usage("--format 只能是 xlsx、xml、json 的组合 (用逗号分隔), 却是 \"\(format)\"")
        }

        var clock = PhaseClock(enabled: timings)
        let catalog = try compileTemplates(templates)
        clock.lap("templates")
        let tree = try loadUnits(units)
        clock.lap("units")
        guard let target = tree.index(of: unit) else { throw Console.usage("单位 \(unit) 不在 \(units) 中") }
        let level = tree[target].level
        guard tree.exists(target, in: period) else {
            Console.error("bbt: \(tree[target].name) (\(unit)) 在 \(period) 不存在 (见 \(units) 的 from/until)")
            throw ExitCode(1)
        }

        var due = catalog.reportsDue(at: period, for: level)
        if let id = report {
            guard let r = catalog.report(id) else { throw Console.usage("没有报表 \(id)") }
            guard r.filledBy <= level else {
                throw Console.usage("报表 \(id) 由\(r.filledBy.chinese)填报, \(tree[target].name) 是\(level.chinese)")
            }
            if r.frequency == period.frequency || period.frequency == .month, let expiry = r.expiry(for: period.containing(r.frequency)) {
                Console.error("bbt: \(expiry)")
                throw ExitCode(1)
            }
            due = due.filter { $0.0.id == id }
            guard !due.isEmpty else { throw Console.usage("报表 \(id) 是\(r.frequency.chinese)报, 报告期 \(period) 没有这张表") }
        }
        if due.isEmpty {
            Console.error("bbt: \(tree[target].name) 在 \(period) 没有到期的报表")
            return
        }

        var fillers = Set<Int>()
        var months = Set<Period>()
        for (r, p) in due {
            // The tree of the period's last month: units closed before it, or opened after, are not in it.
            fillers.formUnion(tree.at(p).units(at: r.filledBy, under: target))
            months.formUnion(catalog.monthsNeeded(r, for: p))
        }
        let loaded = OfflineData.load(directory: data, catalog: catalog, tree: tree, units: fillers.sorted(), months: months.sorted())
        clock.lap("read \(fillers.count) units × \(months.count) months")
        for w in loaded.warnings { Console.error("warning: \(w)") }
        if !loaded.errors.isEmpty {
            for e in loaded.errors { Console.error("error: \(e)") }
            throw ExitCode(1)
        }

        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var builders: [Period: ReportBuilder] = [:]
        for (_, p) in due where builders[p] == nil {
            builders[p] = ReportBuilder(catalog: catalog, tree: tree.at(p), values: loaded.values)
        }
        let generated = Generated.fromEnvironment()
        // The reports are independent: as many at once as there are cores (each XLSX also deflates
        // on the others), the paths printed in the catalog's order after.
        let jobs = due
        // Largest first (columns × filling units), so that no core is left with a big one at the end.
        let order = jobs.indices.sorted { a, b in
            let (ra, pa) = jobs[a], (rb, pb) = jobs[b]
            let ca = ra.columns.count * tree.at(pa).units(at: ra.filledBy, under: target).count
            let cb = rb.columns.count * tree.at(pb).units(at: rb.filledBy, under: target).count
            return ca != cb ? ca > cb : a < b
        }
        let results = RenderResults(count: jobs.count)
        let (out, rules, timings) = (self.out, catalog.rules, self.timings)
        let builderOf = builders
        DispatchQueue.concurrentPerform(iterations: jobs.count) { n in
            let i = order[n]
            let (r, p) = jobs[i]
            var clock = PhaseClock(enabled: timings)
            var lines: [String] = []
            do {
                let table = try builderOf[p]!.table(report: r, period: p, unit: target, rows: mode).roundedToColumns()
                lines.append(clock.elapsed("\(r.id): table of \(table.rows.count) rows"))
                var paths: [String] = []
                for f in formats {
                    let path = (out as NSString).appendingPathComponent("\(r.id).\(f)")
                    try Render.write(table, format: f, mode: mode, rules: rules, generated: generated, to: path)
                    paths.append(path)
                    lines.append(clock.elapsed("\(r.id): \(f)"))
                }
                results.set(i, paths: paths, timings: lines)
            } catch {
                results.fail(i, error)
            }
        }
        clock.lap("\(jobs.count) reports, \(ProcessInfo.processInfo.activeProcessorCount) at a time")
        for i in jobs.indices {
            let (paths, lines, error) = results.get(i)
            if timings { for l in lines { Console.error(l) } }
            if let error { throw error }
            for path in paths { print(path) }
        }
    }

    static func write(_ table: ReportTable, format: String, mode: RowMode, rules: [Rule], generated: Generated,
                      to path: String) throws {
        switch format {
        case "xlsx":
            let sink = try ReportWorkbook.write(table, rules: rules, generated: generated, to: try FileSink(path: path))
            try sink.close()
        case "xml":
            try ReportXML.write(table, rows: mode, generated: generated, toFile: path)
        default:
            try Data((ReportJSON.document(table, rows: mode, generated: generated).serialized() + "\n").utf8)
                .write(to: URL(fileURLWithPath: path))
        }
    }
}

/// `--timings`: milliseconds per phase on stderr, to see where a render spends its time.
struct PhaseClock {
    let enabled: Bool
    private var last = DispatchTime.now()

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        Console.error(elapsed(phase))
    }

    /// The line `lap` prints, for a report rendered beside others (printed after, in order).
    mutating func elapsed(_ phase: String) -> String {
        let now = DispatchTime.now()
        defer { last = now }
        return String(format: "%8.1f ms  ", Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6) + phase
    }
}

/// What each report rendered beside the others came to: its files, its timing lines, or its error.
final class RenderResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(paths: [String], timings: [String], error: (any Error)?)]

    init(count: Int) { slots = Array(repeating: ([], [], nil), count: count) }

    func set(_ i: Int, paths: [String], timings: [String]) { lock.withLock { slots[i] = (paths, timings, nil) } }
    func fail(_ i: Int, _ error: any Error) { lock.withLock { slots[i].error = error } }
    func get(_ i: Int) -> (paths: [String], timings: [String], error: (any Error)?) { lock.withLock { slots[i] } }
}
