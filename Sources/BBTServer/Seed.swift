import BBTEngine
import BBTOffline
import BBTStore
import BBTTemplates
import Foundation

/// Loads a seed folder (`units.csv`, `users.csv`, optionally `data/MONTH/UNIT.json`) into an empty store.
enum Seed {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ folder: String, into store: any Store, catalog: Catalog, at: String) async throws -> (units: Int, users: Int, forms: Int) {
        let tree: UnitTree
        switch UnitsFile.load((folder as NSString).appendingPathComponent("units.csv")) {
        case .success(let t): tree = t
        case .failure(.unreadable(let m)): throw Failure(description: m)
        case .failure(.invalid(let ms)): throw Failure(description: ms.joined(separator: "\n"))
        }
        try await store.replaceUnits(tree.units, tree: tree)

        let usersPath = (folder as NSString).appendingPathComponent("users.csv")
        var users = 0
        if let data = FileManager.default.contents(atPath: usersPath), let text = String(data: data, encoding: .utf8) {
            var rows: [(username: String, password: String, role: UserRecord.Role, unit: String)] = []
            for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() where i > 0 {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard f.count >= 4, let role = UserRecord.Role(rawValue: f[2]), tree.index(of: f[3]) != nil, !f[0].isEmpty else {
                    throw Failure(description: "\(usersPath):\(i + 1): 应为 username,password,role,unit, role 为 filler/reviewer/admin, unit 为已有单位")
                }
                rows.append((f[0], f[1], role, f[3]))
            }
            // Slow hashes by design: spread them over the cores.
            let hashes = await withTaskGroup(of: (Int, String).self) { group in
                for (i, r) in rows.enumerated() { group.addTask { (i, Passwords.hash(r.password)) } }
                var out = Array(repeating: "", count: rows.count)
                for await (i, h) in group { out[i] = h }
                return out
            }
            for (r, hash) in zip(rows, hashes) {
                try await store.upsertUser(UserRecord(username: r.username, passwordHash: hash, role: r.role, unit: r.unit))
                users += 1
            }
        }

        var forms = 0
        let dataDir = (folder as NSString).appendingPathComponent("data")
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: dataDir)) ?? []).compactMap(Period.init)
            .filter { $0.frequency == .month }.sorted()
        // One reader per form (month and level), as `bbt render` reads files, not one per file.
        var readers: [Level: FormFile.Reader] = [:]
        for month in months {
            readers.removeAll()
            let folder = (dataDir as NSString).appendingPathComponent(month.description)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where file.hasSuffix(".json") {
                let code = String(file.dropLast(5))
                guard let u = tree.index(of: code), let bytes = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(file)) else { continue }
                let level = tree[u].level
                let reader = readers[level] ?? FormFile.Reader(form: OneForm(catalog: catalog, month: month, level: level), catalog: catalog)
                readers[level] = reader
                let parsed = reader.read(Array(bytes))
                guard parsed.errors.isEmpty else {
                    throw Failure(description: "\(folder)/\(file): \(parsed.errors.joined(separator: "; "))")
                }
                _ = try await store.save(FormSave(
                    unit: code, month: month, expectedVersion: 0,
                    values: parsed.entries.map { (catalog.fields[$0.field].id, $0.period, $0.value) },
                    status: parsed.status, user: "seed", at: at))
                forms += 1
            }
        }
        return (tree.units.count, users, forms)
    }
}
