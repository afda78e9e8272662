@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// Completeness as offices measure it: expected, submitted, on time, late, approved, returned, with
/// the rates, for the office and each level between; every unit's deadline and punctuality.
@Suite(.serialized) struct CompletenessTests {
    @Test func aDistrictSeesItselfAndEachStreetWithRatesThatAddUp() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            let r = try await s.request("GET", "/api/v1/units/510104/status/2023-06", token: district)
            #expect(r.status == 200)
            let tallies = try #require(r.json["completeness"] as? [[String: Any]])
            #expect(tallies.map { $0["unit"] as! String } == ["510104", "510104001", "510104002", "510104003"])
            let units = try #require(r.json["units"] as? [[String: Any]])
            let whole = tallies[0]
            #expect(whole["expected"] as? Int == units.count)
            // The tally is the rows counted: nothing invented, nothing lost.
            let onTime = units.filter { $0["punctuality"] as? String == "on_time" }.count
            let late = units.filter { $0["punctuality"] as? String == "late" }.count
            let (wholeOnTime, wholeLate, wholeSubmitted) = (whole["onTime"] as? Int, whole["late"] as? Int, whole["submitted"] as? Int)
            #expect(wholeOnTime == onTime)
            #expect(wholeLate == late)
            #expect(wholeSubmitted == onTime + late)
            #expect(onTime > 0, "the samples hand most forms in on time")
            let streets = tallies.dropFirst()
            let inStreets: Int = streets.map { $0["expected"] as! Int }.reduce(0, +)
            let streetForms: Int = units.filter { $0["level"] as? String == "street" }.count
            #expect(streetForms == 3)
            #expect(inStreets == units.count - streetForms, "a street counts the units below it; the district also the streets' own forms")
            let rates = try #require(whole["rates"] as? [String: Any])
            let expected: Double = Double(onTime) * 100 / Double(units.count)
            let rate: Double = (rates["onTime"] as? NSNumber)?.doubleValue ?? -1
            #expect(abs(rate - expected) < 0.051)
            // A community's deadline: the earliest due day of the reports its June form feeds.
            let daci = try #require(units.first { $0["unit"] as? String == "510104002002" })
            #expect(daci["due"] as? String == "2023-07-03")
            #expect(daci["punctuality"] as? String == "on_time")
        }
    }

    /// July filled as June was, submitted by the community's filler now (on the service's clock).
    func submitJuly(_ s: TestService, _ code: String, _ user: String) async throws -> Int {
        let filler = try await s.login(user)
        let path = "/api/v1/units/\(code)/forms/2023-07"
        let june = try await s.request("GET", "/api/v1/units/\(code)/forms/2023-06", token: filler).json["values"] as? [String: Any] ?? [:]
        let form = try await s.request("GET", path, token: filler)
        let ids = ((form.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }.map { $0["id"] as! String }
        var values: [String: Any] = [:]
        for id in ids { values[id] = june[id] ?? NSNull() }
        return try await s.request("PUT", path, token: filler, body: ["values": values, "version": 0, "submit": true]).status
    }

    @Test func lateSubmissionsAndReturnsAreCounted() async throws {
        try await TestService.with { s async throws in
            // July's forms are due on 3 August: one handed in on 5 July, one on 10 August.
            #expect(try await submitJuly(s, "510104001001", "c001001") == 200)
            s.clock.set(ManualClock.julyFifth.addingTimeInterval(36 * 86400))
            #expect(try await submitJuly(s, "510104001002", "c001002") == 200)
            let street = try await s.login("street1")
            let before = try await s.request("GET", "/api/v1/units/510104001/status/2023-07", token: street)
            let tally = try #require((before.json["completeness"] as? [[String: Any]])?.first)
            let counts: [Int?] = ["expected", "submitted", "onTime", "late", "returned"].map { tally[$0] as? Int }
            #expect(counts == [4, 2, 1, 1, 0])
            let rates = tally["rates"] as? [String: Any] ?? [:]
            let (submitted, onTime): (Double?, Double?) = ((rates["submitted"] as? NSNumber)?.doubleValue, (rates["onTime"] as? NSNumber)?.doubleValue)
            #expect(submitted == 50 && onTime == 25)
            let units = before.json["units"] as? [[String: Any]] ?? []
            #expect(units.first { $0["unit"] as? String == "510104001002" }?["punctuality"] as? String == "late")
            #expect(units.first { $0["unit"] as? String == "510104001003" }?["punctuality"] as? String == "missing")
            #expect(try await s.request("POST", "/api/v1/units/510104001001/forms/2023-07/return", token: street,
                                        body: ["reason": "请核实"]).status == 200)
            let after = try await s.request("GET", "/api/v1/units/510104001/status/2023-07", token: street)
            let returned = try #require((after.json["completeness"] as? [[String: Any]])?.first)
            let afterCounts: [Int?] = ["returned", "submitted", "onTime"].map { returned[$0] as? Int }
            #expect(afterCounts == [1, 1, 0], "returned is not handed in")
        }
    }
}
