import BBTTemplates
import BBTTestSupport
import Testing

@Suite struct DiagnosticPositionTests {
    @Test func columnsCountChineseCharactersAsOne() {
        let src = MarkedSource("""
            field 1️⃣常住 "常住人口" int stock
            computed share "党员占比（%）" = pct(2️⃣party, pop) decimal(2)
            rule "是" > 3️⃣0 "提示"

            """)
        let lines = rendered(compile(src.text))
        #expect(lines.contains { $0.hasPrefix(src.at("1️⃣") + ": error: 名称 \"常住\"") })
        #expect(lines.contains { $0.hasPrefix(src.at("2️⃣") + ": error: 未知的名称 \"party\"") })
        #expect(lines.contains { $0.hasPrefix(src.at("3️⃣") + ": error: 类型不匹配") })
    }

    @Test func aTerminalGetsTheLineAndACaretUnderTheCharacter() {
        let c = compile("field pop \"常住人口\" int 1️⃣\n".replacingOccurrences(of: "1️⃣", with: "stok"))
        let printer = DiagnosticPrinter(sources: c.sources, showSource: true)
        let first = printer.render(c.diagnostics.first { $0.message.contains("换行") }!)
        // `stok` is not an attribute: the declaration is expected to end there.
        #expect(first == """
            t.bbt:1:22: error: 此处应为换行 (每条声明单独一行), 却是 "stok"
              field pop "常住人口" int stok
                                       ^
            """)
    }

    @Test func allProblemsAreReportedInOneRun() {
        let c = compile("""
            field a "甲" int
            field b "乙" int stock min 5 max 1
            computed c "丙" = a + "x"
            report R "表" {
              every weekly
              filled_by community
              column "a" = a
              column "a2" = a * 2
            }

            """)
        #expect(c.diagnostics.filter { $0.severity == .error }.count == 5)
    }

    @Test func aBrokenLineDoesNotHideTheNextOnes() {
        let c = compile("""
            field a "甲" int stock (
            field b "乙" int stok
            field c "丙" int stock
            field d "丁" in stock

            """)
        let lines = rendered(c).filter { $0.contains("error") }
        #expect(Set(lines.map { $0.split(separator: ":")[1] }) == ["1", "2", "4"])
        #expect(c.catalog.field("c") != nil)
    }
}

@Suite struct PathologicalInputTests {
    @Test func deeplyNestedParenthesesAreAnErrorNotACrash() {
        let depth = 10_000
        let c = compile("field a \"甲\" int stock\ncomputed c \"C\" = " + String(repeating: "(", count: depth) + "a"
                        + String(repeating: ")", count: depth) + "\n")
        #expect(rendered(c).contains { $0.contains("表达式嵌套太深") })
    }

    @Test func longNegationChainsAreAnErrorNotACrash() {
        let c = compile("field a \"甲\" int stock\ncomputed c \"C\" = " + String(repeating: "-", count: 10_000) + "a\n")
        #expect(rendered(c).contains { $0.contains("表达式嵌套太深") })
    }

    @Test func aVeryLongChainOfComputedIndicatorsIsAnErrorNotACrash() {
        // Declared last-first, so checking the first one walks the whole chain.
        var text = "field a \"甲\" int stock\n"
        for i in (1...5_000).reversed() { text += "computed c\(i) \"C\(i)\" = c\(i - 1) + 1\n" }
        text += "computed c0 \"C0\" = a\n"
        let c = compile(text)
        #expect(rendered(c).contains { $0.contains("计算指标引用链太长") })
    }

    @Test func aModeratelyNestedExpressionIsFine() {
        let c = compile("field a \"甲\" int stock\ncomputed c \"C\" = " + String(repeating: "(", count: 40) + "a"
                        + String(repeating: ")", count: 40) + "\n")
        #expect(!c.hasErrors)
    }
}
