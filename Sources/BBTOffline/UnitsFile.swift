import BBTEngine
import Foundation

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
