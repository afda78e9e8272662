import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

@Suite struct OneFormTests {
    /// Monthly m, quarterly q, half-yearly h, yearly y (each through a report of that frequency).
    let catalog: Catalog = {
        let text = """
            section "甲组" {
              field m "月数" int flow
              field q "季数" int stock
            }
            field h "半年数" int stock
            field y "年数" int stock

            """ + ["month": "m", "quarter": "q", "half": "h", "year": "y"].sorted(by: { $0.key < $1.key }).map { every, f in
                report("R_\(f)", title: "表\(f)", formNo: "测\(f)表", every: every, "  column \"\(f)\" = \(f)")
            }.joined()
        let c = compile(text)
        precondition(!c.hasErrors)
        return c.catalog
    }()

    func form(_ month: String) -> [String: String] {
        let f = OneForm(catalog: catalog, month: Period(month)!, level: .community)
        return Dictionary(uniqueKeysWithValues: f.entries.map { ($0.field.id, $0.period.description) })
    }

    @Test func marchHoldsTheMonthAndTheFirstQuarter() {
        #expect(form("2023-03") == ["m": "2023-03", "q": "2023-Q1"])
    }

    @Test func juneHoldsTheQuarterAndTheHalf() {
        #expect(form("2023-06") == ["m": "2023-06", "q": "2023-Q2", "h": "2023-H1"])
    }

    @Test func decemberHoldsEverything() {
        #expect(form("2023-12") == ["m": "2023-12", "q": "2023-Q4", "h": "2023-H2", "y": "2023"])
    }

    @Test func mayHoldsOnlyTheMonthlyField() {
        #expect(form("2023-05") == ["m": "2023-05"])
    }

    @Test func sectionsKeepTheirOrderAndUnsectionedFieldsComeLast() {
        let f = OneForm(catalog: catalog, month: Period("2023-12")!, level: .community)
        #expect(f.sections.map(\.title) == ["甲组", nil])
        #expect(f.sections.map { $0.entries.map(\.field.id) } == [["m", "q"], ["h", "y"]])
    }
}
