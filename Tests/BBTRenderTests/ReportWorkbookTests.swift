import BBTEngine
import BBTRender
import BBTTemplates
import BBTTestSupport
import BBTXLSX
import Foundation
import Testing

@Suite(.serialized) struct ReportWorkbookTests {
    let world = SampleWorld.shared

    func xlsx(_ table: ReportTable) throws -> [UInt8] {
        try ReportWorkbook.write(table, rules: world.catalog.rules, generated: SampleWorld.generated, to: MemorySink()).bytes
    }

    /// Writes every June report to a folder; returns (file, table) pairs.
    func writeAll(to dir: URL) throws -> [(String, ReportTable)] {
        try world.allJuneTables().map { name, table, _ in
            let path = dir.appendingPathComponent("\(name).xlsx").path
            try Data(try xlsx(table)).write(to: URL(fileURLWithPath: path))
            return (path, table)
        }
    }

    /// What a cell should read as in a spreadsheet program.
    static func expected(_ v: Value?, _ c: Column) -> String {
        switch v {
        case nil: return "∅"
        case .number(let d)?:
            let places: Int?
            switch c.type {
            case .integer, .bool: places = 0
            case .decimal(let p): places = p
            default: places = nil
            }
            // Through the decimal text: NSDecimalNumber's doubleValue is not always the nearest double.
            return "\(Double((places.map { d.rounded(places: $0) } ?? d).plainText)!)"
        case .bool(let b)?: return b ? "是" : "否"
        case .date(let d)?: return d.description
        case .text(let s)?: return s
        }
    }

    static func seen(_ any: Any?) -> String {
        switch any {
        case nil, is NSNull: return "∅"
        case let s as String: return s
        case let n as NSNumber: return "\(n.doubleValue)"
        default: return "\(any!)"
        }
    }

    @Test func openpyxlReadsEverySampleWorkbookAsTheReportSays() throws {
        let python = try #require(TestTools.pythonWithOpenpyxl, "install python3-openpyxl")
        let dir = try TestTools.temporaryDirectory("openpyxl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try writeAll(to: dir)
        let r = try TestTools.run(python, [TestTools.path("Tests/BBTRenderTests/read_xlsx.py")] + written.map(\.0))
        #expect(r.status == 0, "\(r.stderr)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]])
        for (path, table) in written {
            let book = try #require(all[path])
            let rows = try #require(book["rows"] as? [[Any]])
            #expect(rows[0].first as? String == table.report.title)
            #expect(book["orientation"] as? String == "landscape")
            #expect(book["paperSize"] as? Int == 9)
            #expect(book["fitToWidth"] as? Int == 1)
            let designator = try #require(rows.firstIndex { $0.first as? String == "甲" }, "\(path)")
            #expect(rows[designator][1] as? String == "乙")
            #expect(rows[designator].dropFirst(2).map { ($0 as? NSNumber)?.intValue } == Array(1...table.columns.count))
            #expect(book["freeze"] as? String == "C\(designator + 2)")
            #expect((book["printTitleRows"] as? String)?.hasSuffix(":$\(designator + 1)") == true)
            var expectedRows = table.rows.map { ($0.unit.name, $0.unit.code, $0.values) }
            if let total = table.total { expectedRows.append(("合计", "", total)) }
            for (k, (name, code, values)) in expectedRows.enumerated() {
                let row = rows[designator + 1 + k]
                #expect(row[0] as? String == name)
                #expect(ReportWorkbookTests.seen(row[1]) == (code.isEmpty ? "∅" : code), "codes are text")
                for (j, c) in table.columns.enumerated() {
                    #expect(ReportWorkbookTests.seen(row[2 + j]) == ReportWorkbookTests.expected(values[j], c),
                            "\(path) \(name) \(c.key)")
                }
            }
            let footer = rows[designator + 1 + expectedRows.count]
            #expect((footer[0] as? String)?.hasPrefix("单位负责人") == true)
        }
    }

    @Test func libreOfficeOpensEverySampleWorkbook() throws {
        let soffice = try #require(TestTools.soffice, "install libreoffice-calc-nogui")
        let dir = try TestTools.temporaryDirectory("soffice")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try writeAll(to: dir).filter { $0.0.contains("510104-") }
        let out = dir.appendingPathComponent("csv")
        let profile = dir.appendingPathComponent("profile").path
        let r = try TestTools.run(soffice, ["-env:UserInstallation=file://\(profile)", "--headless", "--convert-to",
                                            "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out.path] + written.map(\.0))
        #expect(r.status == 0, "\(r.stderr)")
        for (path, table) in written {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".csv"
            let csv = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            let lines = csv.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix(table.report.title) == true, "\(name)")
            let designator = try #require(lines.firstIndex { $0.hasPrefix("甲,乙,1") }, "\(name)")
            for (k, row) in table.rows.enumerated() {
                #expect(lines[designator + 1 + k].hasPrefix("\(row.unit.name),\(row.unit.code),"), "\(name)")
            }
            if table.total != nil { #expect(lines[designator + 1 + table.rows.count].hasPrefix("合计,")) }
        }
    }

    @Test func textThatLooksLikeAFormulaStaysText() throws {
        let c = compile("""
            field note "备注" text
            report R "表" {
              form_no "测01表"
              authority "测试"
              every month
              filled_by community
              column "备注" = note
            }
            """)
        let tree = try UnitsCSV.parse("code,name,level,parent\n1,=HYPERLINK(\"x\"),community,\n", path: "u.csv").get()
        var values = FormValues(fieldCount: 1)
        values.set(unit: 0, field: 0, period: Period("2023-06")!, .text("=1+1"))
        let table = try ReportBuilder(catalog: c.catalog, tree: tree, values: values)
            .table(report: c.catalog.report("R")!, period: Period("2023-06")!, unit: 0)
        let dir = try TestTools.temporaryDirectory("formula")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.xlsx").path
        try Data(try ReportWorkbook.write(table, rules: [], generated: SampleWorld.generated, to: MemorySink()).bytes)
            .write(to: URL(fileURLWithPath: path))
        let sheet = try ZipReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))))[0].text
        #expect(!sheet.contains("<f>"))
        let python = try #require(TestTools.pythonWithOpenpyxl)
        let r = try TestTools.run(python, [TestTools.path("Tests/BBTRenderTests/read_xlsx.py"), path])
        let book = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]])?[path])
        let rows = try #require(book["rows"] as? [[Any]])
        let types = try #require(book["types"] as? [[String]])
        let last = try #require(rows.firstIndex { $0.first as? String == "=HYPERLINK(\"x\")" })
        #expect(rows[last][2] as? String == "=1+1")
        #expect(types[last][0] == "s" && types[last][2] == "s")
        #expect((book["quotePrefix"] as? [String])?.contains("C\(last + 1)") == true)
    }
}
