import BBTNumber
import BBTEngine
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

@Suite struct AggregationTests {
    static let templates = """
        field pop "常住人口" int stock
        field done "完工数" int flow
        field party "党员人数" int stock
        field score "满意度" decimal(1) stock merge avg
        field ok "达标" bool
        field kind "类型" choice("城镇", "农村")

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"done\" = done\n  column \"party\" = party\n  column \"score\" = score\n  column \"ok\" = ok\n  column \"kind\" = kind")
        + report("Q", every: "quarter", """
              column "pop" = pop
              column "done" = done
              column dytd "本年累计" = ytd(done)
              column dprev "上期" = prev(done)
              column dly "上年同期" = prev_year(done)
              column share "党员占比" = pct(party, pop)
            """)
        + report("Y", every: "year", "  column \"pop\" = pop\n  column \"done\" = done")

    /// c1 fills every month of 2023 with pop 100+m and done m; c2 misses May.
    func world() -> World {
        var w = World(AggregationTests.templates)
        for m in 1...12 {
            let month = m < 10 ? "2023-0\(m)" : "2023-\(m)"
            w.set("c1", "pop", month, Number(100 + m))
            w.set("c1", "done", month, Number(m))
            w.set("c1", "party", month, 10)
            if m != 5 {
                w.set("c2", "pop", month, 200)
                w.set("c2", "done", month, 1)
                w.set("c2", "party", month, 30)
            }
        }
        w.set("c1", "done", "2022-06", 4)
        w.set("c1", "done", "2022-05", 4)
        w.set("c1", "done", "2022-04", 4)
        return w
    }

    @Test func stocksTakeTheLastMonthAndFlowsAddOverAQuarterAndAYear() throws {
        let w = world()
        let q2 = w.cells(try w.table("Q", "2023-Q2", "c1"))["c1"]!
        #expect(q2["pop"] == "106")                 // June's stock
        #expect(q2["done"] == "15")                 // 4 + 5 + 6
        let year = w.cells(try w.table("Y", "2023", "c1"))["c1"]!
        #expect(year["pop"] == "112")
        #expect(year["done"] == "78")               // 1 + … + 12
    }

    @Test func aMissingMonthEmptiesFlowsOverItButNotALaterStock() throws {
        let w = world()
        let c2 = w.cells(try w.table("Q", "2023-Q2", "c2"))["c2"]!
        #expect(c2["done"] == "∅")                  // May is missing
        #expect(c2["pop"] == "200")                 // June is there
        #expect(c2["dytd"] == "∅")                  // ytd across the missing month
        let q3 = w.cells(try w.table("Q", "2023-Q3", "c2"))["c2"]!
        #expect(q3["done"] == "3")
        #expect(q3["dytd"] == "∅")
        #expect(q3["dprev"] == "∅")                 // Q2 had the gap
    }

    @Test func timeFunctionsOnAFillingUnit() throws {
        let w = world()
        let c1 = w.cells(try w.table("Q", "2023-Q2", "c1"))["c1"]!
        #expect(c1["dytd"] == "21")                 // 1 + … + 6
        #expect(c1["dprev"] == "6")                 // Q1: 1 + 2 + 3
        #expect(c1["dly"] == "12")                  // 2022-Q2: 4 + 4 + 4
    }

    @Test func aPercentageAboveTheFillingLevelComesFromSummedInputs() throws {
        let w = world()
        let t = w.cells(try w.table("Q", "2023-Q1", "510101"))
        // c1: 10 of 103 (9.71%), c2: 30 of 200 (15%): the street is 40 of 303, not the mean of rates.
        #expect(t["c1"]!["share"] == "9.7087")
        #expect(t["c2"]!["share"] == "15")
        #expect(t["合计"]!["share"] == "13.2013")
        #expect(t["合计"]!["pop"] == "303")
    }

    @Test func averagesAndCountsAreMergedFromTheFillingUnitsNotFromMergedRows() throws {
        var w = world()
        // Street 甲 has three scores (avg 2), street 乙 one (4): the district is 2.5, not (2 + 4) / 2.
        w.set("c1", "score", "2023-03", 1)
        w.set("c2", "score", "2023-03", 2)
        w.set("c3", "score", "2023-03", 3)
        w.set("c4", "score", "2023-03", 4)
        w.set("c1", "ok", "2023-03", .bool(true))
        w.set("c2", "ok", "2023-03", .bool(false))
        w.set("c4", "ok", "2023-03", .bool(true))
        let t = w.cells(try w.table("M", "2023-03", "5101"))
        #expect(t["510101"]!["score"] == "2")
        #expect(t["510102"]!["score"] == "4")
        #expect(t["合计"]!["score"] == "2.5")
        #expect(t["510101"]!["ok"] == "1")         // a merged bool counts the units with 是
        #expect(t["合计"]!["ok"] == "2")
        let leaf = w.cells(try w.table("M", "2023-03", "5101", rows: .leaf))
        #expect(leaf.keys.sorted() == ["c1", "c2", "c3", "c4", "合计"])
        #expect(leaf["c2"]!["ok"] == "false")
    }

    @Test func emptyIsNotZero() throws {
        var w = world()
        w.set("c3", "done", "2023-03", 0)
        let t = w.cells(try w.table("M", "2023-03", "510101"))
        #expect(t["c3"]!["done"] == "0")
        #expect(t["c3"]!["pop"] == "∅")
        // The street sums the units that have a value; all empty stays empty.
        #expect(t["合计"]!["done"] == "4")
        #expect(t["合计"]!["score"] == "∅")
        #expect(t["合计"]!["kind"] == "∅")
        let q = w.cells(try w.table("Q", "2023-Q1", "c3"))
        #expect(q["c3"]!["share"] == "∅")          // pct of empty inputs
    }

    @Test func aDivisionByZeroIsEmpty() throws {
        var w = world()
        w.set("c3", "pop", "2023-03", 0)
        w.set("c3", "party", "2023-03", 0)
        #expect(w.cells(try w.table("Q", "2023-Q1", "c3"))["c3"]!["share"] == "∅")
    }

    @Test func rowsFollowTheTreeAndStatusesTheLastMonth() throws {
        var w = world()
        w.values.setStatus(unit: w.tree.index(of: "c1")!, month: Period("2023-06")!, .approved)
        let t = try w.table("Q", "2023-Q2", "510101")
        #expect(t.rows.map(\.unit.code) == ["c1", "c2", "c3"])
        #expect(t.rows.map(\.status) == [.approved, .empty, .empty])
        let district = try w.table("Q", "2023-Q2", "5101")
        #expect(district.rows.map(\.unit.code) == ["510101", "510102"])
        #expect(district.rows.map(\.status) == [nil, nil])
        #expect(try w.table("Q", "2023-Q2", "c1").total == nil)
    }

    @Test func aReportIsRefusedForTheWrongPeriodOrAUnitBelowItsLevel() {
        let w = world()
        #expect(throws: ReportBuilder.Refusal.self) { try w.table("Q", "2023-06", "c1") }
    }

    @Test func reportsDueAtAMonthAreThoseWhosePeriodEndsThen() {
        let w = world()
        let june = w.catalog.reportsDue(at: Period("2023-06")!, for: .community).map { "\($0.0.id) \($0.1)" }
        #expect(june == ["M 2023-06", "Q 2023-Q2"])
        let december = w.catalog.reportsDue(at: Period("2023-12")!, for: .street).map { "\($0.0.id) \($0.1)" }
        #expect(december == ["M 2023-12", "Q 2023-Q4", "Y 2023"])
        #expect(w.catalog.reportsDue(at: Period("2023-Q3")!, for: .community).map(\.0.id) == ["Q"])
    }
}

@Suite struct AverageColumnTests {
    @Test func theAverageOfWholeNumbersKeepsItsFraction() throws {
        var w = World("""
            field rooms "活动室间数" int stock merge avg

            """ + report("M", every: "month", "  column \"rooms\" = rooms"))
        w.set("c1", "rooms", "2023-03", 1)
        w.set("c2", "rooms", "2023-03", 2)
        let t = try w.table("M", "2023-03", "510101")
        #expect(t.columns[0].type == .decimal(places: 2))
        #expect(w.cells(t)["合计"]!["rooms"] == "1.5")
    }
}
