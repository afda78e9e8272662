import BBTEngine
import Foundation

/// The required fields each unit's form of a month still lacks, kept between completeness reads
/// (issue 26): a form's missing fields change only with its values, and every save raises its
/// version, so an entry stands while the form's version is the one it was found at. A province's
/// completeness then reads the versions of its units' forms (a row per form) and the values of
/// only the forms changed since, instead of every value of every unit.
final class MissingFields: @unchecked Sendable {
    struct Key: Hashable {
        let templates: Int
        let month: Period
        let unit: String
    }

    private struct Entry {
        let version: Int
        let missing: [String]
    }

    private let lock = NSLock()
    private var kept: [Key: Entry] = [:]
    /// An entry is a few field IDs; beyond this many, start again.
    static let limit = 1_000_000

    /// The kept missing fields of `key`'s form if it is still at `version`.
    func missing(_ key: Key, version: Int) -> [String]? {
        lock.withLock { kept[key].flatMap { $0.version == version ? $0.missing : nil } }
    }

    func keep(_ key: Key, version: Int, missing: [String]) {
        lock.withLock {
            if kept.count >= MissingFields.limit { kept.removeAll(keepingCapacity: true) }
            kept[key] = Entry(version: version, missing: missing)
        }
    }
}
