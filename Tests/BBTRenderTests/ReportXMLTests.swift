import BBTEngine
import BBTRender
import BBTTemplates
import BBTTestSupport
import BBTXML
import Foundation
import Testing

@Suite struct ReportXMLTests {
    let world = SampleWorld.shared
    let schema = try! SchemaValidator(xsd: Array(FileManager.default.contents(atPath: TestTools.path("schemas/report.xsd"))!))

    @Test func everySampleReportIsValidAgainstTheShippedSchema() throws {
        let tables = try world.allJuneTables()
        #expect(tables.count > 40)
        for (name, table, mode) in tables {
            let xml = try ReportXML.document(table, rows: mode, generated: SampleWorld.generated)
            #expect(schema.validate(xml) == [], "\(name)")
        }
    }

    @Test func xmllintAgreesThatSampleReportsAreValid() throws {
        let dir = try TestTools.temporaryDirectory("xmllint")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (name, table, mode) in try world.allJuneTables().prefix(12) {
            let path = dir.appendingPathComponent("\(name).xml").path
            try Data(try ReportXML.document(table, rows: mode, generated: SampleWorld.generated)).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let r = try TestTools.run("/usr/bin/xmllint", ["--noout", "--schema", TestTools.path("schemas/report.xsd")] + files)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func aSchemaViolationIsCaught() {
        let bad = Array("""
            <report xmlns="urn:baobiaotong:report:1" id="R" title="t" formNo="f" authority="a" period="2023-13"
                    unit="1" unitName="n" generated="2023-07-05T10:00:00+08:00">
              <columns><column key="a" label="A" type="int"/></columns>
              <rows><row unit="1" name="n"><value key="b">1</value></row></rows>
            </report>
            """.utf8)
        let errors = schema.validate(bad)
        #expect(errors.contains { $0.contains("period") })
        #expect(errors.contains { $0.contains("valueColumn") || $0.contains("keyref") || $0.contains("'b'") })
    }

    @Test func emptyValuesStatusesAndTotalsAreWrittenAsSpecified() throws {
        let t = try world.table("ZJ12", "2023-06", "510104", rows: .leaf)
        let xml = String(decoding: try ReportXML.document(t, rows: .leaf, generated: SampleWorld.generated), as: UTF8.self)
        // 王家坝社区 has not submitted June; 大慈寺社区 saved a draft; 龙王庙社区 skipped April (ytd empty).
        #expect(xml.contains("<row unit=\"510104002003\" name=\"王家坝社区\" status=\"empty\">"))
        #expect(xml.contains("<value key=\"oldyard_plan\" empty=\"true\"/>"))
        #expect(xml.contains("<row unit=\"510104003002\" name=\"合江亭社区\" status=\"draft\">"))
        #expect(xml.contains("generated=\"2023-07-05T10:00:00+08:00\""))
        #expect(xml.contains("<total>"))
        let single = try world.table("ZJ12", "2023-06", "510104001001")
        let one = String(decoding: try ReportXML.document(single, rows: .children, generated: SampleWorld.generated), as: UTF8.self)
        #expect(!one.contains("<total>"))
        #expect(one.components(separatedBy: "<row ").count == 2)
    }

    /// 残联's CL02 asks 持证残疾人 by 残疾类别: the total and each category, keyed as dsl.md says, with
    /// `field` and `slice` on their columns, under one group; xmllint accepts it against the schema.
    @Test func sliceColumnsCarryTheirFieldAndSlice() throws {
        let t = try world.table("CL02", "2023-Q2", "510104")
        let xml = String(decoding: try ReportXML.document(t, rows: .children, generated: SampleWorld.generated), as: UTF8.self)
        #expect(xml.contains(#"<column key="pop_disabled" label="合计" group="持证残疾人" type="int" unit="人" field="pop_disabled"/>"#))
        #expect(xml.contains(#"<column key="pop_disabled_visual" label="视力" group="持证残疾人" type="int" unit="人" field="pop_disabled" slice="disability.visual"/>"#))
        let dir = try TestTools.temporaryDirectory("xmllint-slices")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("CL02.xml").path
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let r = try TestTools.run("/usr/bin/xmllint", ["--noout", "--schema", TestTools.path("schemas/report.xsd"), path])
        #expect(r.status == 0, "\(r.stderr)")
        // The street's total is its cells added: the categories add up to it in every row.
        let json = ReportJSON.document(t, rows: .children, generated: SampleWorld.generated).serialized()
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])
        for row in rows {
            let v = try #require(row["values"] as? [String: Any])
            let parts = ["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]
                .compactMap { v["pop_disabled_\($0)"] as? Int }
            #expect(parts.count == 7 && parts.reduce(0, +) == v["pop_disabled"] as? Int, "\(row["unit"] ?? "")")
        }
    }

    @Test func jsonCarriesTheSameValuesAsXML() throws {
        let t = try world.table("SZ01", "2023-Q2", "510104")
        let json = ReportJSON.document(t, rows: .children, generated: SampleWorld.generated).serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2023-Q2")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.map { $0["unit"] as? String } == ["510104001", "510104002", "510104003"])
        let values = try #require(rows[0]["values"] as? [String: Any])
        let xml = String(decoding: try ReportXML.document(t, rows: .children, generated: SampleWorld.generated), as: UTF8.self)
        let pop = try #require(values["pop_resident"] as? NSNumber)
        #expect(xml.contains("<value key=\"pop_resident\">\(pop.intValue)</value>"))
        #expect(values["community_type"] is NSNull)
    }
}

/// 审核关系 with breakdowns, as statistical tables print it under the table.
@Suite struct BreakdownChecksTests {
    @Test func aTotalAndItsCategoriesAreOneCheck() throws {
        let world = SampleWorld.shared
        let t = try world.table("CL02", "2023-Q2", "510104")
        // 常住人口 1, 户数 2, 持证残疾人 合计 3, its seven categories 4 to 10.
        #expect(ReportScreen(t, rules: world.catalog.rules).checks.contains("3=4+5+6+7+8+9+10"))
        // 统计局's TJ01: 户籍人口 (3) by 性别 (4, 5) and by 年龄段 (6 to 10).
        let tj = try world.table("TJ01", "2023", "510104")
        #expect(ReportScreen(tj, rules: world.catalog.rules).checks.first == "3=4+5=6+7+8+9+10")
    }

    @Test func separateBreakdownsChainTheirSums() throws {
        let c = compile("""
            dimension sex "性别" { male "男", female "女" }
            dimension age "年龄段" { a0_17 "0-17岁", a18_59 "18-59岁", a60 "60岁及以上" }
            field pop "户籍人口" int min 0 stock by sex, age
            field hh "户数" int min 0 stock
            rule hh <= pop "户数不能超过户籍人口"

            """ + report("HJ", every: "year", """
              columns pop by sex total "合计"
              columns pop by age
              column "户数" = hh
            """))
        #expect(!c.hasErrors, "\(c.diagnostics)")
        let tree = try UnitsCSV.parse("code,name,level,parent\n1,社区,community,\n", path: "units.csv").get()
        let table = try ReportBuilder(catalog: c.catalog, tree: tree, values: FormValues(fieldCount: c.catalog.fields.count))
            .table(report: try #require(c.catalog.report("HJ")), period: Period("2023")!, unit: 0, rows: .children)
        // 2=3+4=5+6+7, as the 户籍人口 table of a statistics office has it; then 户数 ≤ 户籍人口.
        #expect(ReportScreen(table, rules: c.catalog.rules).checks == ["1=2+3=4+5+6", "7 ≤ 1"])
    }
}
