import BBTTemplates

/// Any bytes as a template file: compiling must never crash or hang, and printing what parses must
/// parse again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = SourceFile(path: "fuzz.bbt", text: text)
    let compilation = Compiler.compile(TemplateSources([file]))
    _ = compilation.catalog.burden
    let printer = DiagnosticPrinter(sources: compilation.sources, showSource: true)
    for d in compilation.diagnostics { _ = printer.render(d) }
    let (tree, problems) = Compiler.parse(file)
    if problems.isEmpty {
        let (again, reproblems) = Compiler.parse(SourceFile(path: "fuzz.bbt", text: SourcePrinter.print(tree)))
        precondition(reproblems.isEmpty, "printed source does not parse")
        precondition(TreeDump.dump(again) == TreeDump.dump(tree), "round trip changed the tree")
    }
    return 0
}

// SwiftPM links an executable's `main` to `FuzzTemplates_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("FuzzTemplates_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
