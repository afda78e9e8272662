import BBTTemplates
import Testing

@Suite struct TemplatePathTests {
    @Test func relativeBBTPathsInsideTheFolder() {
        for ok in ["a.bbt", "fields/01_population.bbt", "import/ZJ12.bbt", "a/b/c/d.bbt", "中文.bbt"] {
            #expect(TemplatePath.problem(ok) == nil, "\(ok)")
        }
        for bad in ["a.txt", "/etc/a.bbt", "../a.bbt", "a/../b.bbt", "./a.bbt", "a//b.bbt", "a\\b.bbt", "", ".bbt/",
                    String(repeating: "x", count: 197) + ".bbt"] {
            #expect(TemplatePath.problem(bad) != nil, "\(bad)")
        }
    }
}
