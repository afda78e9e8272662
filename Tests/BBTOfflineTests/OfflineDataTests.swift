import BBTEngine
import BBTNumber
import BBTOffline
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// The offline files as `bbt render` reads them: a units CSV and `DATA/MONTH/UNITCODE.json`.
@Suite struct OfflineDataTests {
    let catalog = compile("""
        field pop "常住人口" int min 0 stock
        field invest "投资" decimal(2) flow
        field plan "计划" int stock

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"invest\" = invest")
        + report("Q", every: "quarter", "  column \"plan\" = plan")).catalog

    /// A street with `count` communities, as a units CSV.
    func units(_ count: Int) throws -> (UnitTree, URL) {
        let dir = try TestTools.temporaryDirectory("offline")
        var csv = "code,name,level,parent\n510104001,某街道,street,\n"
        for i in 1...count { csv += "510104001\(String(format: "%03d", i)),社区\(i),community,510104001\n" }
        let path = dir.appendingPathComponent("units.csv")
        try csv.write(to: path, atomically: true, encoding: .utf8)
        return (try UnitsFile.load(path.path).get(), dir)
    }

    func write(_ json: String, _ dir: URL, month: String, unit: String) throws {
        let folder = dir.appendingPathComponent("data/\(month)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try json.write(to: folder.appendingPathComponent("\(unit).json"), atomically: true, encoding: .utf8)
    }

    @Test func theSampleDistrictLoads() throws {
        let tree = try UnitsFile.load(TestTools.path("samples/units.csv")).get()
        #expect(tree.units.filter { $0.level == .community }.count == 10)
        #expect(tree.units.filter { $0.level == .street }.map(\.name) == ["春熙路街道", "书院街街道", "合江亭街道"])
    }

    @Test func aMissingOrBrokenUnitsFileSaysWhy() throws {
        guard case .failure(.unreadable(let m)) = UnitsFile.load("/nonexistent/units.csv") else { Issue.record("read a missing file"); return }
        #expect(m.contains("/nonexistent/units.csv"))
        let dir = try TestTools.temporaryDirectory("offline")
        let latin1 = dir.appendingPathComponent("latin1.csv")
        try Data([0x63, 0x6F, 0x64, 0x65, 0xE9, 0x0A]).write(to: latin1)
        guard case .failure(.invalid(let ms)) = UnitsFile.load(latin1.path) else { Issue.record("read non-UTF-8"); return }
        #expect(ms.first?.contains("UTF-8") == true)
        let orphan = dir.appendingPathComponent("orphan.csv")
        try "code,name,level,parent\n1,区,district,\n2,社区,community,9\n".write(to: orphan, atomically: true, encoding: .utf8)
        guard case .failure(.invalid(let orphanErrors)) = UnitsFile.load(orphan.path) else { Issue.record("accepted a missing parent"); return }
        #expect(orphanErrors.contains { $0.contains("orphan.csv:3") })
    }

    @Test func valuesLandUnderTheirOwnPeriodsWithTheFormsStatus() throws {
        let (tree, dir) = try units(3)
        try write(#"{"values": {"pop": 100, "invest": 1.5, "plan": 7}}"#, dir, month: "2023-06", unit: "510104001001")
        try write(#"{"status": "draft", "values": {"pop": 90}}"#, dir, month: "2023-06", unit: "510104001002")
        let communities = tree.units(at: .community, under: 0)
        let data = OfflineData.load(directory: dir.appendingPathComponent("data").path, catalog: catalog, tree: tree,
                                    units: communities, months: [.month(2023, 6)])
        #expect(data.errors.isEmpty && data.warnings.isEmpty)
        let (pop, invest, plan) = (catalog.index(ofField: "pop")!, catalog.index(ofField: "invest")!, catalog.index(ofField: "plan")!)
        let june = Period.month(2023, 6), q2 = Period("2023-Q2")!
        #expect(data.values.value(unit: communities[0], field: pop, period: june) == .number(100))
        #expect(data.values.value(unit: communities[0], field: invest, period: june) == .number(Number("1.5")!))
        #expect(data.values.value(unit: communities[0], field: plan, period: q2) == .number(7))
        #expect(data.values.value(unit: communities[0], field: plan, period: june) == nil)
        #expect(data.values.status(unit: communities[0], month: june) == .submitted)
        #expect(data.values.status(unit: communities[1], month: june) == .draft)
        // No file: no values, and empty rather than zero.
        #expect(data.values.value(unit: communities[2], field: pop, period: june) == nil)
        #expect(data.values.status(unit: communities[2], month: june) == .empty)
    }

    @Test func badValuesAreErrorsAndUnknownFieldsWarningsNamingTheFile() throws {
        let (tree, dir) = try units(2)
        try write(#"{"values": {"pop": -1, "invest": "many"}}"#, dir, month: "2023-05", unit: "510104001001")
        try write(#"{"values": {"pop": 5, "nonsense": 1, "plan": 3}}"#, dir, month: "2023-05", unit: "510104001002")
        let data = OfflineData.load(directory: dir.appendingPathComponent("data").path, catalog: catalog, tree: tree,
                                    units: tree.units(at: .community, under: 0), months: [.month(2023, 5)])
        #expect(data.errors.count == 2)
        #expect(data.errors.allSatisfy { $0.contains("2023-05/510104001001.json") })
        #expect(data.warnings.count == 2, "an unknown field, and a quarterly field on a month that does not end the quarter")
        #expect(data.warnings.allSatisfy { $0.contains("2023-05/510104001002.json") })
    }

    @Test func readingOnEveryCoreGivesWhatOneCoreGives() throws {
        let (tree, dir) = try units(300)
        let communities = tree.units(at: .community, under: 0)
        for (i, u) in communities.enumerated() {
            try write("{\"values\": {\"pop\": \(1000 + i), \"invest\": \(i).25}}", dir, month: "2023-04", unit: tree[u].code)
        }
        let all = OfflineData.load(directory: dir.appendingPathComponent("data").path, catalog: catalog, tree: tree,
                                   units: communities, months: [.month(2023, 4)])
        let pop = catalog.index(ofField: "pop")!
        for (i, u) in communities.enumerated() {
            let one = OfflineData.load(directory: dir.appendingPathComponent("data").path, catalog: catalog, tree: tree,
                                       units: [u], months: [.month(2023, 4)])
            #expect(one.values.value(unit: u, field: pop, period: .month(2023, 4)) == .number(Number(1000 + i)))
            #expect(all.values.value(unit: u, field: pop, period: .month(2023, 4)) == .number(Number(1000 + i)))
        }
    }
}
