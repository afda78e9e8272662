import BBTEngine
import BBTNumber
import BBTStore
import BBTTestSupport
import Foundation
import Testing

/// Department data in any store: uploads all or nothing, idempotent, never over a community's
/// value, and the communities' corrections kept with their forms.
extension StoreConformanceTests {
    func batch(_ values: [(String, String, Period, Int)], at minute: Int = 1) -> ProvideBatch {
        ProvideBatch(source: "gongan", user: "gongan", at: Fixture.time(minute),
                     values: values.map { ($0.0, $0.1, $0.2, Value.number(Number($0.3))) })
    }

    @Test(arguments: StoreFactory.all)
    func suppliedValuesAreStoredOnceAndReUploadsChangeNothing(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let first = try await store.provide(batch([("u", "pop", Fixture.june, 100), ("u", "old", Fixture.q2, 40), ("v", "pop", Fixture.june, 7)]))
        #expect(first == ProvideOutcome(stored: 3, unchanged: 0, conflicts: []))
        let again = try await store.provide(batch([("u", "pop", Fixture.june, 100), ("u", "old", Fixture.q2, 41)], at: 2))
        #expect(again.stored == 1 && again.unchanged == 1)
        let u = try await store.providedValues(units: ["u"], periods: [Fixture.june, Fixture.q2])
        #expect(u.map { "\($0.unit) \($0.field)@\($0.period) \($0.value.plainText) \($0.source) \($0.at)" }
                == ["u old@2023-Q2 41 gongan \(Fixture.time(2))", "u pop@2023-06 100 gongan \(Fixture.time(1))"])
        #expect(try await store.providedValues(source: "gongan", periods: [Fixture.june]).map(\.unit) == ["u", "v"])
        #expect(try await store.providedValues(source: "minzheng", periods: [Fixture.june]).isEmpty)
        #expect(try await store.values(units: ["u", "v"], periods: [Fixture.june, Fixture.q2]).isEmpty, "supplied is not saved")
        let audit = try await store.audit(unit: "u", month: nil).filter { $0.action == "provided" }.map(auditLine)
        #expect(audit == [
            "\(Fixture.time(1)) gongan u 2023-06 provided pop@2023-06 ∅→100",
            "\(Fixture.time(1)) gongan u 2023-06 provided old@2023-Q2 ∅→40",
            "\(Fixture.time(2)) gongan u 2023-06 provided old@2023-Q2 40→41",
        ])
    }

    @Test(arguments: StoreFactory.all)
    func aSuppliedValueNeverOverwritesWhatTheCommunitySaved(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        _ = try await store.save(change(from: 0, [("pop", Fixture.june, .number(98)), ("hh", Fixture.june, .number(40))]))
        let outcome = try await store.provide(batch([("u", "pop", Fixture.june, 100), ("u", "hh", Fixture.june, 40)]))
        #expect(outcome.stored == 2)
        #expect(outcome.conflicts == [.init(unit: "u", field: "pop", period: Fixture.june, provided: .number(100), value: .number(98))])
        #expect(try await valueLines(store.values(units: ["u"], periods: [Fixture.june]))
                == ["u hh@2023-06 = number:40", "u pop@2023-06 = number:98"])
        #expect(try await store.formState(unit: "u", month: Fixture.june).version == 1, "an upload is not a save of the form")
    }

    @Test(arguments: StoreFactory.all)
    func correctionsAreKeptWithTheFormAndAudited(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        _ = try await store.provide(batch([("u", "pop", Fixture.june, 100)]))
        let save = FormSave(unit: "u", month: Fixture.june, expectedVersion: 0, values: [("pop", Fixture.june, .number(98))],
                            status: .submitted, user: "filler", at: Fixture.time(5), reason: nil,
                            corrections: [Correction(field: "pop", period: Fixture.june, provided: .number(100), reason: "两户已迁出")])
        #expect(try await store.save(save) == .saved(version: 1))
        let kept = try await store.corrections(units: ["u"], periods: [Fixture.june])
        #expect(kept.map { "\($0.unit) \($0.field)@\($0.period) \($0.reason) \($0.user) \($0.at)" }
                == ["u pop@2023-06 两户已迁出 filler \(Fixture.time(5))"])
        #expect(try await store.corrections(units: ["v"], periods: [Fixture.june]).isEmpty)
        // A stale save writes no correction either.
        let stale = FormSave(unit: "u", month: Fixture.june, expectedVersion: 0, values: [], status: .draft, user: "x",
                             at: Fixture.time(6), corrections: [Correction(field: "pop", period: Fixture.june, provided: .number(100), reason: "别的")])
        #expect(try await store.save(stale) == .conflict(current: 1))
        #expect(try await store.corrections(units: ["u"], periods: [Fixture.june]).map(\.reason) == ["两户已迁出"])
        let audit = try await store.audit(unit: "u", month: Fixture.june).filter { $0.action == "correction" }.map(auditLine)
        #expect(audit == ["\(Fixture.time(5)) filler u 2023-06 correction pop@2023-06 100→两户已迁出"])
    }

    @Test(arguments: StoreFactory.all)
    func aFormSnapshotIsWhatTheSeparateReadsSay(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        _ = try await store.provide(batch([("u", "pop", Fixture.june, 100), ("u", "old", Fixture.q2, 40), ("v", "pop", Fixture.june, 7)]))
        let save = FormSave(unit: "u", month: Fixture.june, expectedVersion: 0,
                            values: [("pop", Fixture.june, .number(98)), ("hh", Fixture.june, .number(40)), ("old", Fixture.q2, .text("说明"))],
                            status: .submitted, user: "filler", at: Fixture.time(5), reason: nil,
                            corrections: [Correction(field: "pop", period: Fixture.june, provided: .number(100), reason: "两户已迁出")])
        #expect(try await store.save(save) == .saved(version: 1))
        let periods = [Fixture.june, Fixture.q2]
        let snapshot = try await store.formSnapshot(unit: "u", month: Fixture.june, periods: periods, suppliedPeriods: [Fixture.june])
        #expect(try await valueLines(snapshot.values) == valueLines(store.values(units: ["u"], periods: periods)))
        #expect(snapshot.values.count == 3)
        #expect(try await snapshot.provided == store.providedValues(units: ["u"], periods: [Fixture.june]))
        #expect(try await snapshot.corrections == store.corrections(units: ["u"], periods: [Fixture.june]))
        #expect(try await snapshot.state == store.formState(unit: "u", month: Fixture.june))
        #expect(snapshot.state.status == .submitted && snapshot.state.submittedAt == Fixture.time(5))
        // Nothing supplied asked for, nothing stored for the unit: empty, not an error.
        let none = try await store.formSnapshot(unit: "u", month: Fixture.june, periods: [Fixture.june], suppliedPeriods: [])
        #expect(none.provided.isEmpty && none.corrections.isEmpty && none.values.count == 2)
        let new = try await store.formSnapshot(unit: "w", month: Fixture.june, periods: periods, suppliedPeriods: periods)
        #expect(new == FormSnapshot(values: [], provided: [], corrections: [], state: .empty))
        // History: only the fields and periods asked for, apart from the form's own values.
        let withHistory = try await store.formSnapshot(unit: "u", month: Fixture.june, periods: [Fixture.june], suppliedPeriods: [],
                                                       historyFields: ["old", "hh"], historyPeriods: [Fixture.q2])
        #expect(valueLines(withHistory.history) == ["u old@2023-Q2 = text:说明"])
        #expect(withHistory.values.count == 2)
        #expect(try await store.formSnapshot(unit: "u", month: Fixture.june, periods: [], suppliedPeriods: [],
                                             historyFields: [], historyPeriods: [Fixture.q2]).history.isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func providerAccountsKeepTheirSource(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let provider = UserRecord(username: "gongan", passwordHash: "h", role: .provider, unit: "51", source: "gongan")
        try await store.upsertUser(provider)
        #expect(try await store.user(named: "gongan") == provider)
        try await store.createSession(token: "t", username: "gongan", expires: Fixture.time(59))
        #expect(try await store.sessionUser(token: "t", now: Fixture.time(0))?.source == "gongan")
    }
}

extension StoreConformanceTests {
    /// Many saves in one call store exactly what the same saves one by one store: values, versions,
    /// audit rows; a conflict among them is answered as `save` answers it.
    @Test(arguments: StoreFactory.all)
    func savesInOneCallStoreWhatTheSameSavesOneByOneStore(_ factory: StoreFactory) async throws {
        let one = try await factory.make(), all = try await factory.make()
        let saves = [
            change("u", F.june, from: 0, [("pop", F.june, .number(12)), ("q", F.q2, .number(3))], status: .submitted, at: F.time(1)),
            change("v", F.june, from: 0, [("pop", F.june, .text("甲")), ("hh", F.june, nil)], at: F.time(2)),
            change("u", F.may, from: 0, [("pop", F.may, .number(Number("7.50")!))], at: F.time(3)),
            change("u", F.june, from: 1, [("pop", F.june, .number(13)), ("q", F.q2, nil)], status: .draft, at: F.time(4)),
        ]
        // Each decided against what `one` holds just before it, as a service decides against its snapshot.
        var outcomes: [SaveOutcome] = [], writes: [FormWrite] = []
        for s in saves {
            writes.append(try await decided(s, on: one))
            outcomes.append(try await one.save(writes.last!))
        }
        #expect(try await all.saveAll(writes) == outcomes)
        #expect(outcomes == [.saved(version: 1), .saved(version: 1), .saved(version: 1), .saved(version: 2)])
        for store in [one, all] {
            #expect(valueLines(try await store.values(units: ["u", "v"], periods: [F.may, F.june, F.q2])) == [
                "u pop@2023-05 = number:7.5", "u pop@2023-06 = number:13", "v pop@2023-06 = text:甲",
            ])
        }
        #expect(try await one.audit(unit: nil, month: nil).map(auditLine) == (try await all.audit(unit: nil, month: nil).map(auditLine)))
        let stale = FormState(status: .submitted, version: 1, submittedAt: F.time(1), updatedAt: F.time(1), updatedBy: "me", reason: nil)
        #expect(try await all.saveAll([FormWrite(change("u", F.june, from: 1, [("pop", F.june, .number(1))]), current: stale,
                                                 stored: { _, _ in nil })!]) == [.conflict(current: 2)])
        #expect(try await all.saveAll([]) == [])
    }
}

extension StoreConformanceTests {
    /// A report reads the fields it shows: values of other fields, units and periods stay out.
    @Test(arguments: StoreFactory.all)
    func valuesCanBeAskedForByField(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        _ = try await store.save(change("u", F.june, from: 0, [("pop", F.june, .number(1)), ("hh", F.june, .number(2)), ("q", F.q2, .number(3))]))
        _ = try await store.save(change("v", F.june, from: 0, [("pop", F.june, .number(4)), ("hh", F.june, .number(5))]))
        _ = try await store.save(change("u", F.may, from: 0, [("pop", F.may, .number(6))]))
        #expect(valueLines(try await store.values(units: ["u", "v"], periods: [F.june, F.q2], fields: ["pop", "q"])) == [
            "u pop@2023-06 = number:1", "u q@2023-Q2 = number:3", "v pop@2023-06 = number:4",
        ])
        #expect(valueLines(try await store.values(units: ["u"], periods: [F.may, F.june], fields: ["hh", "gone"])) == ["u hh@2023-06 = number:2"])
        #expect(try await store.values(units: ["u"], periods: [F.june], fields: []).isEmpty)
        // Many units at once, as a city's report asks: nothing lost to the statement's parameter limit.
        let units = (0..<1_200).map { "c\($0)" }
        _ = try await store.saveAll(units.map {
            FormWrite(change($0, F.june, from: 0, [("pop", F.june, .number(7)), ("hh", F.june, .number(8))]), current: .empty, stored: { _, _ in nil })!
        })
        let fields = (0..<300).map { "f\($0)" } + ["pop"]
        #expect(try await store.values(units: units, periods: [F.may, F.june, F.q2, F.h1, F.year], fields: fields).count == 1_200)
        // Counted without being read: per unit, of the fields asked, under the one period.
        #expect(try await store.valueCounts(units: ["u", "v", "w"], period: F.june, fields: ["pop", "hh", "q"]) == ["u": 2, "v": 2])
        #expect(try await store.valueCounts(units: ["u"], period: F.q2, fields: ["pop", "q"]) == ["u": 1])
        #expect(try await store.valueCounts(units: ["u"], period: F.june, fields: []).isEmpty)
        let counts = try await store.valueCounts(units: units, period: F.june, fields: fields + ["hh"])
        #expect(counts.count == 1_200 && counts.values.allSatisfy { $0 == 2 })
    }
}
