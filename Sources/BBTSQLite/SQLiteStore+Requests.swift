import BBTEngine
import BBTStore
import GRDB

/// Requests for a new report (报表准入), each a JSON document beside its status.
extension SQLiteStore {
    public func addRequest(_ r: StoredRequest, audit: AdminAuditEntry) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO requests (requester, status, document) VALUES (?, ?, '')",
                           arguments: [r.requester, r.status.rawValue])
            var stored = r
            stored.id = Int(db.lastInsertedRowID)
            try db.execute(sql: "UPDATE requests SET document = ? WHERE id = ?", arguments: [try stored.document(), stored.id])
            try SQLiteStore.insert(audit, db)
            return stored.id
        }
    }

    public func request(id: Int) async throws -> StoredRequest? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM requests WHERE id = ?", arguments: [id]).map(StoredRequest.from(document:))
        }
    }

    public func requests() async throws -> [StoredRequest] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM requests ORDER BY id").map(StoredRequest.from(document:))
        }
    }

    public func updateRequest(_ r: StoredRequest, expected: RequestStatus, audit: AdminAuditEntry) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE requests SET status = ?, document = ? WHERE id = ? AND status = ?",
                           arguments: [r.status.rawValue, try r.document(), r.id, expected.rawValue])
            guard db.changesCount == 1 else { return false }
            try SQLiteStore.insert(audit, db)
            return true
        }
    }
}
