import BBTImport
import BBTSheet
import BBTTestSupport
import BBTXLSX
import Foundation
import Testing

/// Files that are not what they claim: each gets a clear error, in bounded memory, and no crash.
@Suite struct HostileSheetTests {
    static let workbook = """
        <?xml version="1.0" encoding="UTF-8"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let rels = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """

    /// A workbook whose sheet (and shared strings) are written by `sheet` in chunks.
    static func xlsx(level: Int32 = 1, sheet: (inout ZipWriter<MemorySink>) throws -> Void,
                     strings: ((inout ZipWriter<MemorySink>) throws -> Void)? = nil) throws -> [UInt8] {
        var zip = ZipWriter(sink: MemorySink(), level: level)
        try zip.beginEntry("xl/workbook.xml"); try zip.write(workbook); try zip.endEntry()
        try zip.beginEntry("xl/_rels/workbook.xml.rels"); try zip.write(rels); try zip.endEntry()
        try zip.beginEntry("xl/worksheets/sheet1.xml"); try sheet(&zip); try zip.endEntry()
        if let strings { try zip.beginEntry("xl/sharedStrings.xml"); try strings(&zip); try zip.endEntry() }
        try zip.finish()
        return zip.sink.bytes
    }

    static func plain(_ xml: String) throws -> [UInt8] { try xlsx(sheet: { try $0.write(xml) }) }

    func error(_ bytes: [UInt8], limits: WorkbookReader.Limits = .init()) -> String {
        do { _ = try WorkbookReader.read(bytes, limits: limits); return "read" } catch { return "\(error)" }
    }

    @Test func aSmallSheetReadsWithMergesAndBothKindsOfStrings() throws {
        let bytes = try HostileSheetTests.xlsx(sheet: { z in
            try z.write("""
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                <row r="1"><c r="A1" t="s"><v>1</v></c></row>\
                <row r="3"><c r="B3" t="inlineStr"><is><r><t>常住</t></r><r><t>人口</t></r><rPh><t>ジ</t></rPh></is></c><c t="n"><v>12.5</v></c><c r="E3" t="b"><v>1</v></c></row>\
                </sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells></worksheet>
                """)
        }, strings: { z in try z.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>不用</t></si><si><r><t>标</t></r><r><t>题</t></r></si></sst>") })
        let sheet = try WorkbookReader.read(bytes)
        #expect(sheet.text(0, 0) == "标题")
        #expect(sheet.shown(0, 3) == "标题")
        #expect(sheet.text(2, 1) == "常住人口")
        #expect(sheet.text(2, 2) == "12.5")
        #expect(sheet.text(2, 4) == "是")
        #expect(sheet.rowCount == 3)
    }

    @Test func notAZipOrATruncatedOneIsSaidSo() throws {
        #expect(error(Array("hello, this is not a spreadsheet at all".utf8)).contains("不是 XLSX 文件"))
        let good = try Array(Data(contentsOf: ImportDraftTests.forms.appendingPathComponent("zhujian_elevator.xlsx")))
        #expect(error(Array(good.prefix(good.count / 2))).contains("不是 XLSX 文件"))
        // Garble the compressed bytes of the worksheet, just after its local header's name.
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        let at = try #require((0..<(good.count - name.count)).first { Array(good[$0..<($0 + name.count)]) == name })
        var damaged = good
        for i in (at + name.count + 40)..<(at + name.count + 120) { damaged[i] ^= 0x5A }
        let message = error(damaged)
        #expect(message.contains("损坏") || message.contains("解压失败") || message.contains("校验和"), "\(message)")
    }

    @Test func aZipBombStopsAtTheLimitWithoutInflatingIt() throws {
        // 64 MB of one repeated letter deflates about a thousandfold: far beyond what XML compresses to.
        let bomb = try HostileSheetTests.xlsx(level: 9, sheet: { z in
            try z.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>")
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
            for _ in 0..<64 { try z.write(chunk) }
            try z.write("</t></is></c></row></sheetData></worksheet>")
        })
        #expect(bomb.count < 1 << 20)
        #expect(error(bomb).contains("压缩炸弹"))
    }

    @Test func aHugeSharedStringTableIsRefusedAndAnIndexOutsideItToo() throws {
        let sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>70000</v></c></row></sheetData></worksheet>"
        var limits = WorkbookReader.Limits()
        limits.sharedStrings = 50_000
        let many = try HostileSheetTests.xlsx(sheet: { try $0.write(sheet) }, strings: { z in
            try z.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
            for i in 0..<60_000 { try z.write("<si><t>\(i)</t></si>") }
            try z.write("</sst>")
        })
        #expect(error(many, limits: limits).contains("共享字符串"))
        let outside = try HostileSheetTests.xlsx(sheet: { try $0.write(sheet) }, strings: { z in
            try z.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>a</t></si></sst>")
        })
        #expect(error(outside).contains("不存在的共享字符串 70000"))
    }

    @Test func deepNestingDoctypesAndEntitiesAreRefused() throws {
        let deep = String(repeating: "<x>", count: 500) + String(repeating: "</x>", count: 500)
        #expect(error(try HostileSheetTests.plain("<worksheet>\(deep)</worksheet>")).contains("嵌套层数"))
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>
            """
        let laughed = error(try HostileSheetTests.plain(laughs))
        #expect(laughed.contains("DOCTYPE") || laughed.contains("不是格式正确的 XML"), "\(laughed)")
        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
            """
        #expect(error(try HostileSheetTests.plain(external)).contains("DOCTYPE"))
        #expect(error(try HostileSheetTests.plain("<worksheet><sheetData><row")).contains("不是格式正确的 XML"))
    }

    @Test func onlyTheTopOfALongSheetIsKeptButEveryRowIsCounted() throws {
        let bytes = try HostileSheetTests.xlsx(sheet: { z in
            try z.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
            for r in 1...5_000 { try z.write("<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c></row>") }
            try z.write("</sheetData></worksheet>")
        })
        let sheet = try WorkbookReader.read(bytes)
        #expect(sheet.rowCount == 5_000)
        #expect(sheet.rows.count == WorkbookReader.Limits().rowLimit)
        #expect(sheet.text(199, 0) == "200")
    }

    @Test func aSheetWithoutAHeaderIsAClearImportError() throws {
        let bytes = try HostileSheetTests.plain("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>")
        let sources = ImportDraftTests.sources
        #expect(throws: ImportError.self) { try ReportDraft.make(xlsx: bytes, sources: sources) }
    }
}
