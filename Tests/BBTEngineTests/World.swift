import BBTNumber
import BBTEngine
import BBTTemplates
import BBTTestSupport
import Foundation

/// A small world for engine tests: a catalog from template text, a street with communities, values.
struct World {
    let catalog: Catalog
    var tree: UnitTree
    var values: FormValues

    /// Units: city 51 > district 5101 > streets 510101 (communities c1, c2, c3) and 510102 (c4).
    init(_ templates: String) {
        let c = compile(templates)
        precondition(!c.hasErrors, "\(c.diagnostics)")
        catalog = c.catalog
        let csv = """
            code,name,level,parent
            51,市,city,
            5101,区,district,51
            510101,甲街道,street,5101
            c1,一社区,community,510101
            c2,二社区,community,510101
            c3,三社区,community,510101
            510102,乙街道,street,5101
            c4,四社区,community,510102
            """
        tree = try! UnitsCSV.parse(csv, path: "units.csv").get()
        values = FormValues(fieldCount: catalog.fields.count)
    }

    mutating func set(_ unit: String, _ field: String, _ period: String, _ value: Value?) {
        values.set(unit: tree.index(of: unit)!, field: catalog.index(ofField: field)!, period: Period(period)!, value)
    }

    mutating func set(_ unit: String, _ field: String, _ period: String, _ n: Number) {
        set(unit, field, period, .number(n))
    }

    /// The same templates over another unit tree (a units CSV, `from`/`until` columns allowed).
    init(_ templates: String, units csv: String) {
        self.init(templates)
        tree = try! UnitsCSV.parse(csv, path: "units.csv").get()
        values = FormValues(fieldCount: catalog.fields.count)
    }

    /// Over the tree of the period's last month, as `bbt render` and the service make reports.
    func table(_ report: String, _ period: String, _ unit: String, rows: RowMode = .children) throws -> ReportTable {
        try ReportBuilder(catalog: catalog, tree: tree.at(Period(period)!), values: values)
            .table(report: catalog.report(report)!, period: Period(period)!, unit: tree.index(of: unit)!, rows: rows)
    }

    /// The rows as `unit: [column key: value text]`, with "∅" for empty; the total under "合计".
    func cells(_ t: ReportTable) -> [String: [String: String]] {
        func text(_ v: Value?) -> String {
            switch v {
            case nil: return "∅"
            case .number(let d)?: return d.rounded(places: 4).plainText
            case .text(let s)?: return s
            case .bool(let b)?: return b ? "true" : "false"
            case .date(let d)?: return d.description
            }
        }
        var out: [String: [String: String]] = [:]
        func row(_ values: [Value?]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: zip(t.columns.map(\.key), values.map(text)))
        }
        for r in t.rows { out[r.unit.code] = row(r.values) }
        if let total = t.total { out["合计"] = row(total) }
        return out
    }
}
