@testable import BBTServer
import BBTEngine
import BBTTestSupport
import Foundation
import Testing

/// What filling really costs, measured: the form's saves report active seconds (each capped), a
/// submission counts how its values came, and the office sees the month's minutes per form.
@Suite struct MeasuredBurdenTests {
    @Test func savesReportTheirActiveTimeAndTheOfficeSeesMinutesPerForm() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c002002")
            let values = try await ExplanationTests().july(s, filler, [:])
            let draft = try await s.request("PUT", ExplanationTests.path, token: filler, body: ["values": values, "version": 0, "activeSeconds": 120])
            #expect(draft.status == 200, "\(draft.text)")
            // A tab left open for hours counts 15 minutes at most.
            let submitted = try await s.request("PUT", ExplanationTests.path, token: filler,
                                                body: ["values": [:] as [String: Any], "version": 1, "submit": true, "activeSeconds": 5000])
            #expect(submitted.json["status"] as? String == "submitted", "\(submitted.text)")
            #expect(try await s.request("PUT", ExplanationTests.path, token: filler,
                                        body: ["values": [:] as [String: Any], "version": 2, "activeSeconds": -1]).status == 400)

            let street = try await s.login("street2")
            let b = try await s.request("GET", "/api/v1/burden?month=2023-07&unit=510104002", token: street)
            #expect(b.status == 200, "\(b.text)")
            #expect(b.json["month"] as? String == "2023-07")
            #expect((b.json["forms"] as? Int ?? 0) >= 2)
            #expect((b.json["submitted"] as? Int ?? 0) >= 1)
            let minutes = try #require(b.json["activeMinutes"] as? [String: Any])
            #expect(minutes["median"] as? Double == 17, "(120 + 900) s")
            let perForm = try #require(b.json["perForm"] as? [String: Any])
            let filled = values.values.filter { !($0 is NSNull) }.count
            let counted = ["typed", "checked", "carried"].compactMap { perForm[$0] as? Double }.reduce(0, +)
            #expect(Int(counted) == filled, "every value counted once: \(perForm)")
            #expect((perForm["carried"] as? Double ?? 0) > 0, "carry fields kept as June had them")
            let catalog = await s.state.templates().catalog
            let due = catalog.reports.filter { $0.filledBy == .community && Period.month(2023, 7).containing($0.frequency).lastMonth == .month(2023, 7) }
            #expect(b.json["manualBaseline"] as? Int == due.reduce(0) { $0 + $1.figures.count })
            #expect(due.count > 1)
            // Only the office above, or an admin.
            #expect(try await s.request("GET", "/api/v1/burden?month=2023-07&unit=510104002", token: try await s.login("street1")).status == 403)
            #expect(try await s.request("GET", "/api/v1/burden?month=2023-07&unit=510104002", token: filler).status == 403)
            #expect(try await s.request("GET", "/api/v1/burden?month=2023-07&unit=510104", token: try await s.login("admin", "admin123")).status == 200)
        }
    }

    @Test func quantilesInterpolateAndEmptyIsNotZero() {
        let b = MeasuredBurden(month: .month(2023, 6), forms: 5, submitted: 4, submittedSeconds: [600, 60, 1200, 300], counts: [], manualBaseline: 10)
        #expect(b.medianMinutes == 7.5)
        #expect(b.p90Minutes == 17)
        #expect(b.perForm == nil)
        let none = MeasuredBurden(month: .month(2023, 6), forms: 5, submitted: 0, submittedSeconds: [], counts: [], manualBaseline: 0)
        #expect(none.medianMinutes == nil && none.p90Minutes == nil)
    }

    /// The demo's communities spent measured minutes on their forms, and departments' values were kept.
    @Test func theDemoSeedHasMonthsOfMeasuredTime() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            var medians: [Double] = []
            for month in 1...6 {
                let b = try await s.request("GET", "/api/v1/burden?month=2023-0\(month)&unit=510104", token: admin)
                let median = try #require((b.json["activeMinutes"] as? [String: Any])?["median"] as? Double, "\(b.text)")
                medians.append(median)
                let perForm = try #require(b.json["perForm"] as? [String: Any], "\(b.text)")
                #expect((perForm["typed"] as? Double ?? 0) > 0 && (perForm["checked"] as? Double ?? 0) > 0, "\(perForm)")
            }
            #expect(medians.last! < medians.first!, "staff get faster: \(medians)")
        }
    }
}
