import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// 及时率: a form is due by the earliest `due` day of the reports it feeds, in the month after.
@Suite struct DeadlineTests {
    let world = World("""
        field pop "常住人口" int min 0 stock
        field plan "计划" int min 0 stock

        """ + report("M", every: "month", due: 5, "  column \"pop\" = pop")
        + report("Q", every: "quarter", due: 3, "  column \"plan\" = plan")
        + report("Y", every: "year", due: 31, "  column \"plan\" = plan"))

    func state(_ status: FormStatus, _ at: Instant?) -> FormState {
        FormState(status: status, version: 1, submittedAt: at, updatedAt: at, updatedBy: "me", reason: nil)
    }

    @Test func theEarliestDueDayOfTheReportsItFeedsInTheMonthAfter() {
        #expect(world.catalog.formDue(month: .month(2023, 5), level: .community)?.description == "2023-06-05")
        #expect(world.catalog.formDue(month: .month(2023, 6), level: .community)?.description == "2023-07-03", "the quarter's report is due first")
        // Day 31 in a month of 30 is its last day; December's form is due in January.
        #expect(world.catalog.formDue(month: .month(2023, 12), level: .community)?.description == "2024-01-03")
        #expect(world.catalog.formDue(month: .month(2023, 6), level: .street) == nil, "nothing filled at street level")
    }

    @Test func onTimeUntilTheDayEndsInChina() {
        let due = LocalDate(year: 2023, month: 7, day: 3)
        #expect(state(.submitted, "2023-07-03T15:59:59Z").punctuality(due: due) == .onTime, "23:59:59 in Chengdu")
        #expect(state(.submitted, "2023-07-03T16:00:00Z").punctuality(due: due) == .late, "midnight in Chengdu")
        #expect(state(.approved, "2023-07-01T01:00:00Z").punctuality(due: due) == .onTime)
        #expect(state(.returned, "2023-07-01T01:00:00Z").punctuality(due: due) == .missing, "returned: not handed in")
        #expect(state(.draft, nil).punctuality(due: due) == .missing)
        #expect(FormState.empty.punctuality(due: nil) == .missing)
        #expect(state(.submitted, "2030-01-01T00:00:00Z").punctuality(due: nil) == .onTime, "no deadline")
    }
}
