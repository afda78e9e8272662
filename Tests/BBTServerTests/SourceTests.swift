@testable import BBTServer
import BBTStore
import BBTTestSupport
import Foundation
import Testing

/// Department data (数据回流): uploads by providers, the form pre-filled with them, corrections
/// with reasons, and the way back.
@Suite(.serialized) struct SourceTests {
    static let gongan = "/api/v1/sources/gongan/values"

    func csv(_ rows: [String]) -> Data { Data((["unit,period,field,value"] + rows).joined(separator: "\n").utf8) }

    func upload(_ s: TestService, _ token: String, _ rows: [String], source: String = "gongan") async throws -> TestService.Reply {
        try await s.request("PUT", "/api/v1/sources/\(source)/values", token: token, raw: csv(rows), contentType: "text/csv")
    }

    @Test func onlyTheSourcesOwnProviderUploadsAndOnlyItsFieldsForUnitsBelowIt() async throws {
        try await TestService.with { s async throws in
            let row = "510104001001,2023-07,pop_resident,15600"
            #expect(try await upload(s, try await s.login("c001001"), [row]).status == 403, "a filler")
            #expect(try await upload(s, try await s.login("jinjiang"), [row]).status == 403, "a reviewer")
            #expect(try await upload(s, try await s.login("minzheng"), [row]).status == 403, "another source's provider")
            let gongan = try await s.login("gongan")
            let otherField = try await upload(s, gongan, [row, "510104001001,2023-Q3,dibao_households,12"])
            #expect(otherField.status == 403)
            #expect(otherField.errorFields["第 3 行"]?.contains("不由本数据来源提供") == true)
            // A provider of one street reaches only that street's communities.
            try await s.state.store.upsertUser(UserRecord(username: "gongan-chunxi", passwordHash: Passwords.hash("demo1234"),
                                                          role: .provider, unit: "510104001", source: "gongan"))
            let street = try await s.login("gongan-chunxi")
            let outside = try await upload(s, street, [row, "510104002001,2023-07,pop_resident,9000"])
            #expect(outside.status == 403)
            #expect(outside.errorFields.keys.sorted() == ["第 3 行"])
            #expect(try await upload(s, street, [row]).status == 200)
            // Providers see no forms and no reports.
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: gongan).status == 403)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/GA01/2023-06.xml", token: gongan).status == 403)
            #expect(try await s.request("PUT", "/api/v1/sources/nope/values", token: gongan, raw: csv([row]), contentType: "text/csv").status == 403)
        }
    }

    /// The files departments really have: a CSV Excel wrote on a Chinese Windows (GB18030, the
    /// Chinese header, a column of names), and the same rows as an XLSX whose codes are numbers.
    @Test func aGB18030CSVAndAnXLSXSheetAreRead() async throws {
        try await TestService.with { s async throws in
            let gongan = try await s.login("gongan")
            // 单位,报告期,字段,数值,单位名称 in GB18030, then 和平街社区 in GB18030 as the last cell.
            var bytes = Array(hex: "b5a5cebb2cb1a8b8e6c6da2cd7d6b6ce2ccafdd6b52cb5a5cebbc3fbb3c60d0a")
            bytes += Array("510104001001,2023-07,pop_resident,15600,".utf8) + Array(hex: "bacdc6bdbdd6c9e7c7f80d0a")
            let csv = try await s.request("PUT", Self.gongan, token: gongan, raw: Data(bytes), contentType: "text/csv")
            #expect(csv.status == 200, "\(csv.text)")
            #expect(csv.json["stored"] as? Int == 1 && csv.json["ignoredColumns"] as? [String] == ["单位名称"])

            let xlsx = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/gongan-upload.xlsx"))
            let sheet = try await s.request("PUT", Self.gongan, token: gongan, raw: xlsx,
                                            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(sheet.status == 200, "\(sheet.text)")
            #expect(sheet.json["stored"] as? Int == 1 && sheet.json["unchanged"] as? Int == 1, "codes typed as numbers read back whole")
            let filler = try await s.login("c001002")
            let july = try await s.request("GET", "/api/v1/units/510104001002/forms/2023-07", token: filler)
            #expect((Self.field(july, "pop_resident")?["provided"] as? [String: Any])?["value"] as? Int == 9800)

            let excel = try await upload(s, gongan, ["5.10104E+11,2023-07,pop_resident,1"])
            #expect(excel.status == 422 && excel.errorFields["第 2 行"]?.contains("科学计数法") == true, "\(excel.text)")
        }
    }

    /// The provider's page says each field's period (a quarterly field takes 2023-Q2) and has a
    /// month picker; an admin sees 残联's split field with the keys of its cells.
    @Test func theProvidersPageSaysEachFieldsPeriod() async throws {
        try await TestService.with { s async throws in
            let cookie = try #require(try await s.request("POST", "/login", form: "username=gongan&password=demo1234").sessionCookie)
            let page = try await s.request("GET", "/sources/gongan?month=2023-06", cookie: cookie).text
            #expect(page.contains("<td>按月采集, 报告期如 2023-06</td>"))
            #expect(page.contains(#"<input type="month" id="month-picker" name="month" value="2023-06" required>"#))
            let minzheng = try #require(try await s.request("POST", "/login", form: "username=minzheng&password=demo1234").sessionCookie)
            let quarterly = try await s.request("GET", "/sources/minzheng_jiuzhu?month=2023-06", cookie: minzheng).text
            #expect(quarterly.contains("<td>按季采集, 报告期如 2023-Q2</td>"))
            let admin = try #require(try await s.request("POST", "/login", form: "username=admin&password=admin123").sessionCookie)
            let canlian = try await s.request("GET", "/sources/canlian?month=2023-06", cookie: admin).text
            #expect(canlian.contains("<code>pop_disabled[disability.visual]</code>"), "\(canlian.prefix(300))")
        }
    }

    @Test func anUploadIsAllOrNothingWithEveryBadRowNamed() async throws {
        try await TestService.with { s async throws in
            let gongan = try await s.login("gongan")
            let r = try await upload(s, gongan, [
                "510104001001,2023-07,pop_resident,15600",
                "999,2023-07,pop_resident,1",
                "510104001001,2023-07,nope,1",
                "510104001001,2023-07,pop_registered[sex.other],10",
                "510104001002,2023-07,pop_resident,-3",
                "510104001003,2023-07,households,很多",
                "510104001,2023-07,pop_resident,100",
            ])
            #expect(r.status == 422)
            #expect(r.errorFields.keys.sorted() == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行", "第 8 行"])
            #expect(r.errorFields["第 5 行"]?.contains("other") == true, "\(r.errorFields)")
            #expect(r.errorFields["第 6 行"] == "不能小于 0")
            let filler = try await s.login("c001001")
            let july = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-07", token: filler)
            #expect(Self.field(july, "pop_resident")?["provided"] is NSNull, "nothing was stored")
            let header = try await s.request("PUT", Self.gongan, token: gongan, raw: Data("unit,field\n".utf8), contentType: "text/csv")
            #expect(header.status == 422)
            // A quarterly field takes its quarter, and a split field its cells, not its total.
            let minzheng = try await s.login("minzheng")
            let quarterly = try await upload(s, minzheng, ["510104001001,2023-07,dibao_households,10",
                                                           "510104001001,2023-Q3,dibao_persons,10"], source: "minzheng_jiuzhu")
            #expect(quarterly.status == 422)
            #expect(quarterly.errorFields["第 2 行"]?.contains("按季采集, 报告期应为如 2023-Q2") == true, "\(quarterly.errorFields)")
            #expect(quarterly.errorFields["第 3 行"] != nil, "\(quarterly.errorFields)")
        }
    }

    @Test func reUploadingTheSameFileChangesNothingAndDifferencesFromSavedFormsAreConflicts() async throws {
        try await TestService.with { s async throws in
            let gongan = try await s.login("gongan")
            // 和平街社区 saved June's 常住人口 as 15584; the register says 15590.
            let rows = ["510104001001,2023-06,pop_resident,15590", "510104001001,2023-06,households,6486"]
            let first = try await upload(s, gongan, rows)
            #expect(first.status == 200)
            // June's 户数 came with the seeded upload already: only 常住人口 changes.
            #expect(first.json["stored"] as? Int == 1 && first.json["unchanged"] as? Int == 1)
            let conflicts = try #require(first.json["conflicts"] as? [[String: Any]])
            #expect(conflicts.count == 1)
            #expect(conflicts.first?["field"] as? String == "pop_resident" && conflicts.first?["provided"] as? Int == 15590
                    && conflicts.first?["value"] as? Int == 15584)
            #expect(conflicts.first?["unitName"] as? String == "和平街社区" && conflicts.first?["fieldLabel"] as? String == "常住人口")
            let again = try await upload(s, gongan, rows)
            #expect(again.json["stored"] as? Int == 0 && again.json["unchanged"] as? Int == 2)
            // The community's value stays; the department's is shown beside it.
            let form = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: try await s.login("c001001"))
            #expect((form.json["values"] as? [String: Any])?["pop_resident"] as? Int == 15584)
            #expect((Self.field(form, "pop_resident")?["provided"] as? [String: Any])?["value"] as? Int == 15590)
            // JSON uploads: one period a batch.
            let json = try await s.request("PUT", Self.gongan, token: gongan,
                                           body: ["period": "2023-07", "values": ["510104001001": ["pop_resident": 15600, "households": 6490]]])
            #expect(json.status == 200 && json.json["stored"] as? Int == 2)
            let audit = try await s.request("GET", "/api/v1/audit?unit=510104001001&month=2023-07", token: try await s.login("street1"))
            let provided = (audit.json["entries"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "provided" }
            #expect(provided.map { $0["user"] as? String } == ["gongan", "gongan"])
        }
    }

    /// The story of the issue: 公安 supplies June, 王家坝社区 finds it filled in, corrects one figure
    /// with a reason, submits, and 公安 sees the correction; the district's report uses the form's value.
    @Test func aCommunityChecksSuppliedFiguresCorrectsOneWithAReasonAndTheDepartmentSeesIt() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c002003")
            let path = "/api/v1/units/510104002003/forms/2023-06"
            let june = try await s.request("GET", path, token: filler)
            let supplied = try #require(Self.field(june, "pop_resident")?["provided"] as? [String: Any])
            let registered = try #require(supplied["value"] as? Int)
            #expect(supplied["source"] as? String == "gongan")
            #expect((supplied["sourceName"] as? String)?.hasPrefix("成都市公安局") == true)
            // Everything the departments did not supply, from the community's own May and the neighbours' June.
            let may = try await s.request("GET", "/api/v1/units/510104002003/forms/2023-05", token: filler).json["values"] as? [String: Any] ?? [:]
            let neighbour = try await s.request("GET", "/api/v1/units/510104002001/forms/2023-06", token: try await s.login("street2"))
                .json["values"] as? [String: Any] ?? [:]
            var values: [String: Any] = [:]
            for f in Self.fields(june) where !(f["provided"] is [String: Any]) {
                let id = f["id"] as! String
                values[id] = may[id] ?? neighbour[id] ?? NSNull()
            }
            values["pop_resident"] = registered + 5
            let noReason = try await s.request("PUT", path, token: filler, body: ["values": values, "version": 0, "submit": true])
            #expect(noReason.status == 422, "\(noReason.text)")
            #expect(noReason.errorFields["pop_resident"]?.contains("请填写更正原因") == true)
            let reason = "公安登记后又有5人入住, 社区6月走访核实"
            let ok = try await s.request("PUT", path, token: filler, body: [
                "values": values, "version": 0, "submit": true, "corrections": ["pop_resident": reason],
            ])
            #expect(ok.status == 200, "\(ok.text)")
            // Supplied values the community kept became the form's values.
            let after = try await s.request("GET", path, token: filler)
            #expect((after.json["values"] as? [String: Any])?["households"] as? Int == (Self.field(june, "households")?["provided"] as? [String: Any])?["value"] as? Int)
            #expect(Self.field(after, "pop_resident")?["correction"] as? String == reason)
            // The way back.
            let gongan = try await s.login("gongan")
            let back = try await s.request("GET", "/api/v1/sources/gongan/corrections?month=2023-06", token: gongan)
            let list = try #require(try JSONSerialization.jsonObject(with: back.body) as? [[String: Any]])
            let mine = try #require(list.first { $0["unit"] as? String == "510104002003" })
            #expect(mine["field"] as? String == "pop_resident" && mine["provided"] as? Int == registered
                    && mine["value"] as? Int == registered + 5 && mine["reason"] as? String == reason && mine["by"] as? String == "c002003")
            #expect(mine["unitName"] as? String == "王家坝社区" && mine["fieldLabel"] as? String == "常住人口")
            #expect(mine["at"] as? String == "2023-07-05T02:00:00Z", "the JSON keeps the instant as stored")
            // The file opens in Chinese Excel as it is: UTF-8 with a BOM, a Chinese header, codes and
            // periods as text, the time in China.
            let csv = try await s.request("GET", "/api/v1/sources/gongan/corrections?month=2023-06&format=csv", token: gongan)
            #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.first == "单位代码,单位名称,字段,字段名称,报告期,部门数值,社区数值,更正原因,更正人,更正时间")
            #expect(lines.contains(#""=""510104002003""",王家坝社区,pop_resident,常住人口,"=""2023-06""",\#(registered),\#(registered + 5),"\#(reason)",c002003,2023-07-05 10:00"#),
                    "\(lines)")
            #expect(lines.count == list.count + 2, "a row per difference, and the last line ends")
            #expect(try await s.request("GET", "/api/v1/sources/gongan/corrections?month=2023-06", token: filler).status == 403)
            // The report of the street uses the form's value.
            let report = try await s.request("GET", "/api/v1/units/510104002/reports/GA01/2023-06.json?rows=leaf", token: try await s.login("street2"))
            let row = (report.json["rows"] as? [[String: Any]] ?? []).first { $0["unit"] as? String == "510104002003" }
            #expect((row?["values"] as? [String: Any])?["pop_resident"] as? Int == registered + 5, "\(row ?? [:])")
            // The audit trail has the correction with the department's figure.
            let audit = try await s.request("GET", "/api/v1/audit?unit=510104002003&month=2023-06", token: try await s.login("street2"))
            let correction = (audit.json["entries"] as? [[String: Any]] ?? []).first { $0["action"] as? String == "correction" }
            #expect(correction?["old"] as? String == String(registered) && correction?["new"] as? String == reason)
        }
    }

    @Test func aReasonForAFieldWithoutDepartmentDataIsRefused() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c002003")
            let r = try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-06", token: filler,
                                        body: ["values": [:] as [String: Any], "version": 0, "corrections": ["elderly_alone": "x"]])
            #expect(r.status == 422 && r.errorFields["elderly_alone"] != nil)
            #expect(try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-06", token: filler,
                                        body: ["values": [:] as [String: Any], "version": 0, "corrections": "x"]).status == 400)
        }
    }

    static func fields(_ form: TestService.Reply) -> [[String: Any]] {
        ((form.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }
    }

    static func field(_ form: TestService.Reply, _ id: String) -> [String: Any]? {
        fields(form).first { $0["id"] as? String == id }
    }
}

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        self = bytes
    }
}
