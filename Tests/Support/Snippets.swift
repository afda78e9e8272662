import BBTTemplates

/// Compiles inline template text as one file named `t.bbt`.
public func compile(_ text: String) -> Compilation {
    Compiler.compile(TemplateSources([SourceFile(path: "t.bbt", text: text)]))
}

/// Diagnostics printed the normative way, without source lines.
public func rendered(_ c: Compilation) -> [String] {
    let printer = DiagnosticPrinter(sources: c.sources, showSource: false)
    return c.diagnostics.map(printer.render)
}

/// A report for tests, ending in a blank line so that snippets can be concatenated:
///
///     report <id> "<title>" {
///       form_no "<formNo>"
///       authority "测试机关"
///       every <every>
///       due <due>            (only when `due` is given)
///       filled_by <level>
///     <columns>
///     }
///
/// `title` defaults to the id and `formNo` to `测<id>表`; `columns` are whole lines, indented by the
/// caller (`"  column \"p\" = pop"`).
public func report(_ id: String, title: String? = nil, formNo: String? = nil, every: String,
                   level: String = "community", due: Int? = nil, _ columns: String) -> String {
    let title = title ?? id
    let formNo = formNo ?? "测\(id)表"
    let dueLine = due.map { "  due \($0)\n" } ?? ""
    return """
        report \(id) "\(title)" {
          form_no "\(formNo)"
          authority "测试机关"
          every \(every)
        \(dueLine)  filled_by \(level)
        \(columns)
        }

        """
}
