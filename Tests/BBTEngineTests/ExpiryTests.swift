import BBTEngine
import BBTNumber
import BBTTemplates
import BBTTestSupport
import Testing

/// `valid_until` binds: an expired report is not due, leaves the one form, and the fields it alone
/// asked for monthly fall back to how the reports still valid ask for them.
@Suite struct ExpiryTests {
    static let templates = """
        field done "完工数" int flow
        field pop "常住人口" int stock
        field only_m "月报专有" int stock
        field kept "保留" int stock every month

        report M "月报" {
          form_no "测M表"
          authority "测试机关"
          valid_until "2024-05"
          every month
          filled_by community
          column "done" = done
          column "pop" = pop
          column "only" = only_m
          column "kept" = kept
        }

        report Q "季报" {
          form_no "测Q表"
          authority "测试机关"
          every quarter
          filled_by community
          column "done" = done
          column "pop" = pop
        }

        report Y "年报" {
          form_no "测Y表"
          authority "测试机关"
          every year
          filled_by community
          column "done" = done
          column "pop" = pop
        }

        """

    func form(_ month: String, _ catalog: Catalog) -> [String] {
        OneForm(catalog: catalog, month: Period(month)!, level: .community).entries.map { "\($0.field.id)@\($0.period)" }
    }

    @Test func anExpiredReportLeavesTheFormAndItsFieldsFollowTheReportsStillValid() {
        let c = World(ExpiryTests.templates).catalog
        #expect(form("2024-05", c) == ["done@2024-05", "pop@2024-05", "only_m@2024-05", "kept@2024-05"])
        // June ends Q2, after M's last month: done and pop are now quarterly, only_m is gone, and
        // kept stays monthly by its own `every`.
        #expect(form("2024-06", c) == ["done@2024-Q2", "pop@2024-Q2", "kept@2024-06"])
        #expect(form("2024-07", c) == ["kept@2024-07"])
        #expect(form("2025-12", c) == ["done@2025-Q4", "pop@2025-Q4", "kept@2025-12"])
    }

    @Test func anExpiredReportIsNotDueAndAskingForItNamesTheDate() {
        let c = World(ExpiryTests.templates).catalog
        #expect(c.reportsDue(at: Period("2024-05")!, for: .community).map(\.0.id) == ["M"])
        #expect(c.reportsDue(at: Period("2024-06")!, for: .community).map(\.0.id) == ["Q"])
        #expect(c.reportsDue(at: Period("2024-12")!, for: .street).map(\.0.id) == ["Q", "Y"])
        #expect(c.reportsDue(at: Period("2024-07")!, for: .community).isEmpty)
        let m = c.report("M")!
        #expect(m.expiry(for: Period("2024-05")!) == nil)
        #expect(m.expiry(for: Period("2024-06")!) == "报表 M 的有效期至 2024年5月, 报告期 2024年6月 已过有效期, 不再填报")
    }

    /// 2024's done: January–May monthly, then Q2 (stored whole in June's form), Q3, Q4.
    @Test func aYearAcrossTheExpiryAddsEachPartAtTheFrequencyItWasCollectedAt() throws {
        var w = World(ExpiryTests.templates)
        for m in 1...5 { w.set("c1", "done", "2024-0\(m)", Number(m)); w.set("c1", "pop", "2024-0\(m)", 100) }
        w.set("c1", "done", "2024-Q2", 50)
        w.set("c1", "done", "2024-Q3", 60)
        w.set("c1", "done", "2024-Q4", 70)
        w.set("c1", "pop", "2024-Q4", 130)
        let year = w.cells(try w.table("Y", "2024", "c1"))["c1"]!
        #expect(year["done"] == "186")      // (1+2+3) + 50 + 60 + 70: Q1 from its months, then quarters
        #expect(year["pop"] == "130")
        let q1 = w.cells(try w.table("Q", "2024-Q1", "c1"))["c1"]!
        #expect(q1["done"] == "6")
        let q2 = w.cells(try w.table("Q", "2024-Q2", "c1"))["c1"]!
        #expect(q2["done"] == "50")         // April and May were monthly, but June's form holds Q2
        w.set("c1", "done", "2024-Q3", nil)
        #expect(w.cells(try w.table("Y", "2024", "c1"))["c1"]!["done"] == "∅")
    }

    @Test func theBurdenOfAYearCountsOnlyTheReportsValidInIt() {
        let c = compile(ExpiryTests.templates)
        let all = c.catalog.burden
        #expect(all.manualEntries == 12 * 4 + 4 * 2 + 1 * 2)
        let later = c.catalog.burden(year: 2025)
        #expect(later.manualEntries == 4 * 2 + 1 * 2)
        #expect(later.formEntries == 4 * 2 + 12)        // done, pop quarterly; kept monthly by `every`
        #expect(c.catalog.burden(year: 2024) == all)    // M is valid in some month of 2024
        #expect(rendered(c.counting(year: 2025)).contains(
            "t.bbt:9:15: warning: 报表 M 的有效期至 2024-05 已在 2025 年之前结束, 不计入 2025 年的填报量"))
        #expect(!rendered(c.counting(year: 2024)).contains { $0.contains("有效期至") })
    }
}
