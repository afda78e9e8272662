import Foundation
import Testing

/// Each role × its own unit, a child, a sibling and the parent, for each kind of endpoint: exactly the
/// allowed answers. "allowed" means any answer but 401/403 (a review may still be refused by the form's state).
@Suite(.serialized) struct ScopeMatrixTests {
    enum Expect: CustomStringConvertible {
        case allowed, forbidden
        var description: String { self == .allowed ? "allowed" : "403" }
    }

    // (user, password, relation → unit code)
    static let people: [(String, String, [String: String])] = [
        ("c001001", "demo1234", ["own": "510104001001", "sibling": "510104001002", "parent": "510104001"]),
        ("street1", "demo1234", ["own": "510104001", "child": "510104001001", "sibling": "510104002", "parent": "510104"]),
        ("admin", "admin123", ["own": "510104", "child": "510104001", "sibling": "510104002003", "parent": "510104001001"]),
        // A department's data account supplies values; it reads no form, report, status or audit.
        ("gongan", "demo1234", ["own": "510104", "child": "510104001", "grandchild": "510104001001"]),
    ]

    /// What each role may do, by relation.
    static func expected(_ user: String, _ action: String, _ relation: String) -> Expect {
        switch (user, action) {
        case ("c001001", "fill"), ("c001001", "read"), ("c001001", "report"): return relation == "own" ? .allowed : .forbidden
        case ("c001001", _): return .forbidden
        case ("street1", "read"), ("street1", "report"), ("street1", "status"), ("street1", "audit"):
            return relation == "own" || relation == "child" ? .allowed : .forbidden
        case ("street1", "review"): return relation == "child" ? .allowed : .forbidden
        case ("street1", "fill"): return .forbidden
        case ("admin", "fill"), ("admin", "review"): return .forbidden
        case ("gongan", _): return .forbidden
        case ("admin", _): return .allowed
        default: return .forbidden
        }
    }

    @Test func everyRoleReachesExactlyItsScope() async throws {
        try await TestService.with { s async throws in
            var mismatches: [String] = []
            for (user, password, units) in ScopeMatrixTests.people {
                let token = try await s.login(user, password)
                for (relation, code) in units.sorted(by: { $0.key < $1.key }) {
                    let requests: [(String, String, String, Any?)] = [
                        ("read", "GET", "/api/v1/units/\(code)/forms/2023-06", nil),
                        ("fill", "PUT", "/api/v1/units/\(code)/forms/2023-12", ["values": [:] as [String: Any], "version": 0]),
                        ("review", "POST", "/api/v1/units/\(code)/forms/2023-06/approve", [:] as [String: Any]),
                        ("report", "GET", "/api/v1/units/\(code)/reports/\(code.count == 12 ? "SZ01" : "ZJ20")/\(code.count == 12 ? "2023-Q2" : "2023-H1").xml", nil),
                        ("status", "GET", "/api/v1/units/\(code)/status/2023-06", nil),
                        ("audit", "GET", "/api/v1/audit?unit=\(code)", nil),
                    ]
                    for (action, method, path, body) in requests {
                        let r = try await s.request(method, path, token: token, body: body)
                        var want = ScopeMatrixTests.expected(user, action, relation)
                        // Completeness and the audit trail are for offices: a filler never sees them.
                        if user == "c001001" && (action == "status" || action == "audit") { want = .forbidden }
                        let got: Expect = r.status == 403 ? .forbidden : .allowed
                        if got != want || r.status == 401 || r.status >= 500 {
                            mismatches.append("\(user) \(action) \(relation) \(code): \(r.status), expected \(want)")
                        }
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }
}
