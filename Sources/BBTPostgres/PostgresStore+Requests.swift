import BBTEngine
import BBTStore
import PostgresNIO

/// Requests for a new report (报表准入), each a JSON document beside its status.
extension PostgresStore {
    public func addRequest(_ r: StoredRequest, audit: AdminAuditEntry) async throws -> Int {
        try await transaction { c in
            let id = try await rows("INSERT INTO requests (requester, status, document) VALUES (\(r.requester), \(r.status.rawValue), '') RETURNING id", on: c)
                .first!.decode(Int.self)
            var stored = r
            stored.id = id
            try await run("UPDATE requests SET document = \(try stored.document()) WHERE id = \(id)", on: c)
            try await insert(audit, on: c)
            return id
        }
    }

    public func request(id: Int) async throws -> StoredRequest? {
        try await rows("SELECT document FROM requests WHERE id = \(id)").first.map { try StoredRequest.from(document: $0.decode(String.self)) }
    }

    public func requests() async throws -> [StoredRequest] {
        try await rows("SELECT document FROM requests ORDER BY id").map { try StoredRequest.from(document: $0.decode(String.self)) }
    }

    public func updateRequest(_ r: StoredRequest, expected: RequestStatus, audit: AdminAuditEntry) async throws -> Bool {
        try await transaction { c in
            let changed = try await rows("""
                UPDATE requests SET status = \(r.status.rawValue), document = \(try r.document())
                WHERE id = \(r.id) AND status = \(expected.rawValue) RETURNING id
                """, on: c)
            guard !changed.isEmpty else { return false }
            try await insert(audit, on: c)
            return true
        }
    }
}
