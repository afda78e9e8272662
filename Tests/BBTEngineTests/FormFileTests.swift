import BBTEngine
import BBTNumber
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// `FormFile.Reader` reads a form file in one pass for speed. It must say exactly what
/// `FormFile.parseWholeDocument` (the whole document through `JSONParser`, then each member through
/// `FieldValueParser`) says: the same entries, the same warnings, the same errors at the same offsets.
struct FormFileTests {
    static let world = World("""
        field pop "人口" int min 0 stock
        field area "面积" decimal(2) min 0 max 1000 stock
        field name "名称" text(5) optional
        field ok "达标" bool optional
        field day "日期" date optional
        field kind "类别" choice("甲", "乙") optional
        field yearly "年度数" int flow

        """ + report("M", every: "month", """
              column "pop" = pop
              column "area" = area
              column "name" = name
              column "ok" = ok
              column "day" = day
              column "kind" = kind
            """) + report("Y", every: "year", "  column \"yearly\" = yearly"))

    static var form: OneForm { OneForm(catalog: world.catalog, month: Period("2023-06")!, level: .community) }

    static func describe(_ v: Value?) -> String {
        switch v {
        case nil: "nil"
        case .number(let n)?: "n:\(n.plainText)"
        case .text(let s)?: "t:\(s)"
        case .bool(let b)?: "b:\(b)"
        case .date(let d)?: "d:\(d)"
        }
    }

    static func check(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        check(Array(text.utf8), sourceLocation: sourceLocation)
    }

    static func check(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let read = FormFile.Reader(form: form, catalog: world.catalog).read(bytes)
        let expected = FormFile.parseWholeDocument(bytes, form: form, catalog: world.catalog)
        let names = world.catalog.fields.map(\.id)
        func entries(_ f: FormFile) -> [String] { f.entries.map { "\(names[$0.field])@\($0.period)=\(describe($0.value))" } }
        let shown = String(decoding: bytes.prefix(120), as: UTF8.self)
        #expect(entries(read) == entries(expected), "\(shown)", sourceLocation: sourceLocation)
        #expect(read.status == expected.status, "\(shown)", sourceLocation: sourceLocation)
        #expect(read.warnings == expected.warnings, "\(shown)", sourceLocation: sourceLocation)
        #expect(read.errors == expected.errors, "\(shown)", sourceLocation: sourceLocation)
    }

    static let good = #"""
        {"values": {"pop": 15584, "area": 12.5, "name": "和平", "ok": true, "day": "2023-06-30", "kind": "乙"}, "status": "draft"}
        """#

    @Test func aWellFormedFileReadsTheSame() {
        Self.check(Self.good)
        let read = FormFile.parse(Array(Self.good.utf8), form: Self.form, catalog: Self.world.catalog)
        #expect(read.errors.isEmpty && read.warnings.isEmpty)
        #expect(read.status == .draft)
        #expect(read.entries.count == 6)
        #expect(read.entries.first?.value == .number(15584))
    }

    @Test(arguments: [
        #"{"values": {"pop": 1, "pop": 2}}"#,                       // duplicate field
        #"{"values": {"pop": 1, "p\u006fp": 2}}"#,                  // the same key, escaped
        #"{"values": {"zz": 1, "zz": 2}}"#,                         // duplicate unknown key
        #"{"values": {"pop": 1}, "values": {}}"#,                   // duplicate top-level key
        #"{"values": {"pop": 1,}}"#, #"{"values": {"pop" 1}}"#, #"{"values": {"pop": 1 "area": 2}}"#,
        #"{"values": {pop: 1}}"#, #"{"values": {"pop": 01}}"#, #"{"values": {"pop": -}}"#, #"{"values": {"pop": 1.}}"#,
        #"{"values": {"pop": 1e400}}"#, #"{"values": {"pop": 1e3}}"#, #"{"values": {"pop": -0}}"#, #"{"values": {"pop": -1}}"#,
        #"{"values": {"pop": 1.5}}"#, #"{"values": {"area": 1000.001}}"#, #"{"values": {"area": 1000.00}}"#,
        #"{"values": {"pop": 1000000000000000}}"#, #"{"values": {"pop": 12345678901234567890}}"#,
        #"{"values": {"pop": "12"}}"#, #"{"values": {"name": 12}}"#, #"{"values": {"ok": 1}}"#, #"{"values": {"pop": null}}"#,
        #"{"values": {"pop": {"a": 1, "a": 2}}}"#, #"{"values": {"pop": [1, 2]}}"#, #"{"values": {"name": "太长了的名称啊"}}"#,
        #"{"values": {"yearly": 5, "zz": 1, "名称": 2}}"#, #"{"values": {"day": "2023-02-30"}}"#,
        #"{"status": "approved", "values": {"pop": 1}}"#, #"{"status": 3, "values": {"pop": "x"}}"#, #"{"status": "done", "values": {}}"#,
        #"{"values": []}"#, #"{"values": 1}"#, #"{"other": 1}"#, #"[1]"#, #""values""#, "", "   ", "{", "{}", #"{"values": {}} x"#,
        #"{"values": {"pop": 1}}   "#, "\u{FEFF}{\"values\": {\"pop\": 1}}", #"{"values": {"po\"p": 1}}"#, #"{"values": {"\ud800": 1}}"#,
        #"{"values": {"pop": 1, "area": 2.25, "extra": {"deep": [[[[{}]]]]}}}"#,
    ])
    func hostileAndOddFilesReadTheSame(_ text: String) {
        Self.check(text)
    }

    @Test func everyTruncationReadsTheSame() {
        let bytes = Array(Self.good.utf8)
        for n in 0...bytes.count { Self.check(Array(bytes.prefix(n))) }
    }

    @Test func invalidUTF8AndDeepNestingReadTheSame() {
        Self.check(Array(#"{"values": {"name": ""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8))
        Self.check(Array(#"{"values": {""#.utf8) + [0xC3, 0x28] + Array(#"": 1}}"#.utf8))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        Self.check(#"{"values": {"pop": \#(deep)}}"#)
        let deepOK = String(repeating: "[", count: 61) + String(repeating: "]", count: 61)
        Self.check(#"{"values": {"zz": \#(deepOK)}}"#)
    }
}
