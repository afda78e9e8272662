import ArgumentParser
import BBTEngine
import BBTNumber
import BBTRender
import BBTTemplates
import BBTXLSX
import BBTXML
import Foundation

/// `bbt bench slices`: a report of slice columns against one of as many plain columns, over the
/// same communities, built and written as XLSX and XML. Slices are sums of cells, so they read
/// more stored values; this says what that costs.
struct BenchSlices: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slices",
        abstract: "Build and write (XLSX + XML) a report of COLUMNS slice columns and one of COLUMNS plain columns over COMMUNITIES; print the times as JSON.")

    @Option var communities = 3_000
    @Option var columns = 60
    @Option(help: "Runs of each; the fastest counts.") var runs = 5

    func run() throws {
        guard communities > 0, columns > 0, columns % 3 == 0, runs > 0 else { throw Console.usage("--columns 应为 3 的倍数, 其余为正数") }
        // Plain: COLUMNS fields. Slices: COLUMNS / 3 fields by a 3-member dimension, each column a slice
        // of one member, so both reports have COLUMNS columns and the slice one stores as many cells.
        var plain = "", sliced = "dimension d \"分组\" { a \"甲\", b \"乙\", c \"丙\" }\n"
        var plainColumns = "", slicedColumns = ""
        for i in 0..<columns {
            plain += "field p\(i) \"指标\(i)\" int min 0 stock\n"
            plainColumns += "  column \"列\(i)\" = p\(i)\n"
        }
        for i in 0..<(columns / 3) {
            sliced += "field s\(i) \"指标\(i)\" int min 0 stock by d\n"
            slicedColumns += "  columns s\(i) by d\n"
        }
        let head = "  form_no \"测表\"\n  authority \"测试\"\n  every month\n  filled_by community\n"
        let results = try [("plain", plain + "report R \"平\" {\n" + head + plainColumns + "}\n"),
                           ("slices", sliced + "report R \"分\" {\n" + head + slicedColumns + "}\n")].map { name, text in
            (name, try time(text))
        }
        let ratio = results[1].1 / results[0].1
        print("{\"communities\": \(communities), \"columns\": \(columns), \"plainSeconds\": \(String(format: "%.4f", results[0].1)), "
              + "\"slicesSeconds\": \(String(format: "%.4f", results[1].1)), \"ratio\": \(String(format: "%.3f", ratio))}")
    }

    /// The fastest of `runs` builds and writes of the report over a street tree of the communities.
    private func time(_ templates: String) throws -> Double {
        let c = Compiler.compile(TemplateSources([SourceFile(path: "bench.bbt", text: templates)]))
        guard !c.hasErrors, let report = c.catalog.report("R") else { throw Console.usage("bench templates do not compile") }
        var csv = "code,name,level,parent\nc,市,city,\n"
        let streets = max(1, communities / 15)
        for s in 0..<streets { csv += "s\(s),街道\(s),street,c\n" }
        for u in 0..<communities { csv += "u\(u),社区\(u),community,s\(u % streets)\n" }
        let tree = try UnitsCSV.parse(csv, path: "units.csv").get()
        let month = Period.month(2023, 6)
        var values = FormValues(fieldCount: c.catalog.fields.count)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for u in tree.units.indices where tree[u].level == .community {
            values.setStatus(unit: u, month: month, .submitted)
            for f in c.catalog.fields.indices {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values.set(unit: u, field: f, period: month, .number(Number(Int(seed >> 50))))
            }
        }
        let generated = Generated(Date(timeIntervalSince1970: 1_688_522_400))
        var best = Double.infinity
        for _ in 0..<runs {
            let start = Date()
            let table = try ReportBuilder(catalog: c.catalog, tree: tree, values: values)
                .table(report: report, period: month, unit: tree.index(of: "c")!, rows: .leaf)
            _ = try ReportWorkbook.write(table, rules: c.catalog.rules, generated: generated, to: MemorySink())
            _ = try ReportXML.document(table, rows: .leaf, generated: generated)
            best = min(best, Date().timeIntervalSince(start))
        }
        return best
    }
}
