import BBTTemplates
import BBTTestSupport
import Testing

@Suite struct BurdenTests {
    /// The worked example of dsl.md: 28 entries by hand, 24 with the one form.
    @Test func theSpecExampleGivesItsWorkedFigures() throws {
        let sources = try TemplateLoader.load(Golden.input("valid", "spec_example"))
        let c = Compiler.compile(sources)
        #expect(c.catalog.fields.count == 4)
        #expect(c.catalog.computed.count == 1)
        #expect(c.catalog.rules.count == 1)
        #expect(c.catalog.reports.count == 2)
        let b = c.catalog.burden
        #expect(b.manualEntries == 28)
        #expect(b.formEntries == 24)
        #expect(abs(b.reduction - (1 - 24.0 / 28.0)) < 1e-12)
    }

    /// The same example with 常住人口 supplied by 公安: nothing else changes, 4 entries a year are
    /// provided, 20 typed (dsl.md's worked figures).
    @Test func aSuppliedFieldIsCheckedNotTyped() throws {
        let c = Compiler.compile(try TemplateLoader.load(Golden.input("valid", "spec_example_sources")))
        #expect(!c.hasErrors)
        let b = c.catalog.burden
        #expect(b.manualEntries == 28 && b.formEntries == 24)
        #expect(b.providedEntries == 4 && b.typedEntries == 20)
        #expect(abs(b.typedReduction - (1 - 20.0 / 28.0)) < 1e-12)
        #expect(c.catalog.sources.map { "\($0.id) \($0.name)" } == ["gongan 成都市公安局"])
        #expect(c.catalog.field("pop_resident")?.source == "gongan" && c.catalog.field("households")?.source == nil)
    }

    /// dsl.md's worked figures with a breakdown: 常住人口 by 性别, R01 also asking its two slices.
    /// R01 refers to 6 figures (the total and its two slices, 户数, 党员人数, 完工数): 24 a year, and
    /// `manualEntries` = 36; 常住人口 is collected as 2 cells a quarter: `formEntries` = 28.
    @Test func aBreakdownCountsFiguresByHandAndCellsOnTheForm() throws {
        let c = Compiler.compile(try TemplateLoader.load(Golden.input("valid", "spec_example_breakdown")))
        #expect(!c.hasErrors)
        let b = c.catalog.burden
        #expect(b.manualEntries == 36 && b.formEntries == 28)
        #expect(c.catalog.declaredFieldCount == 4)
        #expect(c.catalog.fields.map(\.id) == ["pop_resident[sex.male]", "pop_resident[sex.female]", "households", "party_members",
                                                "elevators_done"])
        #expect(c.catalog.fields[0].label == "常住人口 · 男" && c.catalog.fields[0].cellOf == "pop_resident")
        let r01 = try #require(c.catalog.report("R01"))
        #expect(r01.columns.map(\.key) == ["pop_resident", "households", "pop_resident_male", "pop_resident_female", "party_share",
                                            "elevators", "elevators_ytd"])
        #expect(r01.columns.map(\.header)[2...3] == ["男", "女"])
        #expect(r01.figures == ["pop_resident", "households", "pop_resident[sex.male]", "pop_resident[sex.female]", "party_members",
                                "elevators_done"])
    }

    /// Two separate breakdowns and a crossed one: 6 and 8 cells, the built-in rule that the separate
    /// ones add up to the same total, figures counted once however many time functions read them.
    @Test func separateAndCrossedBreakdowns() throws {
        let c = Compiler.compile(try TemplateLoader.load(Golden.input("valid", "breakdowns")))
        #expect(!c.hasErrors)
        let b = c.catalog.burden
        // R1 yearly: total, 男, 女, 0-17岁, 60岁及以上, 户数 = 6; R2 monthly: total, 女 (ytd too), 女×60+ = 3 × 12.
        #expect(b.manualEntries == 6 + 36)
        // 户籍人口: 2 + 4 cells a year; 服务人次: 2 × 4 cells a month; 户数 once a year.
        #expect(b.formEntries == 6 + 96 + 1 && b.providedEntries == 6)
        #expect(c.catalog.rules.map(\.message) == ["户籍人口: 按性别分的合计与按年龄段分的合计不一致"])
        let older = try #require(c.catalog.report("R2")?.columns.first { $0.key == "older" })
        #expect(older.expression.source(inlining: c.catalog) == "clients[sex.female,age.a60_79] + clients[sex.female,age.a80]")
        #expect(c.catalog.breakdowns["clients"]?.cells[0].map(\.key).prefix(3)
            == ["clients[sex.male,age.a0_17]", "clients[sex.male,age.a18_59]", "clients[sex.male,age.a60_79]"])
    }

    @Test func withoutSourcesEverythingIsTyped() throws {
        let b = Compiler.compile(try TemplateLoader.load(Golden.input("valid", "spec_example"))).catalog.burden
        #expect(b.providedEntries == 0 && b.typedEntries == b.formEntries && b.typedReduction == b.reduction)
    }

    /// Hand-computed: three reports asking overlapping questions.
    ///  - R1 monthly, pop + hh + pop again (counted once) = 2 fields × 12 = 24
    ///  - R2 quarterly, pop + hh + party (via computed) + done (via ytd) = 4 × 4 = 16
    ///  - R3 yearly, pop + done = 2 × 1 = 2; and a street report that does not count.
    /// manual = 42. Collected: pop and hh monthly (R1: 24), party and done quarterly (R2: 8) = 32.
    @Test func distinctFieldsPerReportTimesPeriodsAgainstEachFieldOnce() {
        let c = compile("""
            field pop "常住人口" int stock
            field hh "户数" int stock
            field party "党员人数" int stock
            field done "完工数" int flow
            field street_only "街道数" int stock
            computed share "党员占比" = pct(party, pop) decimal(2)

            """
            + report("R1", every: "month", due: 5, "  column \"p\" = pop\n  column \"h\" = hh\n  column p2 \"p2\" = pop + 0")
            + report("R2", every: "quarter", due: 5, "  column \"p\" = pop\n  column \"h\" = hh\n  column \"share\" = share\n  column d \"d\" = ytd(done)")
            + report("R3", every: "year", due: 5, "  column \"p\" = pop\n  column \"done\" = done")
            + report("S1", every: "month", level: "street", due: 5, "  column \"s\" = street_only"))
        #expect(!c.hasErrors, "\(rendered(c))")
        let b = c.catalog.burden
        #expect(b.level == .community)
        #expect(b.manualEntries == 42)
        #expect(b.formEntries == 32)
        #expect(abs(b.reduction - (1 - 32.0 / 42.0)) < 1e-12)
    }

    @Test func withoutCommunityReportsTheLowestFillingLevelCounts() {
        let c = compile("""
            field a "甲" int stock
            field b "乙" int flow

            """
            + report("S", every: "quarter", level: "street", due: 5, "  column \"a\" = a\n  column \"b\" = b")
            + report("D", every: "year", level: "district", due: 5, "  column \"a\" = a"))
        let b = c.catalog.burden
        #expect(b.level == .street)
        #expect(b.manualEntries == 8)
        #expect(b.formEntries == 8)
        #expect(b.reduction == 0)
    }

    @Test func noReportsMeansNoBurden() {
        let c = compile("field a \"甲\" int stock every month\n")
        #expect(c.catalog.burden.manualEntries == 0)
        #expect(c.catalog.burden.formEntries == 12)
        #expect(c.catalog.burden.reduction == 0)
    }
}
