import BBTEngine
import BBTTemplates
import Foundation

/// Reads the offline data layout `DATA/MONTH/UNITCODE.json` for the units and months a render needs.
public struct OfflineData: Sendable {
    public var values: FormValues
    public var warnings: [String] = []
    public var errors: [String] = []

    /// `units` are tree indices; each unit's form is read against the one form of its own level.
    public static func load(directory: String, catalog: Catalog, tree: UnitTree, units: [Int], months: [Period]) -> OfflineData {
        var data = OfflineData(values: FormValues(fieldCount: catalog.fields.count))
        var forms: [String: OneForm] = [:]
        for month in months {
            let folder = (directory as NSString).appendingPathComponent(month.description)
            guard FileManager.default.fileExists(atPath: folder) else { continue }
            for u in units {
                let unit = tree[u]
                let path = (folder as NSString).appendingPathComponent(unit.code + ".json")
                guard let bytes = FileManager.default.contents(atPath: path) else { continue }
                let key = "\(month) \(unit.level)"
                let form = forms[key] ?? OneForm(catalog: catalog, month: month, level: unit.level)
                forms[key] = form
                let file = FormFile.parse(Array(bytes), form: form, catalog: catalog)
                data.warnings += file.warnings.map { "\(path): \($0)" }
                data.errors += file.errors.map { "\(path): \($0)" }
                for e in file.entries { data.values.set(unit: u, field: e.field, period: e.period, e.value) }
                data.values.setStatus(unit: u, month: month, file.status)
            }
        }
        return data
    }
}

/// Reads a units CSV file.
public enum UnitsFile {
    public enum Failure: Error {
        case unreadable(String)
        case invalid([String])
    }

    public static func load(_ path: String) -> Result<UnitTree, Failure> {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable("找不到单位文件 \(path)")) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.invalid(["\(path): 不是 UTF-8 编码的文本"])) }
        return UnitsCSV.parse(text, path: path).mapError { .invalid($0.messages) }
    }
}
