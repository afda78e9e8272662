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

    // MARK: Units

    @Test(arguments: StoreFactory.all)
    func unitsComeBackInTheOrderGivenWithTheirParentsCodes(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // Deliberately not in code order: the store keeps the order it is given.
        let tree = UnitTree(units: [
            OrgUnit(code: "51", name: "成都市", level: .city, parent: nil),
            OrgUnit(code: "5101", name: "锦江区", level: .district, parent: 0),
            OrgUnit(code: "510102", name: "乙街道", level: .street, parent: 1),
            OrgUnit(code: "510101", name: "甲街道", level: .street, parent: 1),
            OrgUnit(code: "510102001", name: "一社区", level: .community, parent: 2),
            OrgUnit(code: "510101001", name: "二社区 (新)", level: .community, parent: 3),
        ])
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(try await store.isEmpty() == false)
        #expect(try await unitLines(store.units()) == [
            "51 成都市 city -",
            "5101 锦江区 district 51",
            "510102 乙街道 street 5101",
            "510101 甲街道 street 5101",
            "510102001 一社区 community 510102",
            "510101001 二社区 (新) community 510101",
        ])
    }

    @Test(arguments: StoreFactory.all)
    func replacingUnitsReplacesThemAllNothingOfTheOldListStays(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let old = UnitTree(units: [
            OrgUnit(code: "51", name: "成都市", level: .city, parent: nil),
            OrgUnit(code: "5101", name: "锦江区", level: .district, parent: 0),
            OrgUnit(code: "5102", name: "青羊区", level: .district, parent: 0),
        ])
        try await store.replaceUnits(old.units, tree: old)
        let new = UnitTree(units: [
            OrgUnit(code: "5101", name: "锦江区 (改)", level: .city, parent: nil),
            OrgUnit(code: "510101", name: "甲街道", level: .street, parent: 0),
        ])
        try await store.replaceUnits(new.units, tree: new)
        #expect(try await unitLines(store.units()) == ["5101 锦江区 (改) city -", "510101 甲街道 street 5101"])
        #expect(try await store.isEmpty() == false)
    }

    // MARK: Users

    @Test(arguments: StoreFactory.all)
    func aUserIsAddedThenUpdatedInPlaceByName(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let filler = UserRecord(username: "c001", passwordHash: "$2b$12$first.hash", role: .filler, unit: "510101001")
        let admin = UserRecord(username: "管理员", passwordHash: "$2b$12$admin.hash", role: .admin, unit: "51")
        try await store.upsertUser(filler)
        try await store.upsertUser(admin)
        #expect(try await store.user(named: "c001") == filler)
        #expect(try await store.user(named: "管理员") == admin)

        // The same name again changes role, unit and password hash; it is not a second user.
        let moved = UserRecord(username: "c001", passwordHash: "$2b$12$second.hash", role: .reviewer, unit: "510101")
        try await store.upsertUser(moved)
        #expect(try await store.user(named: "c001") == moved)
        #expect(try await store.user(named: "管理员") == admin)
        #expect(try await store.user(named: "nobody") == nil)
        // Users are not units: a store with users only is still to be seeded.
        #expect(try await store.isEmpty())
    }

    // MARK: User administration

    @Test(arguments: StoreFactory.all)
    func usersAreCreatedOnceChangedWithTheirSessionsAndAudited(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        func audit(_ action: String, _ target: String, _ minute: Int) -> AdminAuditEntry {
            AdminAuditEntry(at: F.time(minute), user: "admin", action: action, target: target, detail: "d\(minute)")
        }
        let worker = UserRecord(username: "w", passwordHash: "h1", role: .filler, unit: "u", mustChangePassword: true)
        #expect(try await store.createUser(worker, audit: audit("create_user", "w", 1)))
        #expect(try await store.createUser(UserRecord(username: "w", passwordHash: "x", role: .admin, unit: "v"), audit: audit("create_user", "w", 2)) == false)
        #expect(try await store.user(named: "w") == worker)
        try await store.upsertUser(UserRecord(username: "a", passwordHash: "h", role: .admin, unit: "u"))
        #expect(try await store.users().map(\.username) == ["a", "w"])
        for token in ["t1", "t2"] { try await store.createSession(token: token, username: "w", expires: "2999-01-01T00:00:00Z") }
        // A new password ends every session of the user but the one that changed it.
        let changed = UserRecord(username: "w", passwordHash: "h2", role: .filler, unit: "u")
        #expect(try await store.updateUser(changed, audit: audit("change_own_password", "w", 3), keepSession: "t1"))
        #expect(try await store.sessionUser(token: "t1", now: F.time(4)) == changed)
        #expect(try await store.sessionUser(token: "t2", now: F.time(4)) == nil)
        // Disabled: no session names the user any more.
        let disabled = UserRecord(username: "w", passwordHash: "h2", role: .filler, unit: "u", disabled: true)
        #expect(try await store.updateUser(disabled, audit: audit("change_user", "w", 5), keepSession: nil))
        #expect(try await store.sessionUser(token: "t1", now: F.time(6)) == nil)
        #expect(try await store.user(named: "w")?.disabled == true)
        #expect(try await store.updateUser(UserRecord(username: "ghost", passwordHash: "h", role: .filler, unit: "u"),
                                           audit: audit("change_user", "ghost", 7), keepSession: nil) == false)
        _ = try await store.publishTemplates(files: ["a.bbt": ""], by: "admin", at: F.time(8))
        #expect(try await store.adminAudit().map { "\($0.action) \($0.target) \($0.at)" } == [
            "create_user w \(F.time(1))", "change_own_password w \(F.time(3))", "change_user w \(F.time(5))",
            "publish_templates 第 1 版 \(F.time(8))",
        ])
    }

    // MARK: Units over time

    @Test(arguments: StoreFactory.all)
    func unitsAreAddedChangedClosedAndAppliedWithTheirAudit(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let tree = UnitTree(units: [
            OrgUnit(code: "51", name: "市", level: .city, parent: nil),
            OrgUnit(code: "s", name: "街道", level: .street, parent: 0),
            OrgUnit(code: "c", name: "社区", level: .community, parent: 1),
        ], spans: [.always, .always, UnitSpan(from: MonthNumber.of(year: 2023, month: 2), until: nil)])
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(unitLines(try await store.units()) == ["51 市 city -", "s 街道 street 51", "c 社区 community s 2023-02–…"])
        func audit(_ n: Int) -> AdminAuditEntry { AdminAuditEntry(at: F.time(n), user: "admin", action: "a\(n)", target: "t", detail: "") }
        let new = StoredUnit(code: "d", name: "新社区", level: .community, parent: "s", from: "2023-07", until: nil)
        #expect(try await store.addUnit(new, audit: audit(1)))
        #expect(try await store.addUnit(new, audit: audit(2)) == false)
        try await store.changeUnit(StoredUnitChange(code: "c", from: "2023-08", name: "社区(新)", parent: nil), audit: audit(3))
        try await store.closeUnit(code: "d", until: "2023-09", audit: audit(4))
        try await store.applyUnits(adding: [StoredUnit(code: "e", name: "又一社区", level: .community, parent: "s", from: "2024-01", until: nil)],
                                   changing: [StoredUnitChange(code: "c", from: "2024-01", name: nil, parent: "s")],
                                   closing: ["c"], until: "2024-06", audit: audit(5))
        #expect(unitLines(try await store.units()) == [
            "51 市 city -", "s 街道 street 51", "c 社区 community s 2023-02–2024-06", "d 新社区 community s 2023-07–2023-09",
            "e 又一社区 community s 2024-01–…",
        ])
        #expect(try await store.unitChanges() == [
            StoredUnitChange(code: "c", from: "2023-08", name: "社区(新)", parent: nil),
            StoredUnitChange(code: "c", from: "2024-01", name: nil, parent: "s"),
        ])
        #expect(try await store.adminAudit().map(\.action) == ["a1", "a3", "a4", "a5"])
        // The tree they make: 社区 renamed from August, 新社区 only July to September.
        let stored = UnitTree.stored(try await store.units(), changes: try await store.unitChanges())
        #expect(stored.at(Period("2023-08")!)[2].name == "社区(新)" && stored.at(Period("2023-07")!)[2].name == "社区")
        #expect(stored.exists(3, in: Period("2023-09")!) && !stored.exists(3, in: Period("2023-10")!))
        // Replacing the units (a new seed) starts the history afresh.
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(try await store.unitChanges().isEmpty)
    }

    // MARK: Sessions

    @Test(arguments: StoreFactory.all)
    func aSessionNamesItsUserUntilItExpires(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let user = UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001")
        try await store.upsertUser(user)
        try await store.createSession(token: "tok", username: "c001", expires: "2023-07-01T08:00:00Z")
        #expect(try await store.sessionUser(token: "tok", now: "2023-06-01T00:00:00Z") == user)
        #expect(try await store.sessionUser(token: "tok", now: "2023-07-01T07:59:59Z") == user)
        #expect(try await store.sessionUser(token: "tok", now: "2023-07-01T08:00:01Z") == nil)
        #expect(try await store.sessionUser(token: "tok", now: "2024-01-01T00:00:00Z") == nil)
        #expect(try await store.sessionUser(token: "other", now: "2023-06-01T00:00:00Z") == nil)
    }

    @Test(arguments: StoreFactory.all)
    func aSessionGivesTheUserAsTheyAreNowAndNoOneOnceTheUserIsGone(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // A session may be created before its user exists; it names no one until then.
        try await store.createSession(token: "tok", username: "c001", expires: "2999-01-01T00:00:00Z")
        #expect(try await store.sessionUser(token: "tok", now: F.time(0)) == nil)
        try await store.upsertUser(UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001"))
        #expect(try await store.sessionUser(token: "tok", now: F.time(0))?.role == .filler)
        // A role change takes effect on the next request of a live session.
        let promoted = UserRecord(username: "c001", passwordHash: "h", role: .reviewer, unit: "510101")
        try await store.upsertUser(promoted)
        #expect(try await store.sessionUser(token: "tok", now: F.time(0)) == promoted)
    }

    @Test(arguments: StoreFactory.all)
    func aDeletedSessionIsGoneAndTheUsersOtherSessionsStay(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let user = UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001")
        try await store.upsertUser(user)
        try await store.createSession(token: "phone", username: "c001", expires: "2999-01-01T00:00:00Z")
        try await store.createSession(token: "laptop", username: "c001", expires: "2999-01-01T00:00:00Z")
        try await store.deleteSession(token: "phone")
        #expect(try await store.sessionUser(token: "phone", now: F.time(0)) == nil)
        #expect(try await store.sessionUser(token: "laptop", now: F.time(0)) == user)
        // Logging out twice, or with a token never issued, is no error.
        try await store.deleteSession(token: "phone")
        try await store.deleteSession(token: "never-issued")
        #expect(try await store.sessionUser(token: "laptop", now: F.time(0)) == user)
    }

    // MARK: Templates

    @Test(arguments: StoreFactory.all)
    func publishedTemplatesAreNumberedFromOneAndTheLatestComesBackExactly(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let first = [
            "a.bbt": "field pop \"常住人口\" int stock\n",
            "报表/b.bbt": "report R \"表\" {\n  form_no \"测01表\"\n}\n",
        ]
        let long = (1...2_000).map { "field f\($0) \"字段\($0)\" int stock" }.joined(separator: "\n")
        let second = [
            "a.bbt": "field pop \"常住人口（人）\" int stock\n",
            "sub/dir/c.bbt": "  leading and trailing spaces  \n\n\ttab\r\nCRLF \"quotes\" \\ backslash 'single' 😀 𠀀\n",
            "long.bbt": long,
            "empty.bbt": "",
        ]
        #expect(try await store.publishTemplates(files: first, by: "admin", at: F.time(1)) == 1)
        #expect(try await store.publishTemplates(files: second, by: "管理员", at: F.time(2)) == 2)
        let published = try await store.latestTemplates()
        let latest = try #require(published)
        #expect(latest.version == 2)
        // Exactly the files of the last publication: none of the first's is left over ("报表/b.bbt").
        #expect(latest.files == second)
        #expect(latest.publishedAt == F.time(2))
        #expect(latest.publishedBy == "管理员")
        let history = try await store.templateHistory().map { "\($0.version) \($0.publishedAt) \($0.publishedBy)" }
        #expect(history == ["1 \(F.time(1)) admin", "2 \(F.time(2)) 管理员"])
        #expect(try await store.publishTemplates(files: first, by: "admin", at: F.time(3)) == 3)
        #expect(try await store.latestTemplates()?.files == first)
        #expect(try await store.templateHistory().map(\.version) == [1, 2, 3])
    }

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
