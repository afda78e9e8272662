import BBTTemplates
import BBTTestSupport
import Testing

@Suite struct FrequencyTests {
    let fields = """
        field pop "常住人口" int stock
        field hh "户数" int stock every month
        field done "完工数" int flow
        field party "党员人数" int stock
        field grid "网格数" int stock every quarter
        field only_street "街道专报" int stock
        field spare "备用" int stock every half

        """

    func frequencies(_ c: Compilation, at level: Level = .community) -> [String: Frequency] {
        Dictionary(uniqueKeysWithValues: c.catalog.collected(at: level, month: MonthNumber.of(year: 2023, month: 6)).map { ($0.id, $0.frequency) })
    }

    @Test func aFieldIsCollectedAtTheFinestFrequencyOfTheReportsThatUseIt() {
        let c = compile(fields
            + report("Q", every: "quarter", due: 5, "  column \"p\" = pop\n  column \"d\" = done\n  column \"h\" = hh")
            + report("Y", every: "year", due: 5, "  column \"p\" = pop\n  column s \"党员占比\" = pct(party, pop)")
            + report("M", every: "month", due: 5, "  column dy \"累计\" = ytd(done)\n  column g \"网格\" = prev_year(grid)")
            + report("S", every: "month", level: "street", due: 5, "  column \"x\" = only_street\n  column \"p\" = pop"))
        #expect(!c.hasErrors, "\(rendered(c))")
        let f = frequencies(c)
        #expect(f["pop"] == .quarter)           // quarter beats year
        #expect(f["done"] == .month)            // used monthly through ytd
        #expect(f["hh"] == .month)              // its own `every` is finer than the quarterly report
        #expect(f["party"] == .year)            // through a column expression only
        #expect(f["grid"] == .month)            // through prev_year in a monthly report
        #expect(f["only_street"] == nil)        // streets fill it, communities do not
        #expect(f["spare"] == .half)            // no report: collected at its `every`
        #expect(frequencies(c, at: .street) == ["pop": .month, "only_street": .month])
    }

    @Test func aFieldReachedOnlyThroughAComputedIndicatorIsCollected() {
        let c = compile(fields + """
            computed share "占比" = pct(party, pop) decimal(2)
            computed twice "两倍" = share * 2

            """ + report("H", every: "half", due: 5, "  column \"t\" = twice"))
        let f = frequencies(c)
        #expect(f["party"] == .half)
        #expect(f["pop"] == .half)
        #expect(c.catalog.report("H")?.fields == ["party", "pop"])
    }
}
