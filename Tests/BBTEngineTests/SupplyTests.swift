import BBTEngine
import BBTNumber
import BBTTemplates
import BBTTestSupport
import Testing

/// A department's upload checked against the templates and the provider's rights, and what a form
/// does with the values it supplied.
@Suite struct SupplyTests {
    let world = World("""
        source gongan "公安"
        source minzheng "民政"
        field pop "常住人口" int min 0 stock from gongan
        field elderly "60岁以上" int min 0 stock from gongan
        field dibao "低保人数" int min 0 stock from minzheng
        field visits "走访户数" int min 0 flow
        rule dibao <= pop "低保人数不能超过常住人口"

        """ + report("M", every: "month", "  column \"pop\" = pop\n  column \"dibao\" = dibao\n  column \"visits\" = visits")
        + report("Q", every: "quarter", "  column \"elderly\" = elderly"))

    func check(_ csv: String, home: String = "5101") -> Result<[Supply.Accepted], Supply.Refusal> {
        Supply.rows(csv: "unit,period,field,value\n" + csv).flatMap {
            Supply.check($0.rows, source: "gongan", home: world.tree.index(of: home), catalog: world.catalog, tree: world.tree)
        }
    }

    func problems(_ r: Result<[Supply.Accepted], Supply.Refusal>) -> [String] {
        switch r {
        case .success: return []
        case .failure(.forbidden(let p)), .failure(.invalid(let p)): return p.map { "\($0.field): \($0.message)" }
        }
    }

    @Test func valuesOfTheSourcesFieldsUnderTheirOwnPeriodsAreAccepted() throws {
        let accepted = try check("c1,2023-06,pop,1200\nc2,2023-Q2,elderly,300\n").get()
        #expect(accepted.map { "\($0.unit) \($0.field) \($0.period) \($0.value.plainText)" }
                == ["c1 pop 2023-06 1200", "c2 elderly 2023-Q2 300"])
    }

    @Test func rowsOutsideTheProvidersRightsAreForbiddenBeforeAnythingElse() {
        let r = check("c1,2023-06,dibao,3\nc4,2023-06,pop,5\n999,2023-06,pop,1\n", home: "510101")
        guard case .failure(.forbidden(let p)) = r else { Issue.record("\(r)"); return }
        #expect(p.map(\.field) == ["第 2 行", "第 3 行"], "unknown units are invalid, not forbidden; they wait for the rights to be clean")
    }

    @Test func everyInvalidRowIsNamed() {
        let r = check("""
            999,2023-06,pop,1
            c1,2023-06,nope,1
            c1,2023-06,elderly,1
            c1,2023-6,pop,1
            c1,2023-06,pop,-1
            c3,2023-06,pop,
            c4,2023-06,pop,1.5
            c2,2023-06,pop,1
            c2,2023-06,pop,2
            510101,2023-06,pop,1
            """)
        #expect(problems(r) == [
            "第 2 行: 没有单位 \"999\"",
            "第 3 行: 没有字段 \"nope\"",
            "第 4 行: elderly 按季采集, 报告期应为如 2023-Q2, 却是 \"2023-06\"",
            "第 5 行: 报告期应为 2023-06、2023-Q2、2023-H1 或 2023 这样的期别, 却是 \"2023-6\"",
            "第 6 行: 不能小于 0",
            "第 7 行: 值是空的",
            "第 8 行: 应为整数",
            "第 10 行: c2 的 pop (2023-06) 重复出现",
            "第 11 行: 街道在 2023-06 不填报 pop (常住人口)",
        ])
    }

    @Test func aCSVNeedsItsHeaderAndAJSONBatchItsPeriod() {
        #expect(problems(Supply.rows(csv: "unit,field\n1,2\n").map { _ in [] })
            == ["第 1 行: 表头缺少 period, value (应为 unit,period,field,value 或 单位,报告期,字段,数值)"])
        let json = JSONValue.object([("period", .string("2023-06")), ("values", .object([("c1", .object([("pop", .number("7"))]))]))])
        #expect((try? Supply.rows(json: json).get())?.rows.map { "\($0.place) \($0.period)" } == ["c1.pop 2023-06"])
        #expect(problems(Supply.rows(json: .object([("values", .object([]))])).map { _ in [] }).count == 1)
    }

    /// A department's own export: the Chinese header in another order, a column of names, and a code
    /// Excel showed in scientific notation.
    @Test func aChineseHeaderIsReadAndOtherColumnsAreNamed() throws {
        let table = try Supply.rows(csv: "单位名称,单位,字段,报告期,数值\n一社区,c1,pop,2023-06,1200\n二社区,5.10104E+11,pop,2023-06,9\n").get()
        #expect(table.ignoredColumns == ["单位名称"])
        #expect(table.rows.map { "\($0.unit) \($0.field) \($0.period)" } == ["c1 pop 2023-06", "5.10104E+11 pop 2023-06"])
        let r = Supply.check(table.rows, source: "gongan", home: world.tree.index(of: "5101"), catalog: world.catalog, tree: world.tree)
        #expect(problems(r) == ["第 3 行: 单位代码 \"5.10104E+11\" 被 Excel 写成了科学计数法, 代码已丢失: 请把单位代码列设为\"文本\"后重新导出 (或上传 XLSX)"])
    }

    /// A field with breakdowns is supplied cell by cell, all of a unit's cells of a period together.
    @Test func aSplitFieldIsSuppliedWhole() throws {
        let w = World("""
            source gongan "公安"
            dimension sex "性别" { male "男", female "女" }
            field pop "户籍人口" int min 0 stock by sex from gongan

            """ + report("M", every: "month", "  columns pop by sex total \"合计\""))
        func check(_ csv: String) -> Result<[Supply.Accepted], Supply.Refusal> {
            Supply.rows(csv: "unit,period,field,value\n" + csv).flatMap {
                Supply.check($0.rows, source: "gongan", home: w.tree.index(of: "5101"), catalog: w.catalog, tree: w.tree)
            }
        }
        let whole = try check("c1,2023-06,pop[sex.male],40\nc1,2023-06,pop[sex.female],60\n").get()
        #expect(whole.map { "\($0.field) \($0.value.plainText)" } == ["pop[sex.male] 40", "pop[sex.female] 60"])
        #expect(problems(check("c1,2023-06,pop[sex.male],40\nc2,2023-06,pop,100\n"))
            == ["第 3 行: 没有字段 \"pop\"", "c1.pop: pop 须同时提供全部 2 个分组的值 (2023-06), 缺少 pop[sex.female]"])
    }

    // MARK: the form

    func edit(_ values: [(String, JSONValue)], submit: Bool, corrections: [(field: String, reason: String)] = [],
              stored: [String: Value] = [:], reasons: [String: String] = [:]) -> Result<FormStep, FormRefusal> {
        let form = OneForm(catalog: world.catalog, month: .month(2023, 6), level: .community)
        let provided: [String: ProvidedValue] = [
            "pop": ProvidedValue(value: .number(1200), source: "gongan", sourceName: "公安", at: "2023-07-02T01:00:00Z"),
            "dibao": ProvidedValue(value: .number(30), source: "minzheng", sourceName: "民政", at: "2023-07-03T01:00:00Z"),
        ]
        return FormWorkflow.edit(FormEdit(values: values.map { (field: $0.0, value: $0.1) }, version: 0, submit: submit, corrections: corrections),
                                 form: form, catalog: world.catalog, state: .empty, stored: stored, provided: provided, reasons: reasons,
                                 by: Actor(role: .filler, relation: .own))
    }

    @Test func suppliedValuesTheCommunityKeepsBecomeTheFormsValues() throws {
        let step = try edit([("visits", .number("40")), ("elderly", .number("200"))], submit: true).get()
        #expect(step.status == .submitted)
        #expect(Set(step.changes.map { "\($0.field)=\($0.value?.plainText ?? "")" }) == ["visits=40", "elderly=200", "pop=1200", "dibao=30"])
        #expect(step.corrections.isEmpty)
    }

    @Test func aDifferentValueNeedsAReasonToBeSubmittedButNotToBeSaved() throws {
        let values: [(String, JSONValue)] = [("visits", .number("40")), ("elderly", .number("200")), ("pop", .number("1210"))]
        guard case .failure(.cannotSubmit(let gate, _)) = edit(values, submit: true) else { Issue.record("submitted"); return }
        #expect(gate.uncorrectedFields == ["pop"])
        #expect(gate.fieldMessages == [FieldMessage("pop", "与公安提供的数据 (1200) 不同, 请填写更正原因")])
        #expect(gate.summary == "有 1 项与部门数据不同, 请填写更正原因")
        #expect((try? edit(values, submit: false).get())?.status == .draft)
        let step = try edit(values, submit: true, corrections: [("pop", "  入户核实多10人 ")]).get()
        #expect(step.corrections == [Correction(field: "pop", period: .month(2023, 6), provided: .number(1200), reason: "入户核实多10人")])
        // A reason given before still counts; a value back at the supplied one needs none.
        #expect((try? edit(values, submit: true, reasons: ["pop": "入户核实"]).get())?.status == .submitted)
        let back = try edit(values.dropLast() + [("pop", .number("1200"))], submit: true, corrections: [("pop", "x")]).get()
        #expect(back.corrections.isEmpty)
    }

    @Test func reasonsAreCheckedLikeValues() {
        guard case .failure(.invalidValues(let p)) = edit([], submit: false, corrections: [("visits", "x"), ("pop", " ")]) else {
            Issue.record("accepted"); return
        }
        #expect(p == [FieldMessage("visits", "这一项没有部门提供的数据, 不需要更正原因"), FieldMessage("pop", "更正原因必填, 不超过 500 字")])
    }
}
