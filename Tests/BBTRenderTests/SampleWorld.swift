import BBTEngine
import BBTOffline
import BBTRender
import BBTTemplates
import BBTTestSupport
import Foundation

/// FormTemplates with the demo district of samples/, loaded once for all render tests.
struct SampleWorld: Sendable {
    let catalog: Catalog
    let tree: UnitTree
    let values: FormValues

    static let shared: SampleWorld = {
        let sources = try! TemplateLoader.load(TestTools.path("FormTemplates"))
        let compilation = Compiler.compile(sources)
        precondition(!compilation.hasErrors)
        let tree = try! UnitsFile.load(TestTools.path("samples/units.csv")).get()
        let months = (1...12).map { Period.month(2023, $0) }
        let data = OfflineData.load(directory: TestTools.path("samples/data"), catalog: compilation.catalog, tree: tree,
                                    units: Array(tree.units.indices), months: months)
        precondition(data.errors.isEmpty && data.warnings.isEmpty, "\(data.errors) \(data.warnings)")
        return SampleWorld(catalog: compilation.catalog, tree: tree, values: data.values)
    }()

    /// 2023-07-05 10:00 in Chengdu.
    static let generated = Generated(Date(timeIntervalSince1970: 1_688_522_400))

    func table(_ report: String, _ period: String, _ unit: String, rows: RowMode = .children) throws -> ReportTable {
        try ReportBuilder(catalog: catalog, tree: tree, values: values)
            .table(report: catalog.report(report)!, period: Period(period)!, unit: tree.index(of: unit)!, rows: rows)
    }

    /// Every report due in June 2023 for the district (both row modes), a street and a community.
    func allJuneTables() throws -> [(name: String, table: ReportTable, mode: RowMode)] {
        var out: [(String, ReportTable, RowMode)] = []
        for (unit, modes) in [("510104", [RowMode.children, .leaf]), ("510104002", [.children]), ("510104001002", [.children])] {
            let u = tree.index(of: unit)!
            for (r, p) in catalog.reportsDue(at: Period("2023-06")!, for: tree[u].level) {
                for m in modes { out.append(("\(unit)-\(r.id)-\(m.rawValue)", try table(r.id, p.description, unit, rows: m), m)) }
            }
        }
        return out
    }
}
