import BBTImport
import BBTSheet
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Department forms as they arrive (Fixtures/forms, written by openpyxl and by LibreOffice from .ods;
/// see its README) drafted against FormTemplates: the drafts and mappings are golden files, and
/// every draft compiles with the catalog.
@Suite struct ImportDraftTests {
    static let forms = Golden.fixtures().appendingPathComponent("forms")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: forms.path)) ?? [])
        .filter { $0.hasSuffix(".xlsx") }.map { String($0.dropLast(5)) }.sorted()
    static let sources = try! TemplateLoader.load(TestTools.path("FormTemplates"))

    static func draft(_ name: String) throws -> ReportDraft {
        let bytes = try Array(Data(contentsOf: forms.appendingPathComponent(name + ".xlsx")))
        return try ReportDraft.make(xlsx: bytes, sources: sources, fileName: name + ".xlsx")
    }

    /// What the fixtures' author meant each column to be (expected-mapping.json).
    struct Expected: Decodable {
        struct Column: Decodable { let header: [String]; let field: String?; let kind: String }
        let file: String, title: String, formNo: String, authority: String, approval: String?, validUntil: String?
        let headerDepth: Int, designatorRow: Bool
        let columns: [Column]
    }
    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: forms.appendingPathComponent("expected-mapping.json"))
        let list = try! JSONDecoder().decode([Expected].self, from: data)
        return Dictionary(uniqueKeysWithValues: list.map { (String($0.file.dropLast(5)), $0) })
    }()

    @Test func thereAreFormsOfEveryKind() {
        #expect(ImportDraftTests.names.count >= 5)
        let depths = Set(ImportDraftTests.expected.values.map(\.headerDepth))
        #expect(depths == [1, 2, 3])
        #expect(Set(ImportDraftTests.expected.values.map(\.designatorRow)) == [true, false])
    }

    @Test(arguments: names) func draftsMatchTheirGoldensAndCompileWithTheCatalog(_ name: String) throws {
        let d = try ImportDraftTests.draft(name)
        Golden.check(d.source, against: "drafts", name + ".bbt")
        let mapping = d.mapping.map { m in
            "\(m.header.joined(separator: " > ")) → \(m.field ?? "新字段 \(m.newField ?? "")")\(m.unsure ? " (请核对)" : ""): \(m.reason)"
        }.joined(separator: "\n") + "\n新字段 \(d.newFields), 一张表单每年多 \(d.addedEntries) 项, 单独填写每年 \(d.manualEntries) 项\n"
        Golden.check(mapping, against: "drafts", name + ".mapping.txt")
        #expect(d.problems.isEmpty, "\(d.problems)")
        // Added to the catalog as a file of its own, the draft compiles without errors.
        let with = Compiler.compile(TemplateSources(ImportDraftTests.sources.files + [SourceFile(path: "new.bbt", text: d.source)]))
        #expect(!with.hasErrors)
        #expect(with.catalog.report(d.id) != nil)
    }

    @Test(arguments: names) func theFormsTitleMetaAndHeaderAreRead(_ name: String) throws {
        let d = try ImportDraftTests.draft(name)
        let e = try #require(ImportDraftTests.expected[name])
        #expect(d.layout.title == e.title)
        #expect(d.layout.meta["表号"] == e.formNo)
        #expect(d.layout.meta["制定机关"] == e.authority)
        #expect(d.layout.meta["批准文号"] == e.approval)
        #expect(d.layout.meta["有效期至"] == e.validUntil)
        #expect(d.layout.headerRows.count == e.headerDepth)
        #expect(d.layout.hasDesignatorRow == e.designatorRow)
        // Line breaks inside a header cell are how the form wraps text, not part of the label.
        #expect(d.layout.columns.map(\.path) == e.columns.map { $0.header.map { $0.replacingOccurrences(of: "\n", with: "") } })
    }

    /// Columns whose label is the field's own are always found; a column asking for something new is
    /// never taken for sure to be an existing field; overall, most columns land where their author meant.
    @Test(arguments: names) func columnsLandWhereTheFormsAuthorMeant(_ name: String) throws {
        let d = try ImportDraftTests.draft(name)
        let e = try #require(ImportDraftTests.expected[name])
        var agreed = 0
        for (m, x) in zip(d.mapping, e.columns) {
            if x.kind == "exact" { #expect(m.field == x.field && !m.unsure, "\(m.header) → \(m.field ?? "new")") }
            if x.kind == "new" { #expect(m.field == nil || m.unsure, "\(m.header) → \(m.field ?? "new")") }
            if m.field == x.field { agreed += 1 }
        }
        #expect(Double(agreed) >= 0.75 * Double(e.columns.count), "\(agreed) of \(e.columns.count)")
    }

    @Test func theFrequencyComesFromTheTitleAndTheYearInFrontIsDropped() throws {
        let d = try ImportDraftTests.draft("shezhi_services_quarter")
        #expect(d.source.contains("report R07 \"社区综合服务情况季报\" {"))
        #expect(d.source.contains("  every quarter\n"))
        #expect(d.source.contains("  valid_until \"2026-06\"\n"))
        #expect(try ImportDraftTests.draft("zuzhi_party_half").source.contains("  every half\n"))
        #expect(try ImportDraftTests.draft("zhengfa_grid_year").source.contains("  every year\n"))
        #expect(try ImportDraftTests.draft("minzheng_relief_month").source.contains("  every month\n"))
    }

    /// The burden delta: adding 住建's form to the catalog costs a community only its new fields.
    @Test func theBurdenDeltaCountsOnlyWhatTheFormAdds() throws {
        let d = try ImportDraftTests.draft("zhujian_elevator")
        let before = Compiler.compile(ImportDraftTests.sources).catalog.burden
        let after = Compiler.compile(TemplateSources(ImportDraftTests.sources.files + [SourceFile(path: "new.bbt", text: d.source)])).catalog.burden
        #expect(d.addedEntries == after.formEntries - before.formEntries)
        #expect(d.manualEntries == after.manualEntries - before.manualEntries)
        // 3 new quarterly fields (12 entries a year), and 小区(院落)数, asked half-yearly and yearly
        // until now, is now asked quarterly (+2); everything else is collected already.
        #expect(d.newFields == 3)
        #expect(d.addedEntries == 14)
        // By hand: 14 distinct fields (the two 本年累计 columns and 完工率 need no fields of their own), quarterly.
        #expect(d.manualEntries == 4 * 14)
    }

    @Test func aRequestedIDIsUsedAndABadOrTakenOneRefused() throws {
        let bytes = try Array(Data(contentsOf: ImportDraftTests.forms.appendingPathComponent("zuzhi_party_half.xlsx")))
        let d = try ReportDraft.make(xlsx: bytes, sources: ImportDraftTests.sources, id: "ZZ09")
        #expect(d.source.contains("report ZZ09 "))
        #expect(d.source.contains("field zz09_5 "))
        #expect(throws: ImportError.self) { try ReportDraft.make(xlsx: bytes, sources: ImportDraftTests.sources, id: "9ZZ") }
        #expect(throws: ImportError.self) { try ReportDraft.make(xlsx: bytes, sources: ImportDraftTests.sources, id: "SZ01") }
    }

    /// A form whose rows are streets (街道名称), as a sheet built cell by cell: one header row, no
    /// meta block, no frequency in its title.
    @Test func aStreetsFormIsFilledByStreetsAndAMissingFrequencyIsSaidSo() throws {
        let sheet = Sheet(rows: [[0: "街道基本情况表"], [0: "街道名称", 1: "区划代码", 2: "常住人口(人)", 3: "辖区面积(平方公里)"]],
                          merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: 3)], rowCount: 2)
        let d = try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: "JD09", fileName: "x.xlsx")
        #expect(d.source.contains("  filled_by street  # 请核对"))
        #expect(d.source.contains("  every month  # 请核对: 标题和报告期中看不出"))
        #expect(d.source.contains("  form_no \"\"  # 请核对: 原表没有表号"))
        #expect(d.mapping.map(\.field) == ["pop_resident", nil])
        #expect(d.source.contains("field jd09_2 \"辖区面积\" decimal(2) unit \"平方公里\" min 0 stock  # 新字段"))
    }

    /// No frequency in the title: the 报告期 cell says it (`2025年` is a year, `2025年6月` a month,
    /// `二季度` a quarter, `上半年` a half).
    @Test func theReportingPeriodCellGivesTheFrequency() throws {
        let rows: [(String, String?)] = [("2025年", "year"), ("2025年6月", "month"), ("2025-06", "month"), ("2025年第二季度", "quarter"),
                                         ("二季度", "quarter"), ("2025年上半年", "half"), ("", nil)]
        for (said, frequency) in rows { #expect(ReportDraft.frequency(period: said) == frequency, "\(said)") }
        let sheet = Sheet(rows: [[0: "户籍人口统计表"], [0: "报告期: 2025年"], [0: "单位名称", 1: "户籍人口(人)", 2: "户数(户)"]],
                          merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: 2)], rowCount: 3)
        let d = try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: "HJ01", fileName: "x.xlsx")
        #expect(d.source.contains("  every year  # 请核对: 按报告期“2025年”推断"), "\(d.source)")
    }

    /// Two columns of one form are never one figure; a likely match keeps the column's head noun.
    @Test func twoColumnsNeverMapToOneFigure() throws {
        let sheet = Sheet(rows: [[0: "网格情况表"], [0: "单位名称", 1: "一般网格数(个)", 2: "一般网格党小组(个)", 3: "常住人口(人)", 4: "常住人口数(人)"]],
                          merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: 4)], rowCount: 2)
        let d = try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: "WG01", fileName: "x.xlsx")
        #expect(d.mapping.map(\.field) == ["grid_general", nil, "pop_resident", nil], "\(d.mapping.map(\.reason))")
        // 党小组 are not 网格: no likely match at all, not merely a taken one.
        #expect(d.mapping[1].reason.hasPrefix("目录中没有这项数据"), "\(d.mapping[1].reason)")
        #expect(d.mapping[3].reason.contains("已是 pop_resident"))
    }

    /// The 户籍人口 table as statistics offices send it: its 合计, 男, 女 and age bands are the total
    /// and slices of the catalog's 户籍人口 (by 性别 and 年龄段), not six new fields; 0-17岁, which
    /// the catalog cuts finer, is the sum of the bands it covers; the year from the 报告期 cell.
    @Test func aSplitTableMapsToTheTotalAndSlicesOfOneField() throws {
        let rows: [[Int: String]] = [
            [0: "户籍人口统计表"],
            [0: "报告期: 2025年"],
            [0: "单位名称", 1: "户籍人口(人)", 7: "户数(户)"],
            [1: "合计", 2: "按性别分", 4: "按年龄分"],
            [2: "男", 3: "女", 4: "0-17岁", 5: "18-59岁", 6: "60岁及以上"],
            [0: "和平街社区", 1: "100", 2: "49", 3: "51", 4: "17", 5: "60", 6: "23", 7: "40"],
            [0: "审核关系：1=2+3=4+5+6，1≥7，9=1"],
        ]
        let merges = [Sheet.Range(top: 0, left: 0, bottom: 0, right: 7), Sheet.Range(top: 2, left: 0, bottom: 4, right: 0),
                      Sheet.Range(top: 2, left: 1, bottom: 2, right: 6), Sheet.Range(top: 3, left: 1, bottom: 4, right: 1),
                      Sheet.Range(top: 3, left: 2, bottom: 3, right: 3), Sheet.Range(top: 3, left: 4, bottom: 3, right: 6),
                      Sheet.Range(top: 2, left: 7, bottom: 4, right: 7)]
        let sheet = Sheet(rows: rows, merges: merges, rowCount: rows.count)
        let d = try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: "HJ02", fileName: "x.xlsx")
        #expect(d.mapping.map { $0.field ?? "new" } == [
            "pop_registered", "pop_registered[sex.male]", "pop_registered[sex.female]",
            "pop_registered[age.a0_3] + pop_registered[age.a4_17]", "pop_registered[age.a18_59]", "pop_registered[age.a60]", "households",
        ], "\(d.mapping.map(\.reason))")
        #expect(d.newFields == 0 && d.problems.isEmpty, "\(d.problems)")
        #expect(d.source.contains("  every year  # 请核对: 按报告期“2025年”推断"))
        #expect(d.source.contains("column pop_registered_0_17 \"0-17岁\" = pop_registered[age.a0_3] + pop_registered[age.a4_17]  # 请核对"))
        // The 审核关系 under the table, drafted as rules over the mapped columns.
        #expect(d.source.contains("rule pop_registered == pop_registered[sex.male] + pop_registered[sex.female] \"审核关系: 1=2+3=4+5+6\""))
        #expect(d.source.contains("rule pop_registered == (pop_registered[age.a0_3] + pop_registered[age.a4_17]) + pop_registered[age.a18_59] + pop_registered[age.a60]"))
        #expect(d.source.contains("rule pop_registered >= households \"审核关系: 1≥7\""))
        #expect(d.source.contains("# 请核对: 审核关系“9=1”对不上表中的栏目"))
    }

    /// Neither title nor 报告期 says it, the note under the table does: 次年…前报送 is a yearly form.
    @Test func aNoteDueNextYearMakesAYearlyReport() throws {
        let sheet = Sheet(rows: [[0: "社区服务设施统计表"], [0: "单位名称", 1: "户数(户)"], [0: "和平街社区", 1: "40"],
                                 [0: "说明: 本表于次年1月31日前报送区统计局。"]],
                          merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: 1)], rowCount: 4)
        let d = try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: "SS01", fileName: "x.xlsx")
        #expect(d.source.contains("  every year  # 请核对: 按表下说明“次年…报送”推断为年报"), "\(d.source)")
    }

    static func splitTable(_ header: [[Int: String]], merges: [Sheet.Range], id: String) throws -> ReportDraft {
        let rows: [[Int: String]] = [[0: "统计表"], [0: "报告期: 2025年6月"]] + header + [[0: "和平街社区", 1: "1"]]
        let sheet = Sheet(rows: rows, merges: [Sheet.Range(top: 0, left: 0, bottom: 0, right: 5)] + merges, rowCount: rows.count)
        return try ReportDraft.make(layout: try FormLayout(sheet), sources: ImportDraftTests.sources, id: id, fileName: "x.xlsx")
    }

    /// A figure the catalog does not collect, split by 性别 and by age bands it does not cut: one new
    /// field `by` the catalog's sex and a new age dimension drafted from the header, its 合计 the
    /// total and the parts slices, every guess marked; the draft compiles with the catalog.
    @Test func aNewFigureWithSplitsBecomesOneFieldWithBy() throws {
        let d = try ImportDraftTests.splitTable([
            [0: "单位名称", 1: "独居老人(人)"],
            [1: "合计", 2: "按性别分", 4: "按年龄分"],
            [2: "男", 3: "女", 4: "60-69岁", 5: "70岁及以上"],
        ], merges: [Sheet.Range(top: 2, left: 0, bottom: 4, right: 0), Sheet.Range(top: 2, left: 1, bottom: 2, right: 5),
                    Sheet.Range(top: 3, left: 1, bottom: 4, right: 1), Sheet.Range(top: 3, left: 2, bottom: 3, right: 3),
                    Sheet.Range(top: 3, left: 4, bottom: 3, right: 5)], id: "DJ01")
        #expect(d.mapping.map { $0.field ?? "new" } == ["dj01_1", "dj01_1[sex.male]", "dj01_1[sex.female]", "dj01_1[age_dj01.a60_69]", "dj01_1[age_dj01.a70]"],
                "\(d.mapping.map(\.reason))\n\(d.source)")
        #expect(d.mapping.allSatisfy { $0.unsure })
        #expect(d.source.contains("dimension age_dj01 \"年龄段\" { a60_69 \"60-69岁\", a70 \"70岁及以上\" }  # 新维度 · 请核对"), "\(d.source)")
        #expect(d.source.contains("field dj01_1 \"独居老人\" int unit \"人\" min 0 stock by sex, age_dj01  # 新字段 · 请核对"), "\(d.source)")
        #expect(d.newFields == 1 && d.problems.isEmpty, "\(d.problems)")
        // Typed once a month: two sexes and two bands, the total derived.
        #expect(d.addedEntries == 12 * 4)
        let with = Compiler.compile(TemplateSources(ImportDraftTests.sources.files + [SourceFile(path: "new.bbt", text: d.source)]))
        #expect(!with.hasErrors)
    }

    /// A figure the catalog collects without splits: the parts are still its slices, and the draft
    /// says which `by` its declaration needs (the draft cannot publish until that is done); a split
    /// the catalog has no dimension for (按类型分) gets one drafted from the header.
    @Test func aPlainCatalogFieldSplitIsProposedNotDuplicated() throws {
        let d = try ImportDraftTests.splitTable([
            [0: "单位名称", 1: "常住人口(人)"],
            [1: "合计", 2: "按性别分", 4: "按类型分"],
            [2: "男", 3: "女", 4: "本地", 5: "外来"],
        ], merges: [Sheet.Range(top: 2, left: 0, bottom: 4, right: 0), Sheet.Range(top: 2, left: 1, bottom: 2, right: 5),
                    Sheet.Range(top: 3, left: 1, bottom: 4, right: 1), Sheet.Range(top: 3, left: 2, bottom: 3, right: 3),
                    Sheet.Range(top: 3, left: 4, bottom: 3, right: 5)], id: "CZ01")
        #expect(d.mapping.map { $0.field ?? "new" } == ["pop_resident", "pop_resident[sex.male]", "pop_resident[sex.female]", "pop_resident[dim.m1]", "pop_resident[dim.m2]"],
                "\(d.mapping.map(\.reason))\n\(d.source)")
        #expect(d.newFields == 0)
        #expect(d.source.contains("dimension dim \"类型\" { m1 \"本地\", m2 \"外来\" }"), "\(d.source)")
        #expect(d.source.contains("# 请核对: 目录中的「常住人口」(字段 pop_resident) 还没有分组; 请在它的声明上加 by sex, dim"), "\(d.source)")
        #expect(!d.problems.isEmpty)
        // Done as the draft says, the catalog compiles with it.
        let fields = ImportDraftTests.sources.files.map { f in
            SourceFile(path: f.path, text: f.text.replacingOccurrences(of: "field pop_resident \"常住人口\" int unit \"人\" min 0 stock carry from gongan", with: "field pop_resident \"常住人口\" int unit \"人\" min 0 stock by sex, dim carry from gongan"))
        }
        #expect(fields.map(\.text) != ImportDraftTests.sources.files.map(\.text), "the declaration of pop_resident changed in FormTemplates")
        let with = Compiler.compile(TemplateSources(fields + [SourceFile(path: "new.bbt", text: d.source)]))
        #expect(!with.hasErrors, "\(with.diagnostics.map(\.message))")
    }

    /// Plain columns that are slices of a split field: an age band its age dimension covers (a
    /// group for 60周岁及以上, a member for 0-3岁), a member's label in front of the field's words
    /// (城市低保人数); every one marked to check, none a new field, and a band no dimension covers
    /// (15-49岁) stays new.
    @Test func plainColumnsThatAreSlicesOfASplitFieldBecomeSlices() throws {
        let d = try ImportDraftTests.splitTable([
            [0: "单位名称", 1: "60周岁及以上老年人口(人)", 2: "0-3岁婴幼儿(人)", 3: "城市低保人数(人)", 4: "农村低保人数(人)", 5: "15-49岁育龄妇女(人)"],
        ], merges: [], id: "SL01")
        #expect(d.mapping.map { $0.field ?? "new" } == ["pop_registered[age.a60]", "pop_registered[age.a0_3]",
                                                         "dibao_persons[urbanrural.urban]", "dibao_persons[urbanrural.rural]", "new"],
                "\(d.mapping.map(\.reason))")
        #expect(d.mapping.prefix(4).allSatisfy { $0.unsure })
        #expect(d.source.contains("column \"城市低保人数(人)\" = dibao_persons[urbanrural.urban]  # 请核对: 「城乡低保人数」按城乡分的「城市」"), "\(d.source)")
        #expect(d.newFields == 1 && d.problems.isEmpty, "\(d.problems)")
    }
}
