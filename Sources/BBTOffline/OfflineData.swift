import BBTEngine
import BBTTemplates
import Dispatch
import Foundation

/// Reads the offline data layout `DATA/MONTH/UNITCODE.json` for the units and months a render needs.
public struct OfflineData: Sendable {
    public var values: FormValues
    public var warnings: [String] = []
    public var errors: [String] = []

    /// `units` are tree indices; each unit's form is read against the one form of its own level.
    /// Files are read and parsed on all cores; the values are then stored in file order, so the
    /// result is the same however the work was split.
    public static func load(directory: String, catalog: Catalog, tree: UnitTree, units: [Int], months: [Period]) -> OfflineData {
        var readers: [String: FormFile.Reader] = [:]
        var jobs: [(month: Period, unit: Int, path: String, reader: FormFile.Reader)] = []
        for month in months {
            let folder = (directory as NSString).appendingPathComponent(month.description)
            guard FileManager.default.fileExists(atPath: folder) else { continue }
            for u in units {
                let key = "\(month) \(tree[u].level)"
                let reader = readers[key]
                    ?? FormFile.Reader(form: OneForm(catalog: catalog, month: month, level: tree[u].level), catalog: catalog)
                readers[key] = reader
                jobs.append((month, u, (folder as NSString).appendingPathComponent(tree[u].code + ".json"), reader))
            }
        }
        // Each file becomes whole rows (one per period its form holds) on the worker that read
        // it; a (unit, period) row comes from exactly one file, the one of the period's last month.
        // The entries are dropped on the worker too, so the main thread only files rows away.
        let fieldCount = catalog.fields.count
        let results = ParallelMap.map(jobs) { job -> Read? in
            guard let bytes = FileManager.default.contents(atPath: job.path) else { return nil }
            let file = job.reader.read(Array(bytes))
            return Read(status: file.status, explanation: file.explanation, warnings: file.warnings, errors: file.errors,
                        rows: file.rows(fieldCount: fieldCount))
        }
        var data = OfflineData(values: FormValues(fieldCount: fieldCount))
        for (job, read) in zip(jobs, results) {
            guard let read else { continue }
            data.warnings += read.warnings.map { "\(job.path): \($0)" }
            data.errors += read.errors.map { "\(job.path): \($0)" }
            for (period, row) in read.rows { data.values.setRow(unit: job.unit, period: period, row) }
            data.values.setStatus(unit: job.unit, month: job.month, read.status, explanation: read.explanation)
        }
        return data
    }
}

/// What one file gave, as rows.
private struct Read: Sendable {
    let status: FormStatus
    let explanation: String?
    let warnings: [String]
    let errors: [String]
    let rows: [(Period, [Value?])]
}

/// Maps over an array on every core, keeping the order of the input.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64))
        guard workers > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < items.count {
                results.set(i, transform(items[i]))
                i += workers
            }
        }
        return results.values
    }
}

/// Slots written by index from several threads, each slot by exactly one of them. The storage is
/// a raw buffer, so the writes are not accesses to one Swift array (which exclusivity forbids).
private final class ResultSlots<R>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ i: Int, _ value: R) { slots[i] = value }
    var values: [R] { slots.map { $0! } }
}
