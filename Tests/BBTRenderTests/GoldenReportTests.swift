import BBTEngine
import BBTRender
import BBTTestSupport
import BBTXLSX
import BBTXML
import Foundation
import Testing

/// Two sample reports pinned whole: the XML, and each part of the XLSX package. Output is
/// deterministic, so any change shows up here as a diff (`BBT_UPDATE_GOLDEN=1` rewrites them).
@Suite struct GoldenReportTests {
    static let cases: [(String, String, String, RowMode)] = [
        ("SZ01", "2023-Q2", "510104", .children),
        ("ZJ12", "2023-06", "510104", .leaf),
    ]
    static let parts = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                        "docProps/core.xml", "[Content_Types].xml"]

    /// `Fixtures/golden/<relative>` beside this file.
    func check(_ actual: String, _ relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        Golden.check(actual, against: "golden", relative, sourceLocation: sourceLocation)
    }

    @Test(arguments: GoldenReportTests.cases.map { "\($0.0) \($0.1) \($0.2) \($0.3.rawValue)" })
    func reportFilesMatchTheirGoldens(_ spec: String) throws {
        let p = spec.split(separator: " ").map(String.init)
        let world = SampleWorld.shared
        let mode = RowMode(rawValue: p[3])!
        let table = try world.table(p[0], p[1], p[2], rows: mode)
        let name = "\(p[0])-\(p[1])-\(p[2])-\(p[3])"
        check(String(decoding: try ReportXML.document(table, rows: mode, generated: SampleWorld.generated), as: UTF8.self),
              "\(name).xml")
        let bytes = try ReportWorkbook.write(table, rules: world.catalog.rules, generated: SampleWorld.generated, to: MemorySink()).bytes
        let entries = try ZipReader.read(bytes)
        // Every part is well-formed XML by libxml2's parser, not only by our own writer's account.
        for entry in entries { #expect(SafeXML.isWellFormed(entry.data), "\(entry.name)") }
        for part in GoldenReportTests.parts {
            let entry = try #require(entries.first { $0.name == part })
            check(entry.text, "\(name).xlsx/\(part.replacingOccurrences(of: "/", with: "_"))")
        }
    }
}
