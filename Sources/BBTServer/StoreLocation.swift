import BBTPostgres
import BBTSQLite
import BBTStore
import Foundation
import Logging

/// Where the service keeps its data, from `--db` (or `BBT_DB`): a `postgres://` or `postgresql://`
/// URL is a PostgreSQL database that several servers may share; anything else is the path of an
/// embedded SQLite file, created with its folder when missing.
enum StoreLocation {
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    static func open(_ location: String, logger: Logger) async throws -> any Store {
        if isPostgres(location) {
            return try await PostgresStore.open(url: location, logger: logger)
        }
        let directory = (location as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        return try SQLiteStore(path: location)
    }
}
