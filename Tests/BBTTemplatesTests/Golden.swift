import Foundation
import Testing

/// Golden files beside their inputs. With `BBT_UPDATE_GOLDEN=1` a mismatch rewrites the expected
/// file instead of failing, so a deliberate change shows up as a reviewable diff.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var updating: Bool { ProcessInfo.processInfo.environment["BBT_UPDATE_GOLDEN"] == "1" }

    /// The cases in a fixture folder: each `.bbt` file, or each sub-folder (a multi-file catalog).
    static func cases(_ folder: String) -> [String] {
        let dir = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.compactMap { name in
            if name.hasSuffix(".bbt") { return String(name.dropLast(4)) }
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir)
            return isDir.boolValue ? name : nil
        }.sorted()
    }

    static func input(_ folder: String, _ name: String) -> String {
        let dir = fixtures.appendingPathComponent(folder)
        let file = dir.appendingPathComponent(name + ".bbt")
        return FileManager.default.fileExists(atPath: file.path) ? file.path : dir.appendingPathComponent(name).path
    }

    static func check(_ actual: String, against folder: String, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(folder).appendingPathComponent(file)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if expected == actual { return }
        if updating {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(expected == actual, "golden \(folder)/\(file) differs (BBT_UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
    }
}
