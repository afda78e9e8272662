import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// 核实性审核: an `explain` rule that fails blocks a submit until the filler explains, and the
/// explanation stays with the form as long as something needs explaining.
@Suite struct ExplainRuleTests {
    let world = World("""
        field pop "常住人口" int min 0 stock
        field households "户数" int min 0 stock
        rule households <= pop "户数不能超过常住人口"
        rule abs(pop - prev(pop)) <= prev(pop) * 0.2 "常住人口环比变动超过20%, 请说明原因" explain

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"hh\" = households"))

    /// May had 1,000 residents.
    func history(_ field: String, _ period: Period) -> Value? {
        field == "pop" && period == .month(2023, 5) ? .number(1000) : nil
    }

    func edit(_ pop: Int, submit: Bool, explanation: String? = nil, state: FormState = .empty) -> Result<FormStep, FormRefusal> {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let edit = FormEdit(values: [("pop", .number("\(pop)")), ("households", .number("300"))], version: state.version,
                            submit: submit, explanation: explanation)
        return FormWorkflow.edit(edit, form: form, catalog: world.catalog, state: state, stored: [:],
                                 by: Actor(role: .filler, relation: .own), history: history)
    }

    @Test func aFailingExplainRuleBlocksASubmitWithoutAnExplanation() {
        let result = edit(1400, submit: true)
        guard case .failure(.cannotSubmit(let gate, _)) = result else { Issue.record("\(result)"); return }
        #expect(gate.unexplainedRules.map(\.message) == ["常住人口环比变动超过20%, 请说明原因"])
        #expect(gate.failedRules.isEmpty && gate.missingFields.isEmpty)
        #expect(gate.summary == "有 1 条核实性审核未通过, 请填写上报说明")
        #expect(gate.fieldMessages == [FieldMessage("pop", "常住人口环比变动超过20%, 请说明原因"),
                                       FieldMessage("explanation", "请填写上报说明: 常住人口环比变动超过20%, 请说明原因")])
        // Blank is no explanation.
        guard case .failure(.cannotSubmit) = edit(1400, submit: true, explanation: "  \n") else { Issue.record("blank passed"); return }
    }

    @Test func anExplanationLetsItThroughAndIsKeptWithTheForm() throws {
        let step = try edit(1400, submit: true, explanation: " 新建小区交付, 迁入 400 人 ").get()
        #expect(step.status == .submitted)
        #expect(step.explanation == "新建小区交付, 迁入 400 人")
        #expect(step.explain.map(\.message) == ["常住人口环比变动超过20%, 请说明原因"])
    }

    @Test func anExplanationSavedWithADraftCountsAtSubmit() throws {
        let draft = try edit(1400, submit: false, explanation: "新建小区交付").get()
        #expect(draft.status == .draft && draft.explanation == "新建小区交付")
        #expect(draft.errors.isEmpty, "an explain rule is not an error")
        #expect(draft.explain.count == 1)
        let saved = FormState(status: .draft, version: 1, submittedAt: nil, updatedAt: nil, updatedBy: nil, reason: nil,
                              explanation: draft.explanation)
        let submit = try edit(1400, submit: true, state: saved).get()
        #expect(submit.status == .submitted && submit.explanation == "新建小区交付")
    }

    @Test func aSubmitWithNothingToExplainDropsAnOldExplanation() throws {
        let saved = FormState(status: .returned, version: 3, submittedAt: nil, updatedAt: nil, updatedBy: nil, reason: "人口有误",
                              explanation: "新建小区交付")
        let step = try edit(1100, submit: true, state: saved).get()
        #expect(step.status == .submitted && step.explain.isEmpty && step.explanation == nil)
    }

    @Test func aSaveReadsOnlyTheHistoryItsRulesReach() {
        let june = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let needed = RuleBook(catalog: world.catalog).historyNeeded(form: june)
        #expect(needed.fields == ["pop"])
        #expect(needed.periods == [.month(2023, 5)])
        let flows = World("""
            field visits "走访" int min 0 flow
            rule visits <= prev_year(visits) * 2 + ytd(visits) "走访同比翻倍" explain

            """ + report("M", every: "month", "  column \"v\" = visits"))
        let march = RuleBook(catalog: flows.catalog).historyNeeded(form: OneForm(catalog: flows.catalog, month: .month(2023, 3), level: .community))
        #expect(march.fields == ["visits"])
        #expect(march.periods.map(\.description) == ["2022-03", "2023-01", "2023-02"])
    }

    @Test func aRuleWithoutLastMonthIsNotChecked() throws {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let step = try FormWorkflow.edit(FormEdit(values: [("pop", .number("5000")), ("households", .number("300"))], version: 0, submit: true),
                                         form: form, catalog: world.catalog, state: .empty, stored: [:],
                                         by: Actor(role: .filler, relation: .own)).get()
        #expect(step.status == FormStatus.submitted && step.explain.isEmpty)
    }

    @Test func anOverlongExplanationIsRefusedByName() {
        let result = edit(1400, submit: true, explanation: String(repeating: "说", count: FormWorkflow.explanationLimit + 1))
        guard case .failure(.invalidValues(let problems)) = result else { Issue.record("\(result)"); return }
        // Named first; and since it cannot be taken, the jump it meant to explain still blocks the submit,
        // said in the same answer.
        #expect(problems == [FieldMessage("explanation", "上报说明不超过 1000 字"), FieldMessage("pop", "常住人口环比变动超过20%, 请说明原因")])
    }

    /// A submit with a value that does not parse also hears what else blocks it: a missing item, a
    /// rule broken by the values that did parse — in one answer.
    @Test func aSubmitHearsTypeErrorsAndRuleFailuresTogether() {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let result = FormWorkflow.edit(FormEdit(values: [("pop", .string("一千"))], version: 0, submit: true),
                                       form: form, catalog: world.catalog, state: .empty, stored: [:], by: Actor(role: .filler, relation: .own))
        guard case .failure(.invalidValues(let problems)) = result else { Issue.record("\(result)"); return }
        #expect(problems.map(\.field) == ["pop", "households"], "\(problems)")
        let draft = FormWorkflow.edit(FormEdit(values: [("pop", .string("一千"))], version: 0, submit: false),
                                      form: form, catalog: world.catalog, state: .empty, stored: [:], by: Actor(role: .filler, relation: .own))
        guard case .failure(.invalidValues(let only)) = draft else { Issue.record("\(draft)"); return }
        #expect(only.map(\.field) == ["pop"], "a draft is refused for what does not parse only")
    }

    @Test func reviewStepsKeepTheExplanation() throws {
        let submitted = FormState(status: .submitted, version: 2, submittedAt: nil, updatedAt: nil, updatedBy: nil, reason: nil,
                                  explanation: "新建小区交付")
        let approve = try FormWorkflow.review(.approve, state: submitted, by: Actor(role: .reviewer, relation: .below), reason: nil).get()
        #expect(approve.explanation == "新建小区交付")
    }
}
