import BBTEngine
import BBTTemplates
import BBTTestSupport
import Testing

/// The catalogue's 有效期 against a month: expired after its last month, expiring within three
/// months of the period's end, valid otherwise and for a report without one.
@Suite struct ReportValidityTests {
    static let catalog = compile("""
        field pop "常住人口" int stock

        report M "月报" {
          form_no "测M表"
          authority "测试机关"
          valid_until "2024-05"
          every month
          filled_by community
          column "pop" = pop
        }

        report Q "季报" {
          form_no "测Q表"
          authority "测试机关"
          every quarter
          filled_by community
          column "pop" = pop
        }
        """).catalog

    @Test func againstTheMonthsAroundItsLastOne() {
        let m = ReportValidityTests.catalog.report("M")!, q = ReportValidityTests.catalog.report("Q")!
        let table: [(String, ReportValidity)] = [
            ("2024-01", .valid), ("2024-02", .valid), ("2024-03", .expiring), ("2024-05", .expiring), ("2024-06", .expired),
            ("2024-Q1", .expiring), ("2024-Q2", .expired), ("2023", .valid), ("2024", .expired),
        ]
        for (period, expected) in table {
            #expect(m.validity(at: Period(period)!) == expected, "\(period)")
        }
        #expect(q.validity(at: Period("2099-12")!) == .valid, "no 有效期: always valid")
    }
}
