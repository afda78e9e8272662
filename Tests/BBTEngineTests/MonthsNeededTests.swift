import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// Which months' forms a report (or one column) reads: all of a period's months for flows, the last
/// one for stocks, and the months time functions reach.
@Suite struct MonthsNeededTests {
    let world = World("""
        field pop "常住人口" int min 0 stock
        field visits "走访" int min 0 flow
        computed per "人均走访" = visits / pop decimal(2)

        """ + report("Y", every: "year", """
          column "pop" = pop
          column "visits" = visits
          column per "人均" = per
          column pop_prev "上年" = prev_year(pop)
        """))

    func months(_ formula: Formula, _ period: String) -> [String] {
        world.catalog.monthsNeeded([formula], for: Period(period)!).map(\.description)
    }

    @Test func aStockReadsThePeriodsLastMonthAndAFlowEveryMonth() {
        #expect(months(.field("pop"), "2025") == ["2025-12"])
        #expect(months(.field("visits"), "2025-Q3") == ["2025-07", "2025-08", "2025-09"])
        #expect(months(.computed("per"), "2025-Q3") == ["2025-07", "2025-08", "2025-09"], "through a computed indicator")
        #expect(months(.time(.prev_year, "pop"), "2025") == ["2024-12", "2025-12"])
        #expect(months(.time(.ytd, "pop"), "2025-06") == ["2025-06"], "ytd of a stock is its value")
        #expect(months(.time(.ytd, "visits"), "2025-Q2") == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"])
    }

    @Test func aReportReadsWhatAnyOfItsColumnsNeeds() {
        let report = world.catalog.report("Y")!
        #expect(world.catalog.monthsNeeded(report, for: Period("2025")!).count == 13, "twelve months of visits and last December")
    }
}
