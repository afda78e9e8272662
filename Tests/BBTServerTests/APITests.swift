import BBTStore
import BBTTestSupport
import Foundation
import Testing

/// Every endpoint of interfaces.md with its status codes, through the router in process.
@Suite(.serialized) struct APITests {
    // MARK: log-in

    @Test func logInGivesATokenAndWrongPasswordsDoNot() async throws {
        try await TestService.with { s async throws in
            let ok = try await s.request("POST", "/api/v1/login", body: ["username": "c001001", "password": "demo1234"])
            #expect(ok.status == 200)
            #expect(ok.json["role"] as? String == "filler")
            #expect(ok.json["unit"] as? String == "510104001001")
            #expect((ok.json["token"] as? String)?.count == 64)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001001", "password": "nope"]).status == 401)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "nobody", "password": "x"]).status == 401)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001001"]).status == 400)
            let malformed = try await s.request("POST", "/api/v1/login", raw: Data("{not json".utf8))
            #expect(malformed.status == 400)
            #expect((malformed.json["error"] as? [String: Any])?["code"] as? String == "bad_request")
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06").status == 401)
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: "forged").status == 401)
        }
    }

    // MARK: the one form

    @Test func theFormHasSectionsPeriodsValuesAndCarriedValues() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c001001")
            let june = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: token)
            #expect(june.status == 200)
            #expect(june.json["status"] as? String == "submitted")
            let sections = try #require(june.json["sections"] as? [[String: Any]])
            #expect(sections.first?["title"] as? String == "人口与户籍")
            let fields = sections.flatMap { $0["fields"] as? [[String: Any]] ?? [] }
            let periods = Dictionary(uniqueKeysWithValues: fields.map { ($0["id"] as! String, $0["period"] as! String) })
            #expect(periods["pop_resident"] == "2023-06")
            #expect(periods["party_orgs"] == "2023-Q2")
            #expect(periods["fund_amount"] == "2023-H1")
            // July is empty; carry fields come pre-filled with June's values.
            let july = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-07", token: token)
            #expect(july.json["status"] as? String == "empty")
            #expect(july.json["version"] as? Int == 0)
            let carried = try #require(july.json["carried"] as? [String: Any])
            #expect((carried["pop_resident"] as? NSNumber) == ((june.json["values"] as? [String: Any])?["pop_resident"] as? NSNumber))
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-13", token: token).status == 400)
            #expect(try await s.request("GET", "/api/v1/units/999/forms/2023-06", token: token).status == 404)
        }
    }

    @Test func draftsSubmitsConflictsAndInvalidValues() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c001003")
            let path = "/api/v1/units/510104001003/forms/2023-07"
            // An invalid value: 422 with a message for each field, nothing saved.
            let bad = try await s.request("PUT", path, token: token, body: ["values": ["pop_resident": -5, "households": "many", "nonsense": 1], "version": 0])
            #expect(bad.status == 422)
            #expect(bad.errorFields["pop_resident"] == "不能小于 0")
            #expect(bad.errorFields["households"] == "应为数字")
            #expect(bad.errorFields["nonsense"] == "没有这个字段")
            // A draft.
            let draft = try await s.request("PUT", path, token: token, body: ["values": ["pop_resident": 9000, "households": 9500], "version": 0])
            #expect(draft.status == 200)
            #expect(draft.json["status"] as? String == "draft")
            #expect(draft.json["version"] as? Int == 1)
            #expect((draft.json["errors"] as? [String])?.contains("户数不能超过常住人口") == true)
            // Someone else still at version 0: 409, nothing overwritten.
            let stale = try await s.request("PUT", path, token: token, body: ["values": ["pop_resident": 1], "version": 0])
            #expect(stale.status == 409)
            let now = try await s.request("GET", path, token: token)
            #expect((now.json["values"] as? [String: Any])?["pop_resident"] as? Int == 9000)
            // Submitting with required fields missing and a failing rule: 422.
            let early = try await s.request("PUT", path, token: token, body: ["values": [:] as [String: Any], "version": 1, "submit": true])
            #expect(early.status == 422)
            #expect(early.errorFields["pop_registered[sex.male]"] == "必填")
            // Fill everything from June's values (which pass the rules), then submit.
            let june = try await s.request("GET", "/api/v1/units/510104001003/forms/2023-06", token: token)
            let juneValues = try #require(june.json["values"] as? [String: Any])
            let julyFields = ((now.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }.map { $0["id"] as! String }
            var values: [String: Any] = [:]
            for id in julyFields { values[id] = juneValues[id] ?? NSNull() }
            let submitted = try await s.request("PUT", path, token: token, body: ["values": values, "version": 1, "submit": true])
            #expect(submitted.status == 200, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "submitted")
            // A submitted form is locked for its filler.
            let locked = try await s.request("PUT", path, token: token, body: ["values": ["pop_resident": 1], "version": 2])
            #expect(locked.status == 409)
        }
    }

    @Test func twoPeopleSavingTheSameVersionAtOnceGetOneSaveAndOneConflict() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c002001")
            let path = "/api/v1/units/510104002001/forms/2023-08"
            async let a = s.request("PUT", path, token: token, body: ["values": ["pop_resident": 1000], "version": 0])
            async let b = s.request("PUT", path, token: token, body: ["values": ["pop_resident": 2000], "version": 0])
            let statuses = try await [a.status, b.status].sorted()
            #expect(statuses == [200, 409])
            let form = try await s.request("GET", path, token: token)
            #expect(form.json["version"] as? Int == 1)
        }
    }

    @Test func aTooLargeBodyIs413() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c002001")
            let huge = Data(("{\"values\": {\"note\": \"" + String(repeating: "x", count: 2 << 20) + "\"}, \"version\": 0}").utf8)
            let r = try await s.request("PUT", "/api/v1/units/510104002001/forms/2023-09", token: token, raw: huge)
            #expect(r.status == 413)
            // The API's error, not an empty body: the collector's own error is caught too.
            #expect((r.json["error"] as? [String: Any])?["code"] as? String == "too_large", "\(r.text.prefix(200))")
            let units = try await s.request("POST", "/api/v1/units/import?from=2023-09", token: try await s.login("admin", "admin123"),
                                            raw: Data(repeating: 0x41, count: 9 << 20), contentType: "text/csv")
            #expect(units.status == 413 && (units.json["error"] as? [String: Any])?["code"] as? String == "too_large")
        }
    }

    // MARK: review

    @Test func reviewersApproveAndReturnWithAReason() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street1")
            let filler = try await s.login("c001001")
            let path = "/api/v1/units/510104001001/forms/2023-06"
            #expect(try await s.request("POST", path + "/approve", token: filler, body: [:] as [String: Any]).status == 403)
            let noReason = try await s.request("POST", path + "/return", token: street, body: [:] as [String: Any])
            #expect(noReason.status == 422)
            #expect(noReason.errorFields["reason"] != nil)
            let approved = try await s.request("POST", path + "/approve", token: street, body: [:] as [String: Any])
            #expect(approved.status == 200)
            #expect(approved.json["status"] as? String == "approved")
            #expect(try await s.request("POST", path + "/approve", token: street, body: [:] as [String: Any]).status == 409)
            let returned = try await s.request("POST", path + "/return", token: street, body: ["reason": "户数与上月差异过大, 请核实"])
            #expect(returned.status == 200)
            let form = try await s.request("GET", path, token: filler)
            #expect(form.json["status"] as? String == "returned")
            #expect(form.json["reason"] as? String == "户数与上月差异过大, 请核实")
            // A draft cannot be approved.
            #expect(try await s.request("POST", "/api/v1/units/510104001001/forms/2023-10/approve", token: street, body: [:] as [String: Any]).status == 409)
        }
    }

    // MARK: reports, bundles, status, audit

    @Test func reportsInEveryFormatWithTheirStatusCodes() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            let xlsx = try await s.request("GET", "/api/v1/units/510104/reports/SZ01/2023-Q2.xlsx", token: district)
            #expect(xlsx.status == 200)
            #expect(xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let parts = try ZipReader.read(Array(xlsx.body))
            #expect(parts.contains { $0.name == "xl/worksheets/sheet1.xml" })
            let xml = try await s.request("GET", "/api/v1/units/510104/reports/ZJ12/2023-06.xml?rows=leaf", token: district)
            #expect(xml.status == 200)
            #expect(xml.text.contains("rowMode=\"leaf\""))
            #expect(xml.text.contains("<row unit=\"510104002003\" name=\"王家坝社区\" status=\"empty\">"))
            let json = try await s.request("GET", "/api/v1/units/510104001/reports/GA01/2023-06.json", token: district)
            #expect(json.status == 200)
            #expect((json.json["rows"] as? [[String: Any]])?.count == 4)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/SZ01/2023-Q2.pdf", token: district).status == 404)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/NOPE/2023-Q2.xlsx", token: district).status == 404)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/SZ01/2023-06.xlsx", token: district).status == 400)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/SZ01/2023-Q2.xlsx?rows=all", token: district).status == 400)
            // A filler reads their own community's report, not the district's.
            let filler = try await s.login("c001001")
            #expect(try await s.request("GET", "/api/v1/units/510104001001/reports/SZ01/2023-Q2.xml", token: filler).status == 200)
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/SZ01/2023-Q2.xml", token: filler).status == 403)
            #expect(try await s.request("GET", "/api/v1/units/510104001001/reports/JD01/2023-Q2.xml", token: filler).status == 404)
            // The bundle: every report due, xlsx and xml.
            let zip = try await s.request("GET", "/api/v1/units/510104/reports/2023-06.zip", token: district)
            #expect(zip.status == 200)
            let names = try ZipReader.read(Array(zip.body)).map(\.name)
            #expect(names.contains("SZ01-2023-Q2.xlsx") && names.contains("GA01-2023-06.xml") && names.contains("SZ03-2023-H1.xlsx"))
        }
    }

    /// ZZ02 is valid until 2024-12: asking for January 2025 names the date, and June's bundle leaves it out.
    @Test func anExpiredReportIsRefusedWithItsDateAndLeavesTheBundle() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            #expect(try await s.request("GET", "/api/v1/units/510104/reports/ZZ02/2024-12.xml", token: district).status == 200)
            let expired = try await s.request("GET", "/api/v1/units/510104/reports/ZZ02/2025-01.xlsx", token: district)
            #expect(expired.status == 422)
            let error = expired.json["error"] as? [String: Any]
            #expect(error?["code"] as? String == "expired")
            #expect(error?["message"] as? String == "报表 ZZ02 的有效期至 2024年12月, 报告期 2025年1月 已过有效期, 不再填报")
            let zip = try await s.request("GET", "/api/v1/units/510104/reports/2025-06.zip", token: district)
            let names = try ZipReader.read(Array(zip.body)).map(\.name)
            #expect(names.contains("SZ01-2025-Q2.xlsx"))
            #expect(!names.contains { $0.hasPrefix("ZZ02") || $0.hasPrefix("SZ03") })
        }
    }

    @Test func statusListsWhoHasNotSubmittedAndWhatIsMissing() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street2")
            let r = try await s.request("GET", "/api/v1/units/510104002/status/2023-06", token: street)
            #expect(r.status == 200)
            let units = try #require(r.json["units"] as? [[String: Any]])
            #expect(units.map { $0["unit"] as? String } == ["510104002001", "510104002002", "510104002003"])
            let late = try #require(units.last)
            #expect(late["status"] as? String == "empty")
            #expect((late["missing"] as? [String])?.contains("pop_resident") == true)
            #expect((units[0]["missing"] as? [String])?.isEmpty == true)
            #expect(try await s.request("GET", "/api/v1/units/510104002/status/2023-06", token: try await s.login("c002001")).status == 403)
            #expect(try await s.request("GET", "/api/v1/units/510104001/status/2023-06", token: street).status == 403)
        }
    }

    @Test func statusFollowsEachSaveAfterItWasRead() async throws {
        // What is missing is kept between reads while a form's version stands: a save must show at once.
        try await TestService.with { s async throws in
            let street = try await s.login("street2")
            let missing = { () async throws -> [String] in
                let r = try await s.request("GET", "/api/v1/units/510104002/status/2023-06", token: street)
                let units = try #require(r.json["units"] as? [[String: Any]])
                return try #require(units.first { $0["unit"] as? String == "510104002003" }?["missing"] as? [String])
            }
            let before = try await missing()
            #expect(before.contains("pop_resident"))
            #expect(try await missing() == before)
            let saved = try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-06", token: try await s.login("c002003"),
                                            body: ["values": ["pop_resident": 6100], "version": 0])
            #expect(saved.status == 200)
            let after = try await missing()
            #expect(!after.contains("pop_resident") && after.contains("fire_checks"))
        }
    }

    @Test func theAuditTrailRecordsEveryChange() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c003001")
            _ = try await s.request("PUT", "/api/v1/units/510104003001/forms/2023-07", token: filler, body: ["values": ["pop_resident": 7000], "version": 0])
            _ = try await s.request("PUT", "/api/v1/units/510104003001/forms/2023-07", token: filler, body: ["values": ["pop_resident": 7100], "version": 1])
            let reviewer = try await s.login("street3")
            let r = try await s.request("GET", "/api/v1/audit?unit=510104003001&month=2023-07", token: reviewer)
            #expect(r.status == 200)
            let changes = (r.json["entries"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "value" }
            #expect(changes.map { "\($0["old"] ?? "")→\($0["new"] ?? "")" } == ["<null>→7000", "7000→7100"])
            #expect(changes.allSatisfy { $0["user"] as? String == "c003001" })
            #expect(try await s.request("GET", "/api/v1/audit?unit=510104003001", token: filler).status == 403)
            #expect(try await s.request("GET", "/api/v1/audit?unit=510104001001", token: reviewer).status == 403)
        }
    }

    // MARK: templates

    @Test func templatesAreCheckedAndPublishedByAdminsOnly() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let filler = try await s.login("c001001")
            let current = try await s.request("GET", "/api/v1/templates", token: admin)
            #expect(current.status == 200)
            #expect(current.json["version"] as? Int == 1)
            #expect(try await s.request("GET", "/api/v1/templates", token: filler).status == 403)
            let broken = ["files": ["a.bbt": "field x \"甲\" int\n"]]
            let check = try await s.request("POST", "/api/v1/templates/check", token: filler, body: broken)
            #expect(check.status == 200)
            #expect(check.json["ok"] as? Bool == false)
            let diagnostics = try #require(check.json["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.first?["line"] as? Int == 1 && diagnostics.first?["column"] as? Int == 7)
            #expect(try await s.request("PUT", "/api/v1/templates", token: admin, body: broken).status == 422)
            #expect(try await s.request("PUT", "/api/v1/templates", token: filler, body: broken).status == 403)
            #expect(try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": ["../x.bbt": ""]]).status == 422)
            // Publishing the same files again gives version 2; stored values stay.
            let files = try #require(current.json["files"] as? [String: String])
            let published = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files])
            #expect(published.status == 200)
            #expect(published.json["version"] as? Int == 2)
            let form = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler)
            #expect((form.json["values"] as? [String: Any])?["pop_resident"] != nil)
        }
    }

    // MARK: restart

    @Test func aRestartOnTheSameDatabaseKeepsEverything() async throws {
        let database = try await TestService.with { s async throws in
            let token = try await s.login("c003002")
            let saved = try await s.request("PUT", "/api/v1/units/510104003002/forms/2023-11", token: token,
                                            body: ["values": ["pop_resident": 4321], "version": 0])
            #expect(saved.status == 200)
            return s.database
        }
        try await TestService.with(database: database) { s async throws in
            let again = try await s.login("c003002")
            let form = try await s.request("GET", "/api/v1/units/510104003002/forms/2023-11", token: again)
            #expect(form.json["version"] as? Int == 1)
            #expect((form.json["values"] as? [String: Any])?["pop_resident"] as? Int == 4321)
            #expect(try await s.request("GET", "/api/v1/templates", token: try await s.login("admin", "admin123")).json["version"] as? Int == 1)
        }
    }
}

@Suite(.serialized) struct AuthHardeningTests {
    @Test func repeatedFailedLogInsAreThrottled() async throws {
        try await TestService.with { s async throws in
            for _ in 0..<5 {
                #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "guess"]).status == 401)
            }
            let blocked = try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "demo1234"])
            #expect(blocked.status == 429)
            #expect((blocked.json["error"] as? [String: Any])?["code"] as? String == "too_many_attempts")
            // Other users are not affected.
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001003", "password": "demo1234"]).status == 200)
        }
    }

    @Test func theThrottleForgetsFailuresAfterItsWindow() async throws {
        try await TestService.with { s async throws in
            for _ in 0..<5 {
                #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "guess"]).status == 401)
            }
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "demo1234"]).status == 429)
            s.clock.advance(seconds: 14 * 60)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "demo1234"]).status == 429)
            s.clock.advance(seconds: 2 * 60)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "c001004", "password": "demo1234"]).status == 200)
        }
    }

    @Test func aSessionLastsAWorkingDayByTheServiceClock() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c001001")
            let path = "/api/v1/units/510104001001/forms/2023-06"
            s.clock.advance(seconds: 11 * 3600)
            #expect(try await s.request("GET", path, token: token).status == 200)
            s.clock.advance(seconds: 2 * 3600)
            #expect(try await s.request("GET", path, token: token).status == 401)
            #expect(try await s.request("GET", "/", cookie: token).headers["location"] == "/login")
        }
    }

    @Test func submittedTimesAndAuditRowsComeFromTheServiceClock() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c002003")
            let path = "/api/v1/units/510104002003/forms/2023-06"
            let form = try await s.request("GET", path, token: token)
            // The neighbours' June passes every rule: submit the same figures.
            let neighbour = try await s.request("GET", "/api/v1/units/510104002001/forms/2023-06", token: try await s.login("street2"))
            // Figures a department supplied for this community stay as supplied (no corrections to explain).
            let supplied = Set(((form.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }
                .filter { $0["provided"] is [String: Any] }.map { $0["id"] as! String })
            let values = try #require(neighbour.json["values"] as? [String: Any]).filter { !supplied.contains($0.key) }
            s.clock.set(Date(timeIntervalSince1970: 1_688_954_400))  // 2023-07-10T02:00:00Z, five days on
            #expect(try await s.request("GET", path, token: token).status == 401, "the session of five days ago has ended")
            let today = try await s.login("c002003")
            let r = try await s.request("PUT", path, token: today, body: ["values": values, "version": form.json["version"] as! Int, "submit": true])
            #expect(r.status == 200, "\(r.text)")
            let after = try await s.request("GET", path, token: today)
            #expect(after.json["submittedAt"] as? String == "2023-07-10T02:00:00Z")
            let audit = try await s.request("GET", "/api/v1/audit?unit=510104002003&month=2023-06", token: try await s.login("street2"))
            let entries = audit.json["entries"] as? [[String: Any]] ?? []
            #expect(entries.last?["at"] as? String == "2023-07-10T02:00:00Z")
        }
    }
}
