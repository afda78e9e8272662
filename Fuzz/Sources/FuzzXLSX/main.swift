import BBTImport
import BBTSheet
import BBTTemplates
import BBTXLSX

let sources = TemplateSources([SourceFile(path: "f.bbt", text: """
    field pop "常住人口" int unit "人" min 0 stock
    field hh "户数" int unit "户" min 0 stock
    field done "本月完工电梯" int unit "台" min 0 flow
    report R "表" {
      form_no "F"
      authority "A"
      every month
      filled_by community
      column "p" = pop
      column "h" = hh
      column "d" = done
    }
    """)])

let workbook = Array("""
    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>
    """.utf8)
let rels = Array("""
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
    """.utf8)

/// Any bytes, either as a whole XLSX (seeded with real forms) or, with an odd first byte, as the
/// worksheet XML of an otherwise sound one: a clear error or a draft, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let first = bytes.first, first & 1 == 1 {
        var zip = ZipWriter(sink: MemorySink(), level: 1)
        try! zip.beginEntry("xl/workbook.xml"); try! zip.write(workbook); try! zip.endEntry()
        try! zip.beginEntry("xl/_rels/workbook.xml.rels"); try! zip.write(rels); try! zip.endEntry()
        try! zip.beginEntry("xl/worksheets/sheet1.xml"); try! zip.write(bytes.dropFirst()); try! zip.endEntry()
        try! zip.finish()
        bytes = zip.sink.bytes
    }
    guard let sheet = try? WorkbookReader.read(bytes) else { return 0 }
    precondition(sheet.rows.count <= WorkbookReader.Limits().rowLimit)
    guard let layout = try? FormLayout(sheet) else { return 0 }
    if let draft = try? ReportDraft.make(layout: layout, sources: sources, id: nil, fileName: "f.xlsx") {
        precondition(draft.mapping.count == layout.columns.count)
    }
    return 0
}
// SwiftPM links an executable's `main` to `FuzzXLSX_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("FuzzXLSX_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
