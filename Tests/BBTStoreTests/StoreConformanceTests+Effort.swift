import BBTEngine
import BBTStore
import BBTTestSupport
import Testing

/// Active seconds and entry counts per form.
extension StoreConformanceTests {
    @Test(arguments: StoreFactory.all)
    func activeSecondsAddUpAndCountsAreTheLatest(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let june = Period.month(2023, 6), july = Period.month(2023, 7)
        // Two servers' saves of one form at once both count.
        async let a: Void = store.addActiveSeconds(unit: "c1", month: june, seconds: 100)
        async let b: Void = store.addActiveSeconds(unit: "c1", month: june, seconds: 50)
        _ = try await (a, b)
        try await store.addActiveSeconds(unit: "c2", month: june, seconds: 7)
        try await store.setEntryCounts(unit: "c1", month: june, counts: EntryCounts(typed: 3, checked: 2, carried: 1))
        try await store.setEntryCounts(unit: "c1", month: june, counts: EntryCounts(typed: 1, checked: 4, carried: 1))
        try await store.setEntryCounts(unit: "c3", month: july, counts: EntryCounts(typed: 9, checked: 0, carried: 0))
        #expect(try await store.efforts(months: [june]) == [
            FormEffort(unit: "c1", month: june, activeSeconds: 150, counts: EntryCounts(typed: 1, checked: 4, carried: 1)),
            FormEffort(unit: "c2", month: june, activeSeconds: 7, counts: nil),
        ])
        #expect(try await store.efforts(months: [july]).map(\.activeSeconds) == [0])
        #expect(try await store.efforts(months: []) == [])
    }
}
