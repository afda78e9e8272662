import Foundation
import Testing

/// Golden files beside the test that reads them: `Fixtures/` in the calling test file's folder. With
/// `BBT_UPDATE_GOLDEN=1` a mismatch rewrites the expected file instead of failing, so a deliberate
/// change shows up as a reviewable diff.
///
/// Every function takes `filePath: String = #filePath`, filled in at the call site, so the fixtures
/// are found relative to the test file that calls it (not to this file in Tests/Support).
public enum Golden {
    public static var updating: Bool { ProcessInfo.processInfo.environment["BBT_UPDATE_GOLDEN"] == "1" }

    /// The `Fixtures` folder beside the calling test file.
    public static func fixtures(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The cases in a fixture folder: each `.bbt` file, or each sub-folder (a multi-file catalog).
    public static func cases(_ folder: String, filePath: String = #filePath) -> [String] {
        let dir = fixtures(filePath: filePath).appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.compactMap { name in
            if name.hasSuffix(".bbt") { return String(name.dropLast(4)) }
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir)
            return isDir.boolValue ? name : nil
        }.sorted()
    }

    /// The path of a case: `folder/name.bbt` if that file exists, else the folder `folder/name`.
    public static func input(_ folder: String, _ name: String, filePath: String = #filePath) -> String {
        let dir = fixtures(filePath: filePath).appendingPathComponent(folder)
        let file = dir.appendingPathComponent(name + ".bbt")
        return FileManager.default.fileExists(atPath: file.path) ? file.path : dir.appendingPathComponent(name).path
    }

    /// Compares `actual` with `Fixtures/folder/file` (`file` may hold sub-folders); with
    /// `BBT_UPDATE_GOLDEN=1`, rewrites the file (creating its folders) instead of failing.
    public static func check(_ actual: String, against folder: String, _ file: String,
                             filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures(filePath: filePath).appendingPathComponent(folder).appendingPathComponent(file)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if expected == actual { return }
        if updating {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(expected == actual, "golden \(folder)/\(file) differs (BBT_UPDATE_GOLDEN=1 rewrites it)",
                sourceLocation: sourceLocation)
    }
}
