import BBTEngine
import BBTNumber
import BBTTemplates

let catalog: Catalog = {
    let text = """
        field n "数" int stock min 0 max 100
        field d "小数" decimal(2) flow
        field t "文" text(5)
        field b "是否" bool
        field day "日" date
        field c "类" choice("甲", "乙")
        report R "表" {
          form_no "F"
          authority "A"
          every month
          filled_by community
          column "n" = n
          column "d" = d
          column "t" = t
          column "b" = b
          column "day" = day
          column "c" = c
        }
        """
    return Compiler.compile(TemplateSources([SourceFile(path: "f.bbt", text: text)])).catalog
}()
let form = OneForm(catalog: catalog, month: Period("2023-06")!, level: .community)

/// Any bytes as a form file and as a period: never a crash; what is accepted is what it claims;
/// the one-pass form reader says exactly what the general parser says.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = FormFile.parse(bytes, form: form, catalog: catalog)
    for e in file.entries {
        if case .number(let v)? = e.value {
            precondition(v.plainText == v.description || v.plainText.contains("."), "plain text of \(v)")
            precondition(Number(v.plainText) == v, "a number reads back from its text")
        }
    }
    let expected = FormFile.parseWholeDocument(bytes, form: form, catalog: catalog)
    func shown(_ f: FormFile) -> [String] { f.entries.map { "\($0.field)@\($0.period)=\(String(describing: $0.value))" } }
    precondition(shown(file) == shown(expected) && file.status == expected.status, "entries differ from the reference")
    precondition(file.warnings == expected.warnings && file.errors == expected.errors, "messages differ from the reference")
    let text = String(decoding: bytes, as: UTF8.self)
    if let p = Period(text) { precondition(Period(p.description) == p, "period round trip") }
    if let d = LocalDate(text) { precondition(d.description == text, "date round trip") }
    return 0
}

// SwiftPM links an executable's `main` to `FuzzJSON_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("FuzzJSON_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
