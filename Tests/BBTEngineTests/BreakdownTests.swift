import BBTNumber
import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// Figures broken down: only cells are stored; a report's total and slices are sums of cells, time
/// first, then units, and one empty cell leaves the figure empty.
@Suite struct BreakdownTests {
    static let templates = """
        dimension sex "性别" { male "男", female "女" }
        dimension age "年龄段" {
          young "0-59岁", a60_79 "60-79岁", a80 "80岁及以上"
          group a60 "60岁及以上" = a60_79, a80
        }
        field pop "户籍人口" int min 0 stock by sex, age
        field visits "服务人次" int min 0 flow by sex * age
        computed old_share "老年人口占比" = pct(pop[age.a60], pop) decimal(1)

        """ + report("Q", every: "quarter", """
              columns pop by sex total "合计"
              column "60岁及以上" = pop[age.a60]
              column old_share "老年占比" = old_share
              column "服务人次" = visits
              column "女性服务" = visits[sex.female]
              column women_old "女性80岁以上" = visits[sex.female, age.a80]
              column women_ytd "女性累计" = ytd(visits[sex.female])
            """)
        + report("M", every: "month", "  column \"男\" = pop[sex.male]\n  column \"男性服务\" = visits[sex.male]")

    func world() -> World {
        var w = World(BreakdownTests.templates)
        for (unit, scale) in [("c1", 1), ("c2", 10)] {
            for (cell, n) in [("sex.male", 40), ("sex.female", 60), ("age.young", 70), ("age.a60_79", 20), ("age.a80", 10)] {
                w.set(unit, "pop[\(cell)]", "2023-06", Number(n * scale))
            }
            for month in ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"] {
                for sex in ["male", "female"] {
                    for age in ["young", "a60_79", "a80"] { w.set(unit, "visits[sex.\(sex),age.\(age)]", month, Number(scale)) }
                }
            }
        }
        return w
    }

    @Test func totalsAndSlicesAreSumsOfCellsOverTimeAndUnits() throws {
        let w = world()
        let rows = w.cells(try w.table("Q", "2023-Q2", "510101"))
        let c1 = try #require(rows["c1"])
        #expect(c1["pop"] == "100" && c1["pop_male"] == "40" && c1["pop_female"] == "60")
        #expect(c1["pop_a60"] == "30" && c1["old_share"] == "30")
        // Three months of six cells, one each; women: three cells a month.
        #expect(c1["visits"] == "18" && c1["visits_female"] == "9" && c1["women_old"] == "3" && c1["women_ytd"] == "18")
        let street = try #require(rows["合计"])
        #expect(street["pop"] == "1100" && street["pop_a60"] == "330" && street["visits_female"] == "99")
        // Re-evaluated on the merged cells, never an average of the communities' shares.
        #expect(street["old_share"] == "30")
    }

    @Test func oneEmptyCellLeavesItsFiguresEmpty() throws {
        var w = world()
        w.set("c1", "pop[age.a80]", "2023-06", nil)
        let c1 = try #require(w.cells(try w.table("Q", "2023-Q2", "c1"))["c1"])
        // The total is the first breakdown's (性别), which is whole; the age slice is not.
        #expect(c1["pop"] == "100" && c1["pop_male"] == "40")
        #expect(c1["pop_a60"] == "∅" && c1["old_share"] == "∅")
    }
}
