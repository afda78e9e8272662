import BBTEngine
import BBTNumber
import BBTStore
import Testing

/// A save decided once, before any store sees it: what changes, what each replaces, the audit rows
/// in order, the form's row after it — or nothing, when the form is not at the expected version.
@Suite struct FormWriteTests {
    let june = Period("2023-06")!, q2 = Period("2023-Q2")!
    let t0: Instant = "2023-07-01T08:00:00Z", t1: Instant = "2023-07-01T08:01:00Z"
    let stored: [String: Value] = ["pop@2023-06": .number(Number(100)), "hh@2023-06": .number(Number(40)), "note@2023-Q2": .text("旧")]

    func draft(_ version: Int, explanation: String? = nil) -> FormState {
        FormState(status: .draft, version: version, submittedAt: nil, updatedAt: t0, updatedBy: "me", reason: nil, explanation: explanation)
    }

    func decide(_ values: [(String, Period, Value?)], status: FormStatus = .draft, from current: FormState, expected: Int? = nil,
                corrections: [Correction] = [], corrected: Set<String> = [], explanation: String? = nil) -> FormWrite? {
        let save = FormSave(unit: "u", month: june, expectedVersion: expected ?? current.version, values: values.map { ($0.0, $0.1, $0.2) },
                            status: status, user: "me", at: t1, corrections: corrections, explanation: explanation)
        return FormWrite(save, current: current, stored: { stored["\($0)@\($1)"] }, corrected: corrected)
    }

    func line(_ a: AuditEntry) -> String { "\(a.action) \(a.field ?? "-")@\(a.period?.description ?? "-") \(a.old ?? "∅")→\(a.new ?? "∅")" }

    @Test func onlyWhatChangesIsWrittenWithWhatItReplaces() throws {
        let w = try #require(decide([("pop", june, .number(Number(100))), ("hh", june, .number(Number(41))), ("note", q2, nil),
                                     ("new", june, .text("甲"))], from: draft(3)))
        #expect(w.values.map { "\($0.field)@\($0.period) \($0.old?.plainText ?? "∅")→\($0.new?.plainText ?? "∅")" }
            == ["hh@2023-06 40→41", "note@2023-Q2 旧→∅", "new@2023-06 ∅→甲"])
        #expect(w.audit.map(line) == ["value hh@2023-06 40→41", "value note@2023-Q2 旧→∅", "value new@2023-06 ∅→甲"])
        #expect(w.state.version == 4 && w.state.updatedAt == t1 && w.state.updatedBy == "me")
    }

    @Test func aValueGivenTwiceIsAuditedStepByStepAndWrittenOnce() throws {
        let w = try #require(decide([("pop", june, .number(Number(101))), ("pop", june, .number(Number(102)))], from: draft(1)))
        #expect(w.audit.map(line) == ["value pop@2023-06 100→101", "value pop@2023-06 101→102"])
        #expect(w.values.count == 1 && w.values[0].old == .number(Number(100)) && w.values[0].new == .number(Number(102)))
        // Back where it started: audited both ways, nothing to write.
        let back = try #require(decide([("pop", june, .number(Number(5))), ("pop", june, .number(Number(100)))], from: draft(1)))
        #expect(back.values.isEmpty && back.audit.count == 2)
    }

    @Test func aNumberIsTheSameWhateverItsTrailingZeros() throws {
        let w = try #require(decide([("pop", june, .number(Number("100.00")!))], from: draft(1)))
        #expect(w.values.isEmpty && w.audit.isEmpty)
        let text = try #require(decide([("pop", june, .text("100"))], from: draft(1)))
        #expect(text.values.count == 1, "a text 100 is not the number 100")
    }

    @Test func statusExplanationAndCorrectionsAreAuditedAfterTheValues() throws {
        let c = Correction(field: "pop", period: june, provided: .number(Number(90)), reason: "公安未更新")
        let w = try #require(decide([("pop", june, .number(Number(101)))], status: .submitted, from: draft(2, explanation: "旧说明"),
                                    corrections: [c], corrected: ["pop@2023-06"], explanation: "新说明"))
        #expect(w.audit.map(line) == ["value pop@2023-06 100→101", "correction pop@2023-06 90→公安未更新", "status -@- draft→submitted",
                                      "explanation -@- 旧说明→新说明"])
        #expect(w.corrections == [.init(field: "pop", period: june, reason: "公安未更新", replaces: true)])
        #expect(w.state.submittedAt == t1, "submitted now")
    }

    @Test func aResubmissionKeepsItsFirstTimeOnlyWhileSubmitted() throws {
        let submitted = FormState(status: .submitted, version: 5, submittedAt: t0, updatedAt: t0, updatedBy: "me", reason: nil)
        #expect(decide([], status: .submitted, from: submitted)?.state.submittedAt == t0)
        let returned = FormState(status: .returned, version: 6, submittedAt: t0, updatedAt: t0, updatedBy: "r", reason: "请核对")
        #expect(decide([], status: .submitted, from: returned)?.state.submittedAt == t1)
    }

    @Test func aStaleSaveIsNotDecided() {
        #expect(decide([("pop", june, .number(Number(1)))], from: draft(4), expected: 3) == nil)
        #expect(decide([], from: .empty, expected: 0)?.state.version == 1)
    }
}
