import BBTTemplates
import BBTTestSupport
import Testing

@Suite struct GoldenTests {
    /// Every diagnostic kind has a fixture whose exact output is pinned, positions included.
    @Test(arguments: Golden.cases("invalid"))
    func invalidTemplatesReportExactlyTheseProblems(_ name: String) throws {
        let sources = try TemplateLoader.load(Golden.input("invalid", name))
        let compilation = Compiler.compile(sources)
        let printer = DiagnosticPrinter(sources: sources, showSource: false)
        let text = compilation.diagnostics.map(printer.render).joined(separator: "\n") + "\n"
        #expect(!compilation.diagnostics.isEmpty, "an invalid fixture must produce diagnostics")
        Golden.check(text, against: "invalid", name + ".stderr")
    }

    /// Valid fixtures compile without errors, and their trees are pinned.
    @Test(arguments: Golden.cases("valid"))
    func validTemplatesParseToThisTree(_ name: String) throws {
        let sources = try TemplateLoader.load(Golden.input("valid", name))
        let compilation = Compiler.compile(sources)
        let printer = DiagnosticPrinter(sources: sources, showSource: false)
        #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(printer.render))")
        let tree = compilation.files.map(TreeDump.dump).joined(separator: "\n")
        Golden.check(tree, against: "valid", name + ".tree")
    }

    /// Parse, print back, parse again: the same tree, and printing is stable.
    @Test(arguments: Golden.cases("valid"))
    func validTemplatesRoundTrip(_ name: String) throws {
        let sources = try TemplateLoader.load(Golden.input("valid", name))
        for file in sources.files {
            let (first, problems) = Compiler.parse(file)
            #expect(problems.isEmpty)
            let printed = SourcePrinter.print(first)
            let (second, reproblems) = Compiler.parse(SourceFile(path: file.path, text: printed))
            #expect(reproblems.isEmpty, "printed source does not parse:\n\(printed)")
            #expect(TreeDump.dump(second) == TreeDump.dump(first))
            #expect(SourcePrinter.print(second) == printed)
        }
    }
}
