import BBTEngine
import BBTNumber
import Foundation
import Testing

/// The way back of department data (更正回流): which supplied values come back, and the file a
/// department's staff open in Excel on a Chinese Windows, as it is.
@Suite struct CorrectionsTests {
    static let june = Period("2023-06")!
    static func key(_ unit: String, _ field: String = "pop", _ period: Period = june) -> Corrections.Key {
        Corrections.Key(unit: unit, field: field, period: period)
    }

    @Test func onlySavedValuesThatDifferComeBackWithTheirReasons() {
        let supplied: [(key: Corrections.Key, value: Value)] = [
            (Self.key("a"), .number(100)),  // saved the same: no difference
            (Self.key("b"), .number(100)),  // not saved yet: the form will take it
            (Self.key("c"), .number(100)),  // saved another, with a reason: a correction
            (Self.key("d"), .number(100)),  // saved another before the department's came: a conflict
            (Self.key("c", "households"), .text("x")),
        ]
        let saved: [Corrections.Key: Value] = [
            Self.key("a"): .number(100), Self.key("c"): .number(105), Self.key("d"): .number(90), Self.key("c", "households"): .text("y"),
        ]
        let reasons = [Self.key("c"): Corrections.Reason(reason: "走访核实", by: "c003", at: "2023-07-05T02:00:00Z")]
        let list = Corrections.differences(supplied: supplied, saved: saved, reasons: reasons)
        #expect(list.map { "\($0.unit).\($0.field)" } == ["c.pop", "d.pop", "c.households"], "in the order supplied")
        #expect(list[0] == Corrections.Difference(unit: "c", field: "pop", period: Self.june, provided: .number(100), value: .number(105),
                                                  reason: "走访核实", by: "c003", at: "2023-07-05T02:00:00Z"))
        #expect(list[1].reason == nil && list[1].by == nil && list[1].at == nil)
        #expect(Corrections.differences(supplied: [], saved: saved, reasons: reasons).isEmpty)
    }

    @Test func theFileOpensInChineseExcelAsItIs() {
        let list = [
            Corrections.Difference(unit: "510104002003", field: "pop_resident", period: Self.june, provided: .number(15590),
                                   value: .number(15595), reason: "公安登记后又有5人入住, 社区6月走访核实", by: "c002003",
                                   at: "2023-07-05T16:30:00Z"),
            Corrections.Difference(unit: "510104001001", field: "party_flag", period: Period("2023-Q2")!, provided: .bool(true),
                                   value: .bool(false), reason: nil, by: nil, at: nil),
        ]
        let names = ["510104002003": "王家坝社区"]
        let text = Corrections.csv(list, unitName: { names[$0] }, fieldLabel: { $0 == "pop_resident" ? "常住人口" : nil })
        #expect(Array(text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a BOM: without it Excel reads GBK")
        let lines = String(text.dropFirst()).components(separatedBy: "\r\n")
        #expect(lines == [
            "单位代码,单位名称,字段,字段名称,报告期,部门数值,社区数值,更正原因,更正人,更正时间",
            // A 12-digit code and 2023-06 stay text; the time is China's, the next day already.
            #""=""510104002003""",王家坝社区,pop_resident,常住人口,"=""2023-06""",15590,15595,"公安登记后又有5人入住, 社区6月走访核实",c002003,2023-07-06 00:30"#,
            // A conflict: no reason, no one, no time; a unit and a field without a name; yes and no in Chinese.
            #""=""510104001001""",,party_flag,,"=""2023-Q2""",是,否,,,"#,
            "",
        ])
    }

    @Test func cellsThatWouldBeFormulasOrBreakARowStayText() {
        let rows: [(String, String)] = [
            ("=HYPERLINK(\"http://x\")", #""'=HYPERLINK(""http://x"")""#),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-3", "-3"),
            ("-", "'-"),
            ("\tx", "'\tx"),
            ("两行\r\n原因", "\"两行\r\n原因\""),
            ("一行\n原因", "\"一行\n原因\""),
            ("有, 逗号", "\"有, 逗号\""),
            ("普通原因", "普通原因"),
        ]
        for (reason, cell) in rows {
            let d = Corrections.Difference(unit: "u", field: "f", period: Self.june, provided: .number(1), value: .number(2),
                                           reason: reason, by: "x", at: "2023-07-05T02:00:00Z")
            let text = Corrections.csv([d], unitName: { _ in "单位" }, fieldLabel: { _ in "字段" })
            let row = text.components(separatedBy: "\r\n").dropFirst().joined(separator: "\r\n")
            #expect(row == #""=""u""",单位,f,字段,"=""2023-06""",1,2,"# + cell + ",x,2023-07-05 10:00\r\n", "\(reason.debugDescription)")
        }
    }

    @Test func timesAsAPersonInChinaReadsThem() {
        let rows: [(String, String?)] = [
            ("2023-07-05T02:00:00Z", "2023-07-05 10:00"),
            ("2023-06-30T16:00:00Z", "2023-07-01 00:00"),
            ("2023-06-30T15:59:59Z", "2023-06-30 23:59"),
            ("2023-12-31T18:05:00Z", "2024-01-01 02:05"),
            ("2023-07-05T10:00:00+08:00", "2023-07-05 10:00"),
            ("2023-07-05", nil),
            ("", nil),
        ]
        for (iso, china) in rows { #expect(Instant(iso)?.chinaMinute == china, "\(iso)") }
    }
}
