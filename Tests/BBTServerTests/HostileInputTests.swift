import Foundation
import Testing

/// Input a hostile user with a valid filler account might send: each answered with a clear error,
/// nothing stored, the server still up.
@Suite(.serialized) struct HostileInputTests {
    @Test func malformedBodiesAreRefusedWithoutSideEffects() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("c003003")
            let path = "/api/v1/units/510104003003/forms/2023-07"
            let bodies: [(String, Data, Int)] = [
                ("not UTF-8", Data([0x7B, 0x22, 0x76, 0xFF, 0xFE, 0x22, 0x7D]), 400),
                ("NaN", Data(#"{"values": {"pop_resident": NaN}, "version": 0}"#.utf8), 400),
                ("Infinity", Data(#"{"values": {"pop_resident": Infinity}, "version": 0}"#.utf8), 400),
                ("deep nesting", Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8), 400),
                ("duplicate keys", Data(#"{"values": {"pop_resident": 1, "pop_resident": 2}, "version": 0}"#.utf8), 400),
                ("values not an object", Data(#"{"values": [1, 2], "version": 0}"#.utf8), 400),
                ("version not a number", Data(#"{"values": {}, "version": "0"}"#.utf8), 400),
                ("a huge number", Data(("{\"values\": {\"pop_resident\": " + String(repeating: "9", count: 400) + "}, \"version\": 0}").utf8), 422),
                ("a huge string for a number", Data(("{\"values\": {\"pop_resident\": \"" + String(repeating: "人", count: 100_000) + "\"}, \"version\": 0}").utf8), 422),
                ("an exponent", Data(#"{"values": {"pop_resident": 1e400}, "version": 0}"#.utf8), 422),
                ("a fraction for an int", Data(#"{"values": {"pop_resident": 12.5}, "version": 0}"#.utf8), 422),
                ("a string for a bool", Data(#"{"values": {"legal_advisor": "yes"}, "version": 0}"#.utf8), 422),
            ]
            for (name, body, status) in bodies {
                let r = try await s.request("PUT", path, token: token, raw: body)
                #expect(r.status == status, "\(name): \(r.status) \(r.text.prefix(200))")
                #expect((r.json["error"] as? [String: Any])?["message"] is String, "\(name)")
            }
            let form = try await s.request("GET", path, token: token)
            #expect(form.json["version"] as? Int == 0, "nothing was stored")
            #expect(try await s.request("GET", "/api/v1/health").status == 200)
        }
    }

    @Test func pathTricksFindNothing() async throws {
        try await TestService.with { s async throws in
            let token = try await s.login("jinjiang")
            for path in ["/api/v1/units/..%2F..%2Fetc/forms/2023-06", "/api/v1/units/%2e%2e/forms/2023-06",
                         "/api/v1/units/510104/reports/SZ01/..%2F2023-Q2.xlsx", "/api/v1/units/510104/reports/%2e%2e/2023-Q2.xlsx",
                         "/api/v1/units/510104/forms/..%2F2023-06", "/api/v1/units/510104/reports/SZ01/2023-Q2.xlsx%00.txt"] {
                let r = try await s.request("GET", path, token: token)
                #expect([400, 404].contains(r.status), "\(path): \(r.status)")
            }
        }
    }
}
