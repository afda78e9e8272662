/// The result of compiling a set of templates: the catalog (the best that could be made of what is
/// valid) and every problem found.
public struct Compilation: Sendable {
    public let sources: TemplateSources
    public let files: [TemplateFile]
    public let catalog: Catalog
    public let diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Fields whose declarations are broken: meant, but not read (a preview does not call them deleted).
    public var unreadableFields: Set<String> {
        Set(files.flatMap(\.unreadable).map(\.text)).subtracting(catalog.declaredFields.map(\.id))
    }

    /// The compilation as `bbt check --year Y` sees it: a warning for every report whose
    /// `valid_until` ends before that year (it is no longer counted).
    public func counting(year: Int) -> Compilation {
        let expired = catalog.expired(before: year).map { r in
            Diagnostic(.warning, "报表 \(r.id) 的有效期至 \(r.validUntil ?? "") 已在 \(year) 年之前结束, 不计入 \(year) 年的填报量",
                       at: r.validUntilSpan ?? r.span)
        }
        var all = Diagnostics()
        for d in diagnostics + expired { all.append(d) }
        return Compilation(sources: sources, files: files, catalog: catalog, diagnostics: all.sorted())
    }
}

public enum Compiler {
    /// Lexes, parses and checks every file of one catalog; never stops at the first problem.
    public static func compile(_ sources: TemplateSources) -> Compilation {
        var diagnostics = Diagnostics()
        var files: [TemplateFile] = []
        for (i, file) in sources.files.enumerated() {
            let (parsed, problems) = Parser.parse(file, fileIndex: i)
            files.append(parsed)
            for d in problems.items { diagnostics.append(d) }
        }
        var checker = Checker(sources: sources, diagnostics: diagnostics)
        let catalog = checker.check(files)
        return Compilation(sources: sources, files: files, catalog: catalog, diagnostics: checker.diagnostics.sorted())
    }

    /// Parses one source text on its own (for printing it back, and for tests).
    public static func parse(_ file: SourceFile) -> (TemplateFile, [Diagnostic]) {
        let (parsed, problems) = Parser.parse(file, fileIndex: 0)
        return (parsed, problems.sorted())
    }
}
