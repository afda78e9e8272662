import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// What offices count: each form once at its office and every level between, on time against its
/// deadline in China, rates with one decimal.
@Suite struct CompletenessTests {
    let world = World("field pop \"人口\" int stock\n\n" + report("M", every: "month", "  column \"pop\" = pop"))
    let due = LocalDate("2023-07-05")!

    func row(_ unit: String, _ status: FormStatus, at submittedAt: Instant? = nil) -> Completeness.Row {
        Completeness.Row(unit: world.tree.index(of: unit)!, level: .community,
                         state: FormState(status: status, version: 1, submittedAt: submittedAt, updatedAt: nil, updatedBy: nil, reason: nil),
                         missing: [], due: due)
    }

    @Test func aDistrictCountsItselfAndEachStreet() {
        let rows = [
            row("c1", .submitted, at: "2023-07-05T15:59:59Z"),  // 23:59:59 in China on the due day: on time
            row("c2", .approved, at: "2023-07-05T16:00:00Z"),   // midnight in China: late
            row("c3", .returned),
            row("c4", .draft),
        ]
        let tallies = Completeness.tallies(rows, unit: world.tree.index(of: "5101")!, tree: world.tree)
        #expect(tallies.map { world.tree[$0.unit].code } == ["5101", "510101", "510102"])
        var district = Completeness.Tally()
        district.expected = 4; district.submitted = 2; district.onTime = 1; district.late = 1; district.approved = 1; district.returned = 1
        var street = district
        street.expected = 3
        var other = Completeness.Tally()
        other.expected = 1
        #expect(tallies.map { $0.tally } == [district, street, other])
        #expect(district.rate(district.onTime) == 25.0)
        #expect(street.rate(street.submitted) == 66.7)
        #expect(Completeness.Tally().rate(0) == nil, "nothing expected: no rate, not 0 %")
    }

    @Test func aStreetCountsOnlyItself() {
        let rows = [row("c1", .submitted, at: "2023-07-01T00:00:00Z"), row("c2", .empty)]
        let tallies = Completeness.tallies(rows, unit: world.tree.index(of: "510101")!, tree: world.tree)
        #expect(tallies.count == 1 && tallies[0].tally.expected == 2 && tallies[0].tally.onTime == 1)
    }
}
