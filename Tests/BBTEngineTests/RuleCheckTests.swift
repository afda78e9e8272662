import BBTEngine
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

@Suite struct RuleCheckTests {
    let world = World("""
        field pop "常住人口" int stock
        field party "党员人数" int stock
        field plan "计划" int stock
        field started "已开工" int stock
        field done "已完工" int stock
        field invest "投资" decimal(2) flow
        rule party <= pop "党员人数不能超过常住人口"
        rule done <= started and started <= plan "已完工 ≤ 已开工 ≤ 计划"
        rule invest <= prev(invest) * 3 "投资比上月增长过快" warning

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"party\" = party\n  column \"invest\" = invest")
        + report("Q", every: "quarter", "  column \"plan\" = plan\n  column \"started\" = started\n  column \"done\" = done"))

    func check(_ month: String, _ values: [String: Value], history: [String: Value] = [:]) -> [String] {
        let form = OneForm(catalog: world.catalog, month: Period(month)!, level: .community)
        return RuleBook(catalog: world.catalog).violations(form: form, values: values) { id, p in history["\(id)@\(p)"] }.map(\.message)
    }

    @Test func failingRulesAreReportedWithTheirSeverity() {
        #expect(check("2023-05", ["pop": .number(10), "party": .number(11)]) == ["党员人数不能超过常住人口"])
        #expect(check("2023-05", ["pop": .number(10), "party": .number(10)]) == [])
    }

    @Test func aRuleWithEmptyInputsIsNotChecked() {
        #expect(check("2023-05", ["party": .number(11)]) == [])
    }

    @Test func aRuleOverQuarterlyFieldsIsCheckedOnTheFormThatHoldsThem() {
        let bad: [String: Value] = ["plan": .number(5), "started": .number(4), "done": .number(6)]
        #expect(check("2023-06", bad) == ["已完工 ≤ 已开工 ≤ 计划"])
        #expect(check("2023-05", bad) == [])        // May's form does not hold them
    }

    @Test func timeFunctionsInRulesReadTheHistory() {
        let values: [String: Value] = ["invest": .number(40)]
        #expect(check("2023-05", values, history: ["invest@2023-04": .number(10)]) == ["投资比上月增长过快"])
        #expect(check("2023-05", values, history: ["invest@2023-04": .number(20)]) == [])
        #expect(check("2023-05", values) == [])   // no April: not checked
    }
}
