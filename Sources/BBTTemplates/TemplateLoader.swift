import Foundation

/// Reads a templates folder (every `.bbt` below it, recursively) or a single `.bbt` file.
public enum TemplateLoader {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(_ path: String) throws -> TemplateSources {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError(description: "\(path): 找不到这个模板目录或文件")
        }
        if !isDirectory.boolValue {
            let name = (path as NSString).lastPathComponent
            return TemplateSources([SourceFile(path: name, text: try read(path, shownAs: path))])
        }
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard let enumerator = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw LoadError(description: "\(path): 无法读取这个目录")
        }
        var files: [SourceFile] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator where url.pathExtension == "bbt" {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : url.lastPathComponent
            files.append(SourceFile(path: relative, text: try read(full, shownAs: relative)))
        }
        return TemplateSources(files)
    }

    private static func read(_ path: String, shownAs shown: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(shown): 无法读取文件")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(description: "\(shown): 不是 UTF-8 编码的文本 (请用 UTF-8 保存模板文件)")
        }
        return text
    }
}
