import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// The audit of values and of admin changes.
extension StoreConformanceTests {
    // MARK: Audit

    @Test(arguments: StoreFactory.all)
    func everyChangedValueAndEveryStatusChangeIsAuditedOnceInOrder(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let t = F.time
        // u, June: values and a status change in the first save.
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(Number("12.5")!)), ("b", F.q2, .text("x"))],
                                            at: t(1))) == .saved(version: 1))
        // Unchanged values (12.50 is 12.5) and an unchanged status write no entry; only b changes.
        #expect(try await store.save(change(from: 1, [("a", F.june, .number(Number("12.50")!)), ("b", F.q2, .text("y")),
                                                      ("c", F.june, nil)], at: t(2))) == .saved(version: 2))
        #expect(try await store.save(change(from: 2, status: .submitted, at: t(3))) == .saved(version: 3))
        #expect(try await store.save(change(from: 3, status: .returned, by: "street", at: t(4), reason: "核实"))
                == .saved(version: 4))
        // A save that changes nothing at all is a new version but no entry.
        #expect(try await store.save(change(from: 4, [("a", F.june, .number(Number("12.5")!))], status: .returned,
                                            by: "street", at: t(5), reason: "核实")) == .saved(version: 5))
        // v, June; then u, May.
        #expect(try await store.save(change("v", from: 0, [("a", F.june, .bool(true))], by: "other", at: t(6))) == .saved(version: 1))
        #expect(try await store.save(change("u", F.may, from: 0, [("a", F.may, .date(LocalDate("2023-05-31")!))], at: t(7)))
                == .saved(version: 1))

        let uJune = [
            "\(t(1)) me u 2023-06 value a@2023-06 ∅→12.5",
            "\(t(1)) me u 2023-06 value b@2023-Q2 ∅→x",
            "\(t(1)) me u 2023-06 status -@- empty→draft",
            "\(t(2)) me u 2023-06 value b@2023-Q2 x→y",
            "\(t(3)) me u 2023-06 status -@- draft→submitted",
            "\(t(4)) street u 2023-06 status -@- submitted→returned",
        ]
        let vJune = [
            "\(t(6)) other v 2023-06 value a@2023-06 ∅→true",
            "\(t(6)) other v 2023-06 status -@- empty→draft",
        ]
        let uMay = [
            "\(t(7)) me u 2023-05 value a@2023-05 ∅→2023-05-31",
            "\(t(7)) me u 2023-05 status -@- empty→draft",
        ]
        #expect(try await store.audit(unit: "u", month: F.june).map(auditLine) == uJune)
        #expect(try await store.audit(unit: "v", month: F.june).map(auditLine) == vJune)
        #expect(try await store.audit(unit: "u", month: F.may).map(auditLine) == uMay)
        #expect(try await store.audit(unit: "u", month: nil).map(auditLine) == uJune + uMay)
        #expect(try await store.audit(unit: nil, month: F.june).map(auditLine) == uJune + vJune)
        #expect(try await store.audit(unit: nil, month: nil).map(auditLine) == uJune + vJune + uMay)
        #expect(try await store.audit(unit: "nobody", month: nil).isEmpty)
        #expect(try await store.audit(unit: "u", month: Period.month(2023, 7)).isEmpty)
    }
}
