import BBTNumber
import BBTEngine
import BBTTemplates
import Foundation
import Testing

/// A province above its cities (issue 26): units files may have one as their root, its reports are
/// merged by city, and a province never sits below a city.
@Suite struct ProvinceTests {
    static let units = """
        code,name,level,parent
        5,四川省,province,
        51,甲市,city,5
        5101,甲区,district,51
        510101,甲街道,street,5101
        c1,一社区,community,510101
        c2,二社区,community,510101
        52,乙市,city,5
        5201,乙区,district,52
        520101,乙街道,street,5201
        c3,三社区,community,520101
        """

    @Test func aProvinceMergesItsCitiesReportsAndRecomputesPercentages() throws {
        var w = World("""
            field pop "常住人口" int stock
            field done "完成数" int flow
            report Q "季报" {
              form_no "测01表"
              authority "测试机关"
              every quarter  due 10  filled_by community
              column "pop" = pop
              column "done" = done
              column share "占比" = pct(done, pop)
            }
            """, units: Self.units)
        // Only a quarterly report uses them, so they are collected by quarter.
        for (unit, pop, done) in [("c1", 1000, 30), ("c2", 3000, 270), ("c3", 500, 50)] {
            w.set(unit, "pop", "2023-Q3", Number(mantissa: Int64(pop), scale: 0))
            w.set(unit, "done", "2023-Q3", Number(mantissa: Int64(done), scale: 0))
        }
        let t = try w.table("Q", "2023-Q3", "5")
        let cells = w.cells(t)
        #expect(t.rows.map(\.unit.code) == ["51", "52"], "\(cells)")
        #expect(cells["51"]?["pop"] == "4000" && cells["51"]?["done"] == "300" && cells["51"]?["share"] == "7.5", "\(cells)")
        #expect(cells["52"]?["share"] == "10")
        // 合计: pct of the merged inputs (350 / 4500), never the cities' percentages added up.
        #expect(cells["合计"]?["pop"] == "4500" && cells["合计"]?["done"] == "350" && cells["合计"]?["share"] == "7.7778")
    }

    @Test func aProvinceIsNeverBelowACity() {
        let csv = "code,name,level,parent\n51,市,city,\n5,省,province,51\n"
        guard case .failure(let e) = UnitsCSV.parse(csv, path: "units.csv") else {
            Issue.record("a province under a city was accepted")
            return
        }
        #expect(e.messages == ["units.csv:3: 上级 51 是市, 不能是省的上级"])
    }
}
