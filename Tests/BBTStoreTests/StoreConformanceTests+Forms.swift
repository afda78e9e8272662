import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Forms: saves, values, states, concurrent writers.
extension StoreConformanceTests {
    // MARK: Saving a form

    /// The scenario of the original SQLite test, kept whole: values, status and audit in one save,
    /// a stale save refused, a clearing save that submits.
    @Test(arguments: StoreFactory.all)
    func aSaveWritesValuesStatusAndAuditTogetherAndChecksTheVersion(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (june, q2) = (F.june, F.q2)
        #expect(try await store.save(change(from: 0, [("a", june, .number(Number("12.5")!)), ("b", q2, .text("x"))],
                                            at: F.time(0))) == .saved(version: 1))
        #expect(try await store.save(change(from: 0, [("a", june, .number(1))], by: "other", at: F.time(1)))
                == .conflict(current: 1))
        #expect(try await store.save(change(from: 1, [("b", q2, nil)], status: .submitted, at: F.time(2))) == .saved(version: 2))
        #expect(try await store.values(units: ["u"], periods: [june, q2])
                == [StoredValue(unit: "u", field: "a", period: june, value: .number(Number("12.5")!))])
        let state = try await store.formState(unit: "u", month: june)
        #expect(state.status == .submitted && state.version == 2 && state.submittedAt == F.time(2))
        let audit = try await store.audit(unit: "u", month: june)
        #expect(audit.map(\.action) == ["value", "value", "status", "value", "status"])
        #expect(audit.last.map { "\($0.old ?? "")→\($0.new ?? "")" } == "draft→submitted")
    }

    @Test(arguments: StoreFactory.all)
    func aFormNeverSavedIsEmptyAtVersionZeroAndEverySaveAddsOne(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        #expect(try await store.formState(unit: "u", month: F.june) == .empty)
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(1))], at: F.time(1))) == .saved(version: 1))
        #expect(try await store.formState(unit: "u", month: F.june)
                == FormState(status: .draft, version: 1, submittedAt: nil, updatedAt: F.time(1), updatedBy: "me", reason: nil))
        #expect(try await store.save(change(from: 1, [("a", F.june, .number(2))], by: "she", at: F.time(2))) == .saved(version: 2))
        #expect(try await store.formState(unit: "u", month: F.june)
                == FormState(status: .draft, version: 2, submittedAt: nil, updatedAt: F.time(2), updatedBy: "she", reason: nil))
        // A save that changes no value (a review step) is a new version too.
        #expect(try await store.save(change(from: 2, status: .submitted, at: F.time(3))) == .saved(version: 3))
        #expect(try await store.save(change(from: 3, status: .submitted, at: F.time(4))) == .saved(version: 4))
        #expect(try await store.formState(unit: "u", month: F.june).version == 4)
        // Other forms are untouched: another month of the unit, the same month of another unit.
        #expect(try await store.formState(unit: "u", month: F.may) == .empty)
        #expect(try await store.formState(unit: "v", month: F.june) == .empty)
    }

    @Test(arguments: StoreFactory.all)
    func aSaveWithAStaleVersionIsRefusedAndWritesNothing(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(1)), ("b", F.q2, .text("x"))], at: F.time(1)))
                == .saved(version: 1))
        let values = try await store.values(units: ["u"], periods: [F.june, F.q2])
        let audit = try await store.audit(unit: nil, month: nil)
        let state = try await store.formState(unit: "u", month: F.june)

        let stale = change(from: 0, [("a", F.june, .number(99)), ("b", F.q2, nil), ("c", F.june, .text("new"))],
                           status: .submitted, by: "other", at: F.time(2), reason: "不该写入")
        #expect(try await store.save(stale) == .conflict(current: 1))
        // A version from the future is as wrong as one from the past.
        let ahead = change(from: 2, [("a", F.june, .number(98))], status: .submitted, by: "other", at: F.time(3))
        #expect(try await store.save(ahead) == .conflict(current: 1))

        #expect(try await valueLines(store.values(units: ["u"], periods: [F.june, F.q2])) == valueLines(values))
        #expect(try await store.audit(unit: nil, month: nil) == audit)
        #expect(try await store.formState(unit: "u", month: F.june) == state)
    }

    // MARK: Values

    @Test(arguments: StoreFactory.all)
    func valuesOfEveryKindComeBackEqual(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let values: [(field: String, value: Value)] = [
            ("int", .number(Number(1_234_567))),
            ("zero", .number(.zero)),
            ("negative", .number(Number("-0.25")!)),
            ("trailing_zero", .number(Number("12.50")!)),
            ("tenth", .number(Number("0.10")!)),
            ("eighteen_digits", .number(Number("123456789012.345678")!)),
            ("tiny", .number(Number("0.000000000000000001")!)),
            ("beyond_int64", .number(Number("12345678901234567890.123")!)),
            ("exponent", .number(Number("1.5e3")!)),
            ("text", .text("锦江区 \"甲\" 社区\n第二行\t😀 'x' \\ 𠀀")),
            ("text_like_a_number", .text("007")),
            ("text_like_a_bool", .text("true")),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("date", .date(LocalDate("2023-06-30")!)),
            ("leap_day", .date(LocalDate("2024-02-29")!)),
            ("first_day", .date(LocalDate("0001-01-01")!)),
        ]
        let entries: [(field: String, period: Period, value: Value?)] = values.map { ($0.field, F.june, $0.value) }
        #expect(try await store.save(change(from: 0, entries)) == .saved(version: 1))
        let stored = try await store.values(units: ["u"], periods: [F.june])
        #expect(stored.count == values.count)
        for (field, value) in values {
            let back = try #require(stored.first { $0.field == field }, "\(field)")
            #expect(back.value == value, "\(field)")
            #expect(back.value.storage.kind == value.storage.kind && back.value.storage.text == value.storage.text, "\(field)")
            #expect(back.unit == "u" && back.period == F.june)
        }
        // A decimal is kept as its value, not as it was typed: 12.50 comes back as 12.5 (and equal to 12.50).
        let text = Dictionary(uniqueKeysWithValues: stored.map { ($0.field, $0.value.storage.text) })
        #expect(text["trailing_zero"] == "12.5")
        #expect(text["tenth"] == "0.1")
    }

    @Test(arguments: StoreFactory.all)
    func aValueThatChangesKindButNotTextIsStillAChange(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(5))])) == .saved(version: 1))
        #expect(try await store.save(change(from: 1, [("a", F.june, .text("5"))])) == .saved(version: 2))
        #expect(try await store.values(units: ["u"], periods: [F.june]).map(\.value) == [.text("5")])
        #expect(try await store.audit(unit: "u", month: F.june).filter { $0.action == "value" }.count == 2)
    }

    @Test(arguments: StoreFactory.all)
    func aNilValueDeletesTheStoredOne(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(Number("12.5")!)), ("b", F.june, .text("x"))],
                                            at: F.time(1))) == .saved(version: 1))
        #expect(try await store.save(change(from: 1, [("a", F.june, nil)], at: F.time(2))) == .saved(version: 2))
        #expect(try await valueLines(store.values(units: ["u"], periods: [F.june])) == ["u b@2023-06 = text:x"])
        #expect(try await store.audit(unit: "u", month: F.june).map(auditLine).last
                == "\(F.time(2)) me u 2023-06 value a@2023-06 12.5→∅")
        // Clearing what is already empty changes nothing, so it is not audited.
        let before = try await store.audit(unit: nil, month: nil).count
        #expect(try await store.save(change(from: 2, [("a", F.june, nil), ("never", F.q2, nil)], at: F.time(3)))
                == .saved(version: 3))
        #expect(try await store.audit(unit: nil, month: nil).count == before)
        // A cleared value can be given again.
        #expect(try await store.save(change(from: 3, [("a", F.june, .number(7))], at: F.time(4))) == .saved(version: 4))
        #expect(try await valueLines(store.values(units: ["u"], periods: [F.june]))
                == ["u a@2023-06 = number:7", "u b@2023-06 = text:x"])
    }

    @Test(arguments: StoreFactory.all)
    func valuesAreKeptPerPeriodAndReadBackOnlyForThePeriodsAsked(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // June's form holds the month, the quarter, the half and the year it ends; May's its own month.
        #expect(try await store.save(change(from: 0, [("pop", F.june, .number(100)), ("plan", F.q2, .number(5)),
                                                      ("spare", F.h1, .number(3)), ("yearly", F.year, .number(7))]))
                == .saved(version: 1))
        #expect(try await store.save(change("u", F.may, from: 0, [("pop", F.may, .number(90))])) == .saved(version: 1))

        func valuesOf(_ periods: [Period]) async throws -> [String] {
            try await valueLines(store.values(units: ["u"], periods: periods))
        }
        #expect(try await valuesOf([F.june]) == ["u pop@2023-06 = number:100"])
        #expect(try await valuesOf([F.may]) == ["u pop@2023-05 = number:90"])
        #expect(try await valuesOf([F.q2]) == ["u plan@2023-Q2 = number:5"])
        #expect(try await valuesOf([F.h1, F.year]) == ["u spare@2023-H1 = number:3", "u yearly@2023 = number:7"])
        #expect(try await valuesOf([F.may, F.june, F.q2, F.h1, F.year]).count == 5)
        #expect(try await valuesOf([Period.month(2023, 7), Period("2023-Q3")!, Period("2022")!]).isEmpty)
        // Empty lists still answer empty on a store with data.
        #expect(try await store.values(units: [], periods: [F.june]).isEmpty)
        #expect(try await store.values(units: ["u"], periods: []).isEmpty)
        #expect(try await store.formStates(units: [], month: F.june).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func aValueIsKeyedByFieldAndPeriodWhicheverMonthsFormSavesIt(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // The quarter's plan is first given in May's form, then corrected in June's.
        #expect(try await store.save(change("u", F.may, from: 0, [("plan", F.q2, .number(5))], at: F.time(1))) == .saved(version: 1))
        #expect(try await store.save(change("u", F.june, from: 0, [("plan", F.q2, .number(6))], at: F.time(2))) == .saved(version: 1))
        #expect(try await valueLines(store.values(units: ["u"], periods: [F.q2])) == ["u plan@2023-Q2 = number:6"])
        let audit = try await store.audit(unit: "u", month: nil).filter { $0.action == "value" }.map(auditLine)
        #expect(audit == ["\(F.time(1)) me u 2023-05 value plan@2023-Q2 ∅→5",
                          "\(F.time(2)) me u 2023-06 value plan@2023-Q2 5→6"])
    }

    @Test(arguments: StoreFactory.all)
    func valuesAreReadOnlyForTheUnitsAsked(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        for (i, unit) in ["u1", "u2", "u3"].enumerated() {
            #expect(try await store.save(change(unit, from: 0, [("pop", F.june, .number(Number(i + 1)))])) == .saved(version: 1))
        }
        #expect(try await valueLines(store.values(units: ["u1", "u3", "nobody"], periods: [F.june]))
                == ["u1 pop@2023-06 = number:1", "u3 pop@2023-06 = number:3"])
        #expect(try await valueLines(store.values(units: ["u2"], periods: [F.june])) == ["u2 pop@2023-06 = number:2"])
    }

    /// More units than a database takes parameters in one statement, with values in every part.
    @Test(arguments: StoreFactory.all)
    func valuesAndFormStatesOfOverAThousandUnitsComeBackInOneCall(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let units = (0..<1_200).map { "u\($0)" }
        let filled = Array(Set(Array(stride(from: 0, to: 1_200, by: 97)) + [1, 399, 400, 499, 500, 501, 1_199])).sorted()
        for i in filled {
            let outcome = try await store.save(change(units[i], from: 0, [("pop", F.june, .number(Number(i))), ("plan", F.q2, .number(1))],
                                                      status: i.isMultiple(of: 2) ? .submitted : .draft))
            #expect(outcome == .saved(version: 1))
        }
        let values = try await store.values(units: units, periods: [F.june, F.q2])
        let expected = filled.flatMap { ["\(units[$0]) pop@2023-06 = number:\($0)", "\(units[$0]) plan@2023-Q2 = number:1"] }
        #expect(valueLines(values) == expected.sorted())

        let states = try await store.formStates(units: units, month: F.june)
        #expect(Set(states.filter { $0.value != .empty }.keys) == Set(filled.map { units[$0] }))
        for i in filled {
            let state = states[units[i]]
            #expect(state?.version == 1 && state?.status == (i.isMultiple(of: 2) ? FormStatus.submitted : FormStatus.draft), "\(units[i])")
        }
        #expect(try await store.formStates(units: units, month: F.may).values.allSatisfy { $0 == .empty })
    }

    // MARK: Latest month

    @Test(arguments: StoreFactory.all)
    func theLatestMonthInTheGivenStatusesIsFoundAcrossYears(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let forms: [(String, String, FormStatus)] = [
            ("u", "2022-12", .approved), ("u", "2023-02", .submitted), ("u", "2023-09", .returned),
            ("u", "2023-10", .draft), ("v", "2023-11", .submitted),
        ]
        for (unit, month, status) in forms {
            #expect(try await store.save(change(unit, Period(month)!, from: 0, status: status)) == .saved(version: 1))
        }
        #expect(try await store.latestMonth(unit: "u", in: [.submitted, .approved]) == Period("2023-02"))
        #expect(try await store.latestMonth(unit: "u", in: [.approved]) == Period("2022-12"))
        #expect(try await store.latestMonth(unit: "u", in: [.draft, .returned]) == Period("2023-10"))
        #expect(try await store.latestMonth(unit: "u", in: [.returned]) == Period("2023-09"))
        #expect(try await store.latestMonth(unit: "u", in: []) == nil)
        #expect(try await store.latestMonth(unit: "v", in: [.submitted]) == Period("2023-11"))
        #expect(try await store.latestMonth(unit: "v", in: [.approved]) == nil)
        #expect(try await store.latestMonth(unit: "nobody", in: FormStatus.allCases) == nil)
        // It is the status a form has now that counts.
        #expect(try await store.save(change("u", Period("2023-10")!, from: 1, status: .approved)) == .saved(version: 2))
        #expect(try await store.latestMonth(unit: "u", in: [.submitted, .approved]) == Period("2023-10"))
        #expect(try await store.latestMonth(unit: "u", in: [.draft]) == nil)
    }

    // MARK: Submission and return

    @Test(arguments: StoreFactory.all)
    func submittedAtIsSetWhenSubmittedAndKeptThroughReview(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        func state() async throws -> FormState { try await store.formState(unit: "u", month: F.june) }

        #expect(try await store.save(change(from: 0, [("a", F.june, .number(1))], at: F.time(1))) == .saved(version: 1))
        #expect(try await state().submittedAt == nil)
        #expect(try await store.save(change(from: 1, status: .submitted, at: F.time(2))) == .saved(version: 2))
        #expect(try await state().submittedAt == F.time(2))
        // Saved again while submitted: still the time it was submitted.
        #expect(try await store.save(change(from: 2, [("a", F.june, .number(2))], status: .submitted, at: F.time(3)))
                == .saved(version: 3))
        #expect(try await state().submittedAt == F.time(2))
        // Approved: still the time it was submitted.
        #expect(try await store.save(change(from: 3, status: .approved, by: "street", at: F.time(4))) == .saved(version: 4))
        #expect(try await state() == FormState(status: .approved, version: 4, submittedAt: F.time(2), updatedAt: F.time(4),
                                               updatedBy: "street", reason: nil))
    }

    @Test(arguments: StoreFactory.all)
    func anExplanationIsKeptWithTheFormAndItsChangesAudited(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        func save(_ from: Int, _ status: FormStatus, _ explanation: String?, at t: Int) async throws -> SaveOutcome {
            try await store.save(FormSave(unit: "u", month: F.june, expectedVersion: from, values: [("a", F.june, .number(Number(t)))],
                                          status: status, user: "me", at: F.time(t), explanation: explanation))
        }
        #expect(try await save(0, .draft, "新建小区交付", at: 1) == .saved(version: 1))
        #expect(try await store.formState(unit: "u", month: F.june).explanation == "新建小区交付")
        #expect(try await store.formStates(units: ["u"], month: F.june)["u"]?.explanation == "新建小区交付")
        #expect(try await save(1, .submitted, "新建小区交付", at: 2) == .saved(version: 2), "unchanged: not audited again")
        #expect(try await save(2, .draft, nil, at: 3) == .saved(version: 3))
        #expect(try await store.formState(unit: "u", month: F.june).explanation == nil)
        // A stale save writes no explanation.
        #expect(try await save(1, .draft, "别的", at: 4) == .conflict(current: 3))
        let audit = try await store.audit(unit: "u", month: F.june).filter { $0.action == "explanation" }.map(auditLine)
        #expect(audit == ["\(F.time(1)) me u 2023-06 explanation -@- ∅→新建小区交付", "\(F.time(3)) me u 2023-06 explanation -@- 新建小区交付→∅"])
    }

    @Test(arguments: StoreFactory.all)
    func aReturnKeepsItsReasonUntilTheNextStepAndAResubmissionIsANewSubmission(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        func state() async throws -> FormState { try await store.formState(unit: "u", month: F.june) }

        #expect(try await store.save(change(from: 0, [("a", F.june, .number(1))], status: .submitted, at: F.time(1)))
                == .saved(version: 1))
        #expect(try await store.save(change(from: 1, status: .returned, by: "street", at: F.time(2), reason: "人口数有误，请核实"))
                == .saved(version: 2))
        #expect(try await state() == FormState(status: .returned, version: 2, submittedAt: F.time(1), updatedAt: F.time(2),
                                               updatedBy: "street", reason: "人口数有误，请核实"))
        // The filler corrects it: the reason is answered, the first submission time stays.
        #expect(try await store.save(change(from: 2, [("a", F.june, .number(2))], at: F.time(3))) == .saved(version: 3))
        #expect(try await state() == FormState(status: .draft, version: 3, submittedAt: F.time(1), updatedAt: F.time(3),
                                               updatedBy: "me", reason: nil))
        // Submitting again is a new submission, at its own time.
        #expect(try await store.save(change(from: 3, status: .submitted, at: F.time(4))) == .saved(version: 4))
        #expect(try await state().submittedAt == F.time(4))
        // A return straight after submission, then a resubmission: the same.
        #expect(try await store.save(change(from: 4, status: .returned, by: "street", at: F.time(5), reason: "再核"))
                == .saved(version: 5))
        #expect(try await state().reason == "再核")
        #expect(try await store.save(change(from: 5, status: .submitted, at: F.time(6))) == .saved(version: 6))
        #expect(try await state() == FormState(status: .submitted, version: 6, submittedAt: F.time(6), updatedAt: F.time(6),
                                               updatedBy: "me", reason: nil))
    }

    // MARK: Concurrent writers

    @Test(arguments: StoreFactory.all)
    func ofTwentyConcurrentFirstSavesOfOneFormExactlyOneWins(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let outcomes = try await withThrowingTaskGroup(of: SaveOutcome.self) { group in
            for i in 0..<20 {
                group.addTask {
                    try await store.save(change(from: 0, [("a", F.june, .number(Number(i)))], by: "user\(i)", at: F.time(i)))
                }
            }
            var outcomes: [SaveOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0 == .saved(version: 1) }.count == 1)
        #expect(outcomes.filter { $0 == .conflict(current: 1) }.count == 19)
        // Only the winner's save is there, whole: its value, its audit entries, its name on the form.
        let state = try await store.formState(unit: "u", month: F.june)
        #expect(state.version == 1)
        let winner = try #require(state.updatedBy)
        let i = try #require(Int(winner.dropFirst("user".count)))
        #expect(state.updatedAt == F.time(i))
        #expect(try await store.values(units: ["u"], periods: [F.june]).map(\.value) == [.number(Number(i))])
        #expect(try await store.audit(unit: nil, month: nil).map(auditLine)
                == ["\(F.time(i)) \(winner) u 2023-06 value a@2023-06 ∅→\(i)", "\(F.time(i)) \(winner) u 2023-06 status -@- empty→draft"])
    }

    @Test(arguments: StoreFactory.all)
    func concurrentWritersThatRetryOnConflictEachGetTheirOwnVersion(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<20 {
                group.addTask {
                    while true {
                        let current = try await store.formState(unit: "u", month: F.june).version
                        let outcome = try await store.save(change(from: current, [("f\(i)", F.june, .number(Number(i)))],
                                                                  by: "user\(i)", at: F.time(i)))
                        if case .saved(let version) = outcome { return version }
                    }
                }
            }
            var versions: [Int] = []
            for try await version in group { versions.append(version) }
            return versions
        }
        #expect(versions.sorted() == Array(1...20))
        #expect(try await store.formState(unit: "u", month: F.june).version == 20)
        #expect(try await store.values(units: ["u"], periods: [F.june]).count == 20)
        let audit = try await store.audit(unit: "u", month: F.june)
        #expect(audit.filter { $0.action == "value" }.count == 20)
        #expect(audit.filter { $0.action == "status" }.count == 1)
    }

    @Test(arguments: StoreFactory.all)
    func twentyUnitsSavingAtOnceAreAllSaved(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let units = (1...20).map { "c\($0)" }
        let outcomes = try await withThrowingTaskGroup(of: SaveOutcome.self) { group in
            for (i, unit) in units.enumerated() {
                group.addTask {
                    try await store.save(change(unit, from: 0, [("pop", F.june, .number(Number(i)))], status: .submitted,
                                                by: unit, at: F.time(i)))
                }
            }
            var outcomes: [SaveOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes == Array(repeating: SaveOutcome.saved(version: 1), count: 20))
        let states = try await store.formStates(units: units, month: F.june)
        #expect(units.allSatisfy { states[$0]?.version == 1 && states[$0]?.status == .submitted })
        #expect(try await store.values(units: units, periods: [F.june]).count == 20)
        #expect(try await store.audit(unit: nil, month: F.june).count == 40)
    }
}
