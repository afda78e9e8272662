@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// `--read-db`: reports and status pages read from a hot standby while saves go to the primary; a
/// user's own form is read from the primary at once; a standby that stops is left for the primary
/// without a failed request or a lost save. Needs a standby of the test cluster
/// (`scripts/pg-throwaway standby`, as `.ci/run` and `scripts/test` make one).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["BBT_TEST_POSTGRES_STANDBY"] != nil,
                             "needs BBT_TEST_POSTGRES_STANDBY (scripts/test makes one)"))
struct StandbyTests {
    @Test func readsFromTheStandbyAndFallBackWhenItStops() async throws {
        let env = ProcessInfo.processInfo.environment
        let primary = try TestPostgres.newDatabase("standby")
        let standbyServer = try #require(env["BBT_TEST_POSTGRES_STANDBY"])
        var standby = try #require(URLComponents(string: standbyServer))
        standby.path = try #require(URLComponents(string: primary)).path
        // The new database reaches the standby with the WAL.
        let standbyURL = try #require(standby.string)
        let deadline = Date().addingTimeInterval(20)
        while (try? TestPostgres.psql(standbyURL, "SELECT 1")) != "1" && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }

        var options = ServerOptions()
        options.database = primary
        options.readDatabase = standbyURL
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        let clock = ManualClock()
        let (state, _) = try await Server.prepare(options, logger: TestService.logger, clock: clock)
        let s = TestService(responder: Server.router(state).buildResponder(), state: state, clock: clock, database: URL(fileURLWithPath: "/dev/null"))
        let replica = try #require(state.replica)
        for _ in 0..<3 { await replica.check(); try await Task.sleep(for: .milliseconds(300)) }
        #expect(replica.usingStandby, "a standby that keeps up is read")

        // A save goes to the primary: the filler reads it back at once, the street's status shows it
        // within the standby's lag.
        let filler = try await s.login("c001001")
        let july = "/api/v1/units/510104001001/forms/2023-07"
        let saved = try await s.request("PUT", july, token: filler, body: ["values": ["households": 4321], "version": 0])
        #expect(saved.status == 200, "\(saved.text)")
        #expect((try await s.request("GET", july, token: filler).json["values"] as? [String: Any])?["households"] as? Int == 4321)
        let street = try await s.login("street1")
        func draftShown() async throws -> Bool {
            let status = try await s.request("GET", "/api/v1/units/510104001/status/2023-07", token: street)
            let units = status.json["units"] as? [[String: Any]] ?? []
            return units.contains { $0["unit"] as? String == "510104001001" && $0["status"] as? String == "draft" }
        }
        var shown = false
        for _ in 0..<50 where !shown {
            shown = try await draftShown()
            if !shown { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(shown, "the standby replays the save")
        #expect(replica.usingStandby)

        // The standby stops: reports and status pages go on from the primary, saves are untouched.
        // The store watcher checks the standby every second, as in `bbt serve`.
        let watcher = Task {
            while !Task.isCancelled {
                await replica.check()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        defer { watcher.cancel() }
        let dir = try #require(env["BBT_TEST_POSTGRES_STANDBY_DIR"])
        let stopped = try TestTools.run("/usr/bin/env", ["bash", TestTools.path("scripts/pg-throwaway"), "stop", dir])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let asked = Date()
        let status = try await s.request("GET", "/api/v1/units/510104001/status/2023-07", token: street)
        #expect(status.status == 200, "\(status.text)")
        #expect(Date().timeIntervalSince(asked) < 8, "a stopped standby is left within seconds, not after its connection retries")
        #expect(!replica.usingStandby, "a failed read leaves the standby")
        let again = try await s.request("PUT", july, token: filler, body: ["values": ["households": 4322], "version": 1])
        #expect(again.status == 200, "\(again.text)")
        #expect(try await draftShown())
        await replica.check()
        #expect(!replica.usingStandby, "a standby that does not answer stays out")
        let report = try await s.request("GET", "/api/v1/units/510104001/reports/SZ01/2023-Q2.json", token: street)
        #expect(report.status == 200)
    }
}
