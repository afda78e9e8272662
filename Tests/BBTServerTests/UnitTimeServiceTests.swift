import BBTEngine
import BBTTestSupport
import BBTTemplates
import Foundation
import Testing

/// The service on a unit tree that changes: 龙王庙社区 closed after May 2023 (its area taken over by
/// its street's others). Forms, reports and the completeness list follow the tree of each month;
/// nothing stored is lost.
@Suite struct UnitTimeServiceTests {
    static func closingLongwangmiao() async throws -> URL {
        try await TestService.with { s async throws in
            let tree = s.state.tree
            let closed = tree.index(of: "510104001002")!
            var spans = tree.spans
            spans[closed] = UnitSpan(from: nil, until: MonthNumber.of(year: 2023, month: 5))
            try await s.state.store.replaceUnits(tree.units, tree: UnitTree(units: tree.units, spans: spans))
            return s.database
        }
    }

    @Test func formsReportsAndTheStatusListFollowTheTreeOfTheirMonth() async throws {
        let database = try await UnitTimeServiceTests.closingLongwangmiao()
        try await TestService.with(database: database) { s async throws in
            let district = try await s.login("jinjiang")
            let may = try await s.request("GET", "/api/v1/units/510104001002/forms/2023-05", token: district)
            #expect(may.status == 200)
            let june = try await s.request("GET", "/api/v1/units/510104001002/forms/2023-06", token: district)
            #expect(june.status == 404)
            #expect(((june.json["error"] as? [String: Any])?["message"] as? String)?.contains("已撤并") == true)
            func rows(_ path: String) async throws -> Int {
                try await s.request("GET", path, token: district).text.components(separatedBy: "<row ").count - 1
            }
            #expect(try await rows("/api/v1/units/510104001/reports/GA01/2023-05.xml?rows=leaf") == 4)
            #expect(try await rows("/api/v1/units/510104001/reports/GA01/2023-06.xml?rows=leaf") == 3)
            // A quarter takes the tree of its last month: Q1 has the community, Q2 (ending in June) not.
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q1.xml?rows=leaf") == 4)
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf") == 3)
            #expect(try await s.request("GET", "/api/v1/units/510104001002/reports/GA01/2023-06.xml", token: district).status == 404)
            let status = try await s.request("GET", "/api/v1/units/510104001/status/2023-06", token: district)
            #expect(!status.text.contains("510104001002"))
            #expect(try await s.request("GET", "/api/v1/units/510104001/status/2023-05", token: district).text.contains("510104001002"))
            // The tree of a month, and nothing stored is lost.
            let mayTree = try await s.request("GET", "/api/v1/units?at=2023-05", token: district)
            let juneTree = try await s.request("GET", "/api/v1/units?at=2023-06", token: district)
            let codes = { (r: TestService.Reply) in ((r.json["units"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } }
            #expect(codes(mayTree).contains("510104001002") && !codes(juneTree).contains("510104001002"))
            #expect(codes(juneTree).first == "510104")
            #expect(try await s.request("GET", "/api/v1/units?at=2023-6", token: district).status == 400)
            let stored = try await s.state.store.values(units: ["510104001002"], periods: [Period("2023-06")!])
            #expect(!stored.isEmpty)
        }
    }
}

/// An admin changes the tree from a month on, as 村级建制调整 does; earlier periods stay as they were.
@Suite struct UnitAdministrationTests {
    @Test func aMergerFromJulyLeavesTheSecondQuarterAndTakesOneCommunityOutOfTheThird() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let district = try await s.login("jinjiang")
            func rows(_ path: String) async throws -> Int {
                try await s.request("GET", path, token: district).text.components(separatedBy: "<row ").count - 1
            }
            let q2Before = try await s.request("GET", "/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf", token: district).text
            // 龙王庙社区 merged into 和平街社区 from July: it exists until June.
            let merged = try await s.request("PATCH", "/api/v1/units/510104001002", token: admin, body: ["until": "2023-06"])
            #expect(merged.status == 200)
            let q2After = try await s.request("GET", "/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf", token: district).text
            func withoutTime(_ s: String) -> String { s.replacingOccurrences(of: #"generated="[^"]*""#, with: "", options: .regularExpression) }
            #expect(withoutTime(q2After) == withoutTime(q2Before))
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf") == 4)
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q3.xml?rows=leaf") == 3)
            #expect(try await s.request("GET", "/api/v1/units/510104001002/forms/2023-06", token: district).status == 200)
            #expect(try await s.request("GET", "/api/v1/units/510104001002/forms/2023-07", token: district).status == 404)
            // No value lost: June's values are still there.
            #expect(!(try await s.state.store.values(units: ["510104001002"], periods: [Period("2023-06")!])).isEmpty)
            // Closing a street whose communities stay open would leave them without a parent.
            let orphan = try await s.request("PATCH", "/api/v1/units/510104002", token: admin, body: ["until": "2023-06"])
            #expect(orphan.status == 422)
        }
    }

    @Test func unitsAreAddedRenamedAndMovedFromAMonth() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let district = try await s.login("jinjiang")
            func codes(_ month: String) async throws -> [String: String] {
                let r = try await s.request("GET", "/api/v1/units?at=\(month)", token: district)
                return Dictionary(uniqueKeysWithValues: ((r.json["units"] as? [[String: Any]]) ?? []).map { ($0["code"] as! String, $0["name"] as! String) })
            }
            let add: [String: Any] = ["code": "510104001009", "name": "新设社区", "level": "community", "parent": "510104001", "from": "2023-07"]
            #expect(try await s.request("POST", "/api/v1/units", token: admin, body: add).status == 201)
            #expect(try await s.request("POST", "/api/v1/units", token: admin, body: add).status == 409)
            var bad = add; bad["code"] = "x y"; bad["parent"] = "nope"; bad["from"] = "2023-7"
            let refused = try await s.request("POST", "/api/v1/units", token: admin, body: bad)
            #expect(refused.status == 422)
            #expect(Set(((refused.json["error"] as? [String: Any])?["fields"] as? [String: Any] ?? [:]).keys) == ["code", "parent", "from"])
            #expect(try await s.request("POST", "/api/v1/units", token: district, body: add).status == 403)
            #expect(try await codes("2023-06")["510104001009"] == nil)
            #expect(try await codes("2023-07")["510104001009"] == "新设社区")
            // A rename needs its month.
            #expect(try await s.request("PATCH", "/api/v1/units/510104001001", token: admin, body: ["name": "和平街新社区"]).status == 422)
            #expect(try await s.request("PATCH", "/api/v1/units/510104001001", token: admin,
                                        body: ["name": "和平街新社区", "from": "2023-08"]).status == 200)
            #expect(try await codes("2023-07")["510104001001"] == "和平街社区")
            #expect(try await codes("2023-08")["510104001001"] == "和平街新社区")
            // A move: 510104001003 to 510104002 from September; August's report of 510104002 does not have it.
            #expect(try await s.request("PATCH", "/api/v1/units/510104001003", token: admin,
                                        body: ["parent": "510104002", "from": "2023-09"]).status == 200)
            func leaf(_ month: String) async throws -> String {
                try await s.request("GET", "/api/v1/units/510104002/reports/GA01/\(month).xml?rows=leaf", token: district).text
            }
            #expect(!(try await leaf("2023-08")).contains("510104001003"))
            #expect(try await leaf("2023-09").contains("510104001003"))
            #expect(try await s.request("PATCH", "/api/v1/units/510104001003", token: admin, body: ["parent": "510104001001", "from": "2023-10"]).status == 422)
            let audit = try await s.request("GET", "/api/v1/audit?kind=admin", token: admin)
            let actions = ((audit.json["entries"] as? [[String: Any]]) ?? []).map { "\($0["action"]!) \($0["target"]!)" }
            #expect(actions.contains("add_unit 510104001009") && actions.contains("change_unit 510104001003"))
            // Once September has come, the new street's office reviews the moved community, the old one no longer.
            s.clock.set(ISO8601DateFormatter().date(from: "2023-09-05T02:00:00Z")!)
            let newStreet = try await s.login("street2"), oldStreet = try await s.login("street1")
            #expect(try await s.request("GET", "/api/v1/units/510104001003/forms/2023-09", token: newStreet).status == 200)
            #expect(try await s.request("GET", "/api/v1/units/510104001003/forms/2023-09", token: oldStreet).status == 403)
        }
    }

    /// The district's new units file from July: previewed, then applied; June's tree is untouched.
    @Test func aNewUnitsFileIsPreviewedThenApplied() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let lines = try String(contentsOfFile: TestTools.path("samples/units.csv"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            var next = lines.filter { !$0.hasPrefix("510104001002,") }                     // closed
                .map { $0.hasPrefix("510104001001,") ? $0.replacingOccurrences(of: "和平街社区", with: "和平街社区(新)") : $0 }  // renamed
                .map { $0.hasPrefix("510104001003,") ? $0.replacingOccurrences(of: ",510104001", with: ",510104002") : $0 }  // moved
            next.append("510104002009,新设社区,community,510104002")                         // added
            let csv = Data(next.joined(separator: "\n").utf8)
            let preview = try await s.request("POST", "/api/v1/units/import?from=2023-07", token: admin, raw: csv, contentType: "text/csv")
            #expect(preview.status == 200)
            #expect(preview.json["applied"] as? Bool == false)
            let p = try #require(preview.json["preview"] as? [String: Any])
            #expect((p["added"] as? [[String: Any]])?.map { $0["code"] as? String } == ["510104002009"])
            #expect((p["renamed"] as? [[String: Any]])?.first?["to"] as? String == "和平街社区(新)")
            #expect((p["moved"] as? [[String: Any]])?.first?["to"] as? String == "510104002")
            #expect((p["closed"] as? [[String: Any]])?.map { $0["code"] as? String } == ["510104001002"])
            #expect((p["closed"] as? [[String: Any]])?.first?["until"] as? String == "2023-06")
            let district = try await s.login("jinjiang")
            func names(_ month: String) async throws -> [String: String] {
                let r = try await s.request("GET", "/api/v1/units?at=\(month)", token: district)
                return Dictionary(uniqueKeysWithValues: ((r.json["units"] as? [[String: Any]]) ?? []).map { ($0["code"] as! String, $0["name"] as! String) })
            }
            #expect(try await names("2023-07")["510104001002"] != nil)      // a preview changes nothing
            let applied = try await s.request("POST", "/api/v1/units/import?from=2023-07&apply=true", token: admin, raw: csv, contentType: "text/csv")
            #expect(applied.json["applied"] as? Bool == true)
            let june = try await names("2023-06"), july = try await names("2023-07")
            #expect(june["510104001002"] != nil && june["510104001001"] == "和平街社区" && june["510104002009"] == nil)
            #expect(july["510104001002"] == nil && july["510104001001"] == "和平街社区(新)" && july["510104002009"] == "新设社区")
            // A file that changes a level, or without a from month, is refused.
            let bad = Data(lines.map { $0.hasPrefix("510104001001,") ? $0.replacingOccurrences(of: "community", with: "street") : $0 }.joined(separator: "\n").utf8)
            #expect(try await s.request("POST", "/api/v1/units/import?from=2023-08", token: admin, raw: bad, contentType: "text/csv").status == 422)
            #expect(try await s.request("POST", "/api/v1/units/import", token: admin, raw: csv, contentType: "text/csv").status == 422)
            // The old file lists 龙王庙社区, closed since July: a code is never used twice, so it is refused, not re-added.
            let old = Data(lines.joined(separator: "\n").utf8)
            let reused = try await s.request("POST", "/api/v1/units/import?from=2024-01&apply=true", token: admin, raw: old, contentType: "text/csv")
            #expect(reused.status == 422)
            #expect(reused.text.contains("单位代码 510104001002 已是 龙王庙社区 的代码"))
            #expect(try await s.request("POST", "/api/v1/units/import?from=2023-08", token: district, raw: csv, contentType: "text/csv").status == 403)
        }
    }
}
