import BBTTemplates

/// Compiles inline template text as one file named `t.bbt`.
func compile(_ text: String) -> Compilation {
    Compiler.compile(TemplateSources([SourceFile(path: "t.bbt", text: text)]))
}

/// Diagnostics printed the normative way, without source lines.
func rendered(_ c: Compilation) -> [String] {
    let printer = DiagnosticPrinter(sources: c.sources, showSource: false)
    return c.diagnostics.map(printer.render)
}

/// A report header for tests, filled by communities.
func report(_ id: String, every: String, level: String = "community", _ columns: String) -> String {
    """
    report \(id) "\(id)" {
      form_no "测\(id)表"
      authority "测试机关"
      every \(every)
      due 5
      filled_by \(level)
    \(columns)
    }

    """
}
