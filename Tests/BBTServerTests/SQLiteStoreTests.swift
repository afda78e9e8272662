import BBTNumber
import BBTEngine
import BBTStore
import BBTTestSupport
import Foundation
import Testing

@Suite struct SQLiteStoreTests {
    func store() throws -> SQLiteStore {
        try SQLiteStore(path: try TestTools.temporaryDirectory("store").appendingPathComponent("t.sqlite").path)
    }

    @Test func emptyQueriesAnswerEmpty() async throws {
        let s = try store()
        #expect(try await s.values(units: [], periods: [Period("2023-06")!]).isEmpty)
        #expect(try await s.values(units: ["1"], periods: []).isEmpty)
        #expect(try await s.formStates(units: [], month: Period("2023-06")!).isEmpty)
    }

    @Test func aSaveWritesValuesStatusAndAuditTogetherAndChecksTheVersion() async throws {
        let s = try store()
        let june = Period("2023-06")!, q2 = Period("2023-Q2")!
        let first = try await s.save(FormSave(unit: "u", month: june, expectedVersion: 0,
                                              values: [("a", june, .number(Number("12.5")!)), ("b", q2, .text("x"))],
                                              status: .draft, user: "me", at: "2023-07-01T00:00:00Z"))
        #expect(first == .saved(version: 1))
        #expect(try await s.save(FormSave(unit: "u", month: june, expectedVersion: 0, values: [("a", june, .number(1))],
                                          status: .draft, user: "other", at: "2023-07-01T00:00:01Z")) == .conflict(current: 1))
        let cleared = try await s.save(FormSave(unit: "u", month: june, expectedVersion: 1, values: [("b", q2, nil)],
                                                status: .submitted, user: "me", at: "2023-07-01T00:00:02Z"))
        #expect(cleared == .saved(version: 2))
        let values = try await s.values(units: ["u"], periods: [june, q2])
        #expect(values == [StoredValue(unit: "u", field: "a", period: june, value: .number(Number("12.5")!))])
        let state = try await s.formState(unit: "u", month: june)
        #expect(state.status == .submitted && state.version == 2 && state.submittedAt == "2023-07-01T00:00:02Z")
        let audit = try await s.audit(unit: "u", month: june)
        #expect(audit.map(\.action) == ["value", "value", "status", "value", "status"])
        #expect(audit.last.map { "\($0.old ?? "")→\($0.new ?? "")" } == "draft→submitted")
    }
}
