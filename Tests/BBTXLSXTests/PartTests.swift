@testable import BBTXLSX
import Testing

@Suite struct PartTests {
    @Test func textIsEscapedAndControlCharactersKept() {
        var x: [UInt8] = []
        x.appendText("a<b & \"c\" \u{1}_x0041_ 党员")
        #expect(String(decoding: x, as: UTF8.self) == "a&lt;b &amp; \"c\" _x0001__x005F_x0041_ 党员")
        var a: [UInt8] = []
        a.appendAttribute("x\"y\nz")
        #expect(String(decoding: a, as: UTF8.self) == "x&quot;y&#10;z")
    }

    @Test func columnNamesAndReferences() {
        #expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName) == ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        let letters = RowWriter.letters(count: 2)
        let written = letters.withUnsafeBufferPointer { letters in
            var row = RowWriter(row: 1_048_576, letters: letters)
            row.blank(style: 0)
            row.number("7", style: 0)
            row.number("-1.5", style: 12)
            row.text("x", style: 0)
            return row.bytes
        }
        #expect(String(decoding: written, as: UTF8.self)
                == "<c r=\"B1048576\"><v>7</v></c><c r=\"C1048576\" s=\"12\"><v>-1.5</v></c><c r=\"D1048576\" t=\"inlineStr\"><is><t>x</t></is></c>")
        #expect(cellReference(column: 702, row: 1_048_576) == "AAA1048576")
    }

    @Test func stylesAreInternedInFirstUseOrderWithCustomFormatsFrom164() {
        var table = StyleTable()
        let a = table.index(of: CellStyle(border: true, numberFormat: "0.00"))
        let b = table.index(of: CellStyle(bold: true, fontSize: 16))
        let c = table.index(of: CellStyle(border: true, numberFormat: "0.000"))
        #expect([a, b, c] == [1, 2, 3])
        #expect(table.index(of: CellStyle(border: true, numberFormat: "0.00")) == 1)
        let xml = String(decoding: table.xml(), as: UTF8.self)
        #expect(xml.contains("<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.000\"/></numFmts>"))
        #expect(xml.contains("<font><b/><sz val=\"16\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"))
        #expect(xml.contains("<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"center\"/></xf>"))
        #expect(xml.contains("<cellXfs count=\"4\">"))
    }

    @Test func workbookCarriesThePrintTitles() {
        var setup = SheetSetup(name: "SZ01")
        setup.printTitleRows = 5...8
        let xml = String(decoding: PackageParts.workbook(sheets: [setup]), as: UTF8.self)
        #expect(xml.contains("<sheets><sheet name=\"SZ01\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"))
        #expect(xml.contains("<definedNames><definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'SZ01'!$5:$8</definedName></definedNames>"))
    }

    @Test func contentTypesAndRelationshipsNameEveryPart() {
        let types = String(decoding: PackageParts.contentTypes(sheets: 2), as: UTF8.self)
        for part in ["/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml", "/xl/styles.xml",
                     "/xl/sharedStrings.xml", "/docProps/core.xml", "/docProps/app.xml"] {
            #expect(types.contains("PartName=\"\(part)\""))
        }
        let rels = String(decoding: PackageParts.workbookRelationships(sheets: 2), as: UTF8.self)
        #expect(rels.contains("Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\""))
        #expect(rels.contains("Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""))
    }

    @Test func sharedStringsCountReferencesAndKeepSpaces() {
        let xml = String(decoding: PackageParts.sharedStrings(["合计", " 甲 "], references: 5), as: UTF8.self)
        #expect(xml.hasSuffix("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"5\" uniqueCount=\"2\"><si><t>合计</t></si><si><t xml:space=\"preserve\"> 甲 </t></si></sst>"))
    }

    @Test func sheetNamesAreCleanedAndUnique() {
        #expect(Workbook<MemorySink>.cleanSheetName("a/b:c", taken: []) == "abc")
        #expect(Workbook<MemorySink>.cleanSheetName("R01", taken: ["R01"]) == "R01(2)")
        #expect(Workbook<MemorySink>.cleanSheetName(String(repeating: "表", count: 40), taken: []).count == 31)
    }
}
