@testable import BBTXLSX
import Foundation
import BBTTestSupport
import Testing

@Suite struct WorkbookTests {
    static let properties = DocumentProperties(title: "测试表", creator: "报表通", created: "2023-07-05T02:00:00Z")

    func small() throws -> [UInt8] {
        var book = Workbook(sink: MemorySink(), properties: WorkbookTests.properties)
        let title = book.style(CellStyle(bold: true, fontSize: 16, horizontal: .center))
        let number = book.style(CellStyle(border: true, numberFormat: "0.00"))
        var setup = SheetSetup(name: "R01")
        setup.columnWidths = [20, 12]
        setup.frozenRows = 2
        setup.frozenColumns = 1
        setup.printTitleRows = 2...2
        try book.beginSheet(setup)
        try book.writeRow([Cell(.sharedText("标题"), style: title), Cell(.blank, style: title)], height: 30)
        try book.writeRow([Cell(.sharedText("名称")), Cell(.sharedText("数值"))])
        try book.writeRow([Cell(.text("=SUM(A1)")), Cell(.number("12.5"), style: number)])
        try book.endSheet(merges: [CellRange(rows: 1...1, columns: 0...1)])
        return try book.finish().bytes
    }

    @Test func theSameContentGivesTheSameBytes() throws {
        #expect(try small() == small())
    }

    @Test func theArchiveHoldsEveryPartInOrderWithValidCRCs() throws {
        let entries = try ZipReader.read(try small())
        #expect(entries.map(\.name) == ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels", "docProps/core.xml", "docProps/app.xml", "_rels/.rels",
                                        "[Content_Types].xml"])
    }

    @Test func theSheetHasRowsMergesFreezeAndPrintSetup() throws {
        let sheet = try ZipReader.read(try small())[0].text
        #expect(sheet.contains("<pane xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\" activePane=\"bottomRight\" state=\"frozen\"/>"))
        #expect(sheet.contains("<cols><col min=\"1\" max=\"1\" width=\"20\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"12\" customWidth=\"1\"/></cols>"))
        #expect(sheet.contains("<row r=\"1\" ht=\"30\" customHeight=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"/></row>"))
        #expect(sheet.contains("<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>=SUM(A1)</t></is></c><c r=\"B3\" s=\"2\"><v>12.5</v></c></row>"))
        #expect(sheet.contains("<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        #expect(!sheet.contains("<f>"), "text is never a formula")
    }

    @Test func zipTimestampsAreFixedAt1980() throws {
        let bytes = try small()
        #expect(bytes[10] == 0 && bytes[11] == 0)        // time 00:00
        #expect(bytes[12] == 0x21 && bytes[13] == 0)     // 1980-01-01
    }

    /// 100,000 rows through a file: the writer keeps no row, so this runs in flat memory (the
    /// figure itself is measured by `bbt bench`, see docs/performance.md).
    @Test func aLargeSheetStreamsToAFile() throws {
        let dir = try TestTools.temporaryDirectory("big")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.xlsx").path
        var book = Workbook(sink: try FileSink(path: path), properties: WorkbookTests.properties, compression: 1)
        try book.beginSheet(SheetSetup(name: "big"))
        var cells = (0..<10).map { _ in Cell(.number("0")) }
        for r in 0..<100_000 {
            for c in 0..<10 { cells[c] = Cell(.number(String(r * 10 + c))) }
            try book.writeRow(cells)
        }
        try book.endSheet()
        let sink = try book.finish()
        try sink.close()
        let entries = try ZipReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(entries[0].text.hasSuffix("<c r=\"J100000\"><v>999999</v></c></row></sheetData><printOptions horizontalCentered=\"1\"/><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"))
    }
}
