import BBTEngine
import BBTNumber
import BBTTemplates
import BBTTestSupport
import Testing

/// The unit tree changes over time (村级建制调整): a report for a period is made over the tree of the
/// period's last month, so a report of an earlier period comes out as it did then.
@Suite struct UnitTimeTests {
    static let templates = """
        field pop "常住人口" int stock
        field done "完工数" int flow

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"done\" = done")
        + report("Q", every: "quarter", "  column \"pop\" = pop\n  column \"done\" = done")

    /// 大慈寺 (d) closed after June 2023, taken over by 镋钯街 (t); 新社区 (n) opened in July 2023.
    static let units = """
        code,name,level,parent,from,until
        51,市,city,,,
        5101,区,district,51,,
        510101,书院街街道,street,5101,,
        t,镋钯街社区,community,510101,,
        d,大慈寺社区,community,510101,,2023-06
        n,新社区,community,510101,2023-07,
        """

    func world() -> World {
        var w = World(UnitTimeTests.templates, units: UnitTimeTests.units)
        for m in 4...9 {
            let month = "2023-0\(m)"
            w.set("t", "pop", month, 100)
            w.set("t", "done", month, 1)
            if m <= 6 { w.set("d", "pop", month, 50); w.set("d", "done", month, 2) }
            if m >= 7 { w.set("t", "pop", month, 150); w.set("n", "pop", month, 30); w.set("n", "done", month, 5) }
        }
        return w
    }

    @Test func aQuarterBeforeTheMergerHasBothCommunitiesAndTheOneAfterOnlyTheMergedOne() throws {
        let w = world()
        let q2 = w.cells(try w.table("Q", "2023-Q2", "510101", rows: .leaf))
        #expect(Set(q2.keys) == ["t", "d", "合计"])
        #expect(q2["合计"] == ["pop": "150", "done": "9"])          // 100 + 50; 3 + 6
        let q3 = w.cells(try w.table("Q", "2023-Q3", "510101", rows: .leaf))
        #expect(Set(q3.keys) == ["t", "n", "合计"])
        #expect(q3["合计"] == ["pop": "180", "done": "18"])         // 150 + 30; 3 + 15
    }

    @Test func anEarlierPeriodRenderedLaterComesOutAsItDidThen() throws {
        var w = world()
        let before = w.cells(try w.table("Q", "2023-Q2", "510101", rows: .leaf))
        // Months later, more data for later months does not touch the second quarter.
        for m in 10...12 { w.set("t", "pop", "2023-\(m)", 999) }
        #expect(w.cells(try w.table("Q", "2023-Q2", "510101", rows: .leaf)) == before)
        // 大慈寺's values are still stored; only the trees after June leave it out.
        #expect(w.values.value(unit: w.tree.index(of: "d")!, field: 0, period: Period("2023-06")!) == .number(50))
        #expect(w.cells(try w.table("M", "2023-06", "d"))["d"]?["pop"] == "50")
    }

    @Test func theTreeOfAMonthKnowsWhoExistsAndTheirNamesAndParentsThen() throws {
        let base = try UnitsCSV.parse(UnitTimeTests.units + "\ns2,第二街道,street,5101,,\n", path: "units.csv").get()
        let t = base.index(of: "t")!, s2 = base.index(of: "s2")!, street = base.index(of: "510101")!
        // 镋钯街 renamed from 2024-01 and moved to 第二街道 from 2024-07.
        let tree = UnitTree(units: base.units, spans: base.spans, changes: [
            UnitChange(unit: t, from: MonthNumber.of(year: 2024, month: 1), name: "镋钯街新社区"),
            UnitChange(unit: t, from: MonthNumber.of(year: 2024, month: 7), parent: s2),
        ])
        let june23 = tree.at(Period("2023-06")!), july23 = tree.at(Period("2023-07")!)
        #expect(june23.units(at: .community, under: street).map { june23[$0].code } == ["d", "t"])
        #expect(july23.units(at: .community, under: street).map { july23[$0].code } == ["n", "t"])
        #expect(!tree.exists(tree.index(of: "d")!, in: Period("2023-07")!) && tree.exists(tree.index(of: "d")!, in: Period("2023-06")!))
        #expect(!tree.exists(tree.index(of: "n")!, in: Period("2023-06")!))
        let march24 = tree.at(Period("2024-Q1")!)
        #expect(march24[t].name == "镋钯街新社区" && march24[t].parent == street)
        let q3 = tree.at(Period("2024-Q3")!)
        #expect(q3[t].parent == s2 && q3.units(at: .community, under: s2) == [t])
        #expect(!q3.units(at: .community, under: street).contains(t))
        // The Q2 2024 report of the first street still has it, under its new name.
        #expect(tree.at(Period("2024-Q2")!).units(at: .community, under: street).contains(t))
        // Indices never change: values read the same in every month's tree.
        #expect(q3.index(of: "d") == base.index(of: "d"))
    }

    @Test func unitsCSVChecksTheMonths() {
        func problems(_ rows: String) -> [String] {
            switch UnitsCSV.parse("code,name,level,parent,from,until\n51,市,city,,,\n" + rows, path: "u.csv") {
            case .success: return []
            case .failure(let e): return e.messages
            }
        }
        #expect(problems("s,街道,street,51,2023-7,\n") == ["u.csv:3: from 应为 YYYY-MM (如 2023-07) 或留空, 却是 \"2023-7\""])
        #expect(problems("s,街道,street,51,2023-08,2023-07\n") == ["u.csv:3: until (2023-07) 早于 from (2023-08)"])
        #expect(problems("s,街道,street,51,,2023-06\nc,社区,community,s,,\n") == ["u.csv:4: c 存在的月份超出了上级 s 存在的月份 (from/until)"])
        #expect(problems("s,街道,street,51,2023-01,\nc,社区,community,s,2023-03,2023-05\n").isEmpty)
        // Without the two columns, every unit exists in every month.
        let old = try! UnitsCSV.parse("code,name,level,parent\n51,市,city,\n", path: "u.csv").get()
        #expect(old.isTimeless)
    }
}
