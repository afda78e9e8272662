import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// What every `Store` must do, whatever keeps the data: each test runs once per factory in
/// `StoreFactory.all`, on a new, empty store.
@Suite struct StoreConformanceTests {
    typealias F = Fixture

    // MARK: A new store

    @Test(arguments: StoreFactory.all)
    func aNewStoreIsEmptyAndAnswersEveryQueryWithNothing(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        #expect(try await store.isEmpty())
        #expect(try await store.units().isEmpty)
        #expect(try await store.user(named: "admin") == nil)
        #expect(try await store.sessionUser(token: "token", now: F.time(0)) == nil)
        #expect(try await store.latestTemplates()?.version == nil)
        #expect(try await store.templateHistory().isEmpty)
        #expect(try await store.formState(unit: "u", month: F.june) == .empty)
        #expect(try await store.formStates(units: [], month: F.june).isEmpty)
        let states = try await store.formStates(units: ["u", "v"], month: F.june)
        #expect(states.values.allSatisfy { $0 == .empty })
        #expect(try await store.latestMonth(unit: "u", in: FormStatus.allCases) == nil)
        #expect(try await store.values(units: ["u"], periods: [F.june, F.q2]).isEmpty)
        #expect(try await store.values(units: [], periods: [F.june]).isEmpty)
        #expect(try await store.values(units: ["u"], periods: []).isEmpty)
        #expect(try await store.audit(unit: nil, month: nil).isEmpty)
        #expect(try await store.audit(unit: "u", month: F.june).isEmpty)
        #expect(try await store.storedValueCounts(fields: ["pop"]).isEmpty)
    }

    /// What a template change would hide: the values stored under each field, every unit and period.
    @Test(arguments: StoreFactory.all)
    func storedValuesAreCountedPerField(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        _ = try await store.save(change("u", F.june, from: 0, [("pop", F.june, .number(1)), ("hh", F.june, .number(2)), ("q", F.q2, .number(3))]))
        _ = try await store.save(change("v", F.june, from: 0, [("pop", F.june, .number(4))]))
        _ = try await store.save(change("u", Period("2023-05")!, from: 0, [("pop", Period("2023-05")!, .number(5)), ("hh", Period("2023-05")!, nil)]))
        #expect(try await store.storedValueCounts(fields: ["pop", "hh", "q", "gone"]) == ["pop": 3, "hh": 1, "q": 1])
        #expect(try await store.storedValueCounts(fields: []).isEmpty)
    }
}
