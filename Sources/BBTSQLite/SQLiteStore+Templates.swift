import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import GRDB

/// Published template versions.
extension SQLiteStore {
    public func latestTemplates() async throws -> TemplateVersion? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT version, published_at, published_by FROM template_versions ORDER BY version DESC LIMIT 1") else {
                return nil
            }
            let version: Int = row["version"]
            var files: [String: String] = [:]
            for f in try Row.fetchAll(db, sql: "SELECT path, source FROM template_files WHERE version = ?", arguments: [version]) {
                files[f["path"]] = f["source"]
            }
            return TemplateVersion(version: version, files: files, publishedAt: row["published_at"], publishedBy: row["published_by"])
        }
    }

    public func templateHistory() async throws -> [(version: Int, publishedAt: Instant, publishedBy: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT version, published_at, published_by FROM template_versions ORDER BY version").map {
                ($0["version"], $0["published_at"], $0["published_by"])
            }
        }
    }

    @discardableResult
    public func publishTemplates(files: [String: String], by user: String, at: Instant) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO template_versions (published_at, published_by) VALUES (?, ?)", arguments: [at, user])
            let version = Int(db.lastInsertedRowID)
            for (path, source) in files.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO template_files (version, path, source) VALUES (?, ?, ?)", arguments: [version, path, source])
            }
            try SQLiteStore.insert(AdminAuditEntry(at: at, user: user, action: "publish_templates", target: "第 \(version) 版",
                                                   detail: "\(files.count) 个文件"), db)
            return version
        }
    }
}
