import BBTEngine
import BBTRender
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
