import BBTEngine
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// The life of a form: every action from every status by every role and relation, then the steps
/// that save, submit and review with their refusals.
@Suite struct FormWorkflowTests {
    static let actors: [Actor] = UserRole.allCases.flatMap { role in UnitRelation.allCases.map { Actor(role: role, relation: $0) } }

    /// What each action does from each status, for the one actor allowed to take it.
    static let transitions: [String] = [
        "empty save → draft", "empty submit → submitted", "empty approve → 409", "empty return → 409",
        "draft save → draft", "draft submit → submitted", "draft approve → 409", "draft return → 409",
        "submitted save → 409", "submitted submit → 409", "submitted approve → approved", "submitted return → returned",
        "approved save → 409", "approved submit → 409", "approved approve → 409", "approved return → returned",
        "returned save → draft", "returned submit → submitted", "returned approve → 409", "returned return → 409",
    ]

    /// Who may take each action at all: a filler on their own unit fills; a reviewer of an office
    /// above reviews; nobody else does anything.
    static func allowedActor(_ action: FormAction) -> Actor {
        switch action {
        case .save, .submit: Actor(role: .filler, relation: .own)
        case .approve, .return: Actor(role: .reviewer, relation: .below)
        }
    }

    @Test func everyTransitionByEveryRoleAndRelation() {
        var seen: [String] = []
        for status in FormStatus.allCases {
            for action in FormAction.allCases {
                for actor in FormWorkflowTests.actors {
                    let result = FormWorkflow.decide(action, from: status, by: actor)
                    if actor != FormWorkflowTests.allowedActor(action) {
                        #expect(result == .failure(.forbidden), "\(actor) \(action) from \(status)")
                        continue
                    }
                    switch result {
                    case .success(let next): seen.append("\(status) \(action) → \(next)")
                    case .failure(.locked), .failure(.notApplicable): seen.append("\(status) \(action) → 409")
                    case .failure(let other): Issue.record("\(status) \(action): \(other)")
                    }
                }
            }
        }
        #expect(seen == FormWorkflowTests.transitions)
    }

    @Test func submittedAndApprovedFormsAreLocked() {
        #expect(FormStatus.allCases.filter(FormWorkflow.isLocked) == [.submitted, .approved])
        #expect(FormWorkflow.decide(.save, from: .approved, by: Actor(role: .filler, relation: .own)) == .failure(.locked(.approved)))
    }

    @Test func whoReadsAUnit() {
        let readers = FormWorkflowTests.actors.filter(\.mayRead).map(\.description)
        #expect(readers == ["filler/own", "reviewer/own", "reviewer/below", "admin/own", "admin/below", "admin/outside"])
    }

    @Test func relationsComeFromTheUnitTree() {
        let tree = UnitTree(units: [
            OrgUnit(code: "d", name: "区", level: .district, parent: nil),
            OrgUnit(code: "s1", name: "街道1", level: .street, parent: 0),
            OrgUnit(code: "s2", name: "街道2", level: .street, parent: 0),
            OrgUnit(code: "c1", name: "社区1", level: .community, parent: 1),
        ])
        #expect(tree.relation(of: 3, from: 1) == .below)
        #expect(tree.relation(of: 3, from: 0) == .below)
        #expect(tree.relation(of: 1, from: 1) == .own)
        #expect(tree.relation(of: 3, from: 2) == .outside)
        #expect(tree.relation(of: 0, from: 1) == .outside)
        #expect(tree.relation(of: 0, from: nil) == .outside)
    }

    @Test func aMonthStoresItsValuesUnderEveryPeriodItEnds() {
        #expect(FormWorkflow.storagePeriods(of: .month(2023, 5)).map(\.description) == ["2023-05"])
        #expect(FormWorkflow.storagePeriods(of: .month(2023, 6)).map(\.description) == ["2023-06", "2023-Q2", "2023-H1"])
        #expect(FormWorkflow.storagePeriods(of: .month(2023, 12)).map(\.description) == ["2023-12", "2023-Q4", "2023-H2", "2023"])
    }

    // MARK: steps

    let world = World("""
        field pop "常住人口" int min 0 stock carry
        field households "户数" int min 0 stock
        field note "备注" text optional
        field plan "计划" int stock
        rule households <= pop "户数不能超过常住人口"
        rule plan <= pop * 2 "计划偏大" warning

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"hh\" = households\n  column \"note\" = note")
        + report("Q", every: "quarter", "  column \"plan\" = plan"))

    static let filler = Actor(role: .filler, relation: .own)
    static let reviewer = Actor(role: .reviewer, relation: .below)

    func edit(_ values: [(String, JSONValue)], month: String = "2023-06", version: Int = 0, submit: Bool = false,
              state: FormState = .empty, stored: [String: Value] = [:]) -> Result<FormStep, FormRefusal> {
        let form = OneForm(catalog: world.catalog, month: Period(month)!, level: .community)
        return FormWorkflow.edit(FormEdit(values: values.map { (field: $0.0, value: $0.1) }, version: version, submit: submit),
                                 form: form, catalog: world.catalog, state: state, stored: stored, by: FormWorkflowTests.filler)
    }

    func refusal(_ result: Result<FormStep, FormRefusal>) -> FormRefusal? {
        if case .failure(let r) = result { return r }
        return nil
    }

    static func state(_ status: FormStatus, _ version: Int) -> FormState {
        FormState(status: status, version: version, submittedAt: nil, updatedAt: nil, updatedBy: nil, reason: nil)
    }

    @Test func aDraftKeepsValuesUnderTheirOwnPeriodsAndReportsFailingRules() throws {
        let step = try edit([("pop", .number("10")), ("households", .number("12")), ("plan", .number("30"))]).get()
        #expect(step.status == .draft)
        #expect(step.changes.map { "\($0.field)@\($0.period)" } == ["pop@2023-06", "households@2023-06", "plan@2023-Q2"])
        #expect(step.errors.map(\.message) == ["户数不能超过常住人口"])
        #expect(step.warnings.map(\.message) == ["计划偏大"])
    }

    @Test func aNullClearsAValue() throws {
        let step = try edit([("pop", .null)], version: 1, state: FormWorkflowTests.state(.draft, 1), stored: ["pop": .number(5)]).get()
        #expect(step.changes.count == 1 && step.changes[0].value == nil)
    }

    @Test func everyBadValueIsNamedAtOnce() {
        let result = edit([("pop", .number("-1")), ("households", .string("很多")), ("nope", .number("1")), ("plan", .number("1"))],
                          month: "2023-05")
        guard case .failure(.invalidValues(let problems)) = result else { Issue.record("\(result)"); return }
        #expect(problems == [FieldMessage("pop", "不能小于 0"), FieldMessage("households", "应为数字"),
                             FieldMessage("nope", "没有这个字段"), FieldMessage("plan", "2023-05 的表单没有这一项")])
    }

    @Test func aStaleVersionIsAConflictBeforeAnyValueIsRead() {
        #expect(refusal(edit([("pop", .string("x"))], version: 2, state: FormWorkflowTests.state(.draft, 3))) == .versionConflict(current: 3))
    }

    @Test func aSubmitNeedsEveryRequiredFieldAndNoFailingErrorRule() {
        let missing = edit([("pop", .number("10"))], submit: true)
        guard case .failure(.cannotSubmit(let gate, _)) = missing else { Issue.record("\(missing)"); return }
        #expect(gate.missingFields == ["households", "plan"])
        #expect(gate.summary == "还有 2 项必填未填")
        #expect(gate.fieldMessages == [FieldMessage("households", "必填"), FieldMessage("plan", "必填")])

        let failing = edit([("pop", .number("10")), ("households", .number("12")), ("plan", .number("1"))], submit: true)
        guard case .failure(.cannotSubmit(let ruleGate, _)) = failing else { Issue.record("\(failing)"); return }
        #expect(ruleGate.failedRules.map(\.message) == ["户数不能超过常住人口"])
        #expect(ruleGate.fieldMessages == [FieldMessage("households", "户数不能超过常住人口"), FieldMessage("pop", "户数不能超过常住人口")])

        // Values saved earlier count: the submit sends only what changed.
        let stored: [String: Value] = ["pop": .number(10), "households": .number(4)]
        let ok = edit([("plan", .number("30"))], version: 1, submit: true, state: FormWorkflowTests.state(.returned, 1), stored: stored)
        #expect((try? ok.get())?.status == .submitted)
        #expect((try? ok.get())?.warnings.map(\.message) == ["计划偏大"])
    }

    @Test func aLockedFormRefusesEditsBeforeCheckingVersions() {
        #expect(refusal(edit([], version: 0, state: FormWorkflowTests.state(.submitted, 4))) == .locked(.submitted))
    }

    @Test func aReturnNeedsAReason() {
        let submitted = FormWorkflowTests.state(.submitted, 2)
        #expect(refusal(FormWorkflow.review(.return, state: submitted, by: FormWorkflowTests.reviewer, reason: nil)) == .reasonRequired)
        #expect(refusal(FormWorkflow.review(.return, state: submitted, by: FormWorkflowTests.reviewer, reason: "")) == .reasonRequired)
        let long = String(repeating: "改", count: 501)
        #expect(refusal(FormWorkflow.review(.return, state: submitted, by: FormWorkflowTests.reviewer, reason: long)) == .reasonRequired)
        let returned = try? FormWorkflow.review(.return, state: submitted, by: FormWorkflowTests.reviewer, reason: "户数请核实").get()
        #expect(returned?.status == .returned && returned?.reason == "户数请核实")
        let approved = try? FormWorkflow.review(.approve, state: submitted, by: FormWorkflowTests.reviewer, reason: "很好").get()
        #expect(approved?.status == .approved && approved?.reason == nil)
        #expect(refusal(FormWorkflow.review(.approve, state: .empty, by: FormWorkflowTests.reviewer, reason: nil)) == .notApplicable(.approve, .empty))
        #expect(refusal(FormWorkflow.review(.approve, state: submitted, by: FormWorkflowTests.filler, reason: nil)) == .forbidden)
    }

    @Test func missingFieldsIgnoreOptionalOnes() {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 5), level: .community)
        #expect(FormWorkflow.missing(in: form) { _ in false }.map(\.field.id) == ["pop", "households"])
        #expect(FormWorkflow.missing(in: form) { $0.field.id == "pop" }.map(\.field.id) == ["households"])
    }

    @Test func theFormOffersLastPeriodsValueOfACarryFieldUntilOneIsSaved() {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let stored: [String: Value] = ["pop@2023-05": .number(100), "households@2023-05": .number(40), "households@2023-06": .number(41)]
        let (values, carried) = form.values { stored["\($0)@\($1)"] }
        #expect(values == ["households": .number(41)])
        #expect(carried == ["pop": .number(100)])
        #expect(Set(form.periodsShown.map(\.description)) == ["2023-06", "2023-05", "2023-Q2"])
    }
}
