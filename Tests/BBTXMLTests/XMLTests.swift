import BBTXML
import Testing

@Suite struct XMLTests {
    let xsd = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">
          <xs:element name="a">
            <xs:complexType>
              <xs:sequence><xs:element name="b" type="xs:integer" maxOccurs="unbounded"/></xs:sequence>
              <xs:attribute name="id" type="xs:string" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """.utf8)

    @Test func writtenDocumentsAreEscapedAndValid() throws {
        let w = try XMLWriter()
        try w.startElement("a", namespace: "urn:t")
        try w.attribute("id", "甲 \"<&>\" \u{1}")
        try w.startElement("b"); try w.text("12"); try w.endElement()
        try w.endElement()
        let bytes = try w.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<a xmlns=\"urn:t\" id=\"甲 &quot;&lt;&amp;&gt;&quot; \">"))
        let validator = try SchemaValidator(xsd: xsd)
        #expect(validator.validate(bytes) == [])
    }

    @Test func invalidDocumentsAreReportedWithLines() throws {
        let validator = try SchemaValidator(xsd: xsd)
        let errors = validator.validate(Array("<a xmlns=\"urn:t\">\n<b>x</b></a>".utf8))
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.hasPrefix("1: ") || $0.hasPrefix("2: ") })
        #expect(validator.validate(Array("<a".utf8)).count == 1)
    }

    @Test func aBrokenSchemaIsAnError() {
        #expect(throws: XMLError.self) { try SchemaValidator(xsd: Array("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:bogus/></xs:schema>".utf8)) }
    }

    @Test func externalEntitiesAreNotFetchedOrExpanded() {
        let xxe = Array("""
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <r>&x;</r>
            """.utf8)
        let text = SafeXML.rootText(xxe)
        #expect(text.map { !$0.contains("root:") } ?? true)
    }

    @Test func billionLaughsDoesNotExpand() {
        var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY a0 \"lol\">\n"
        for i in 1...10 { doc += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">\n" }
        doc += "]>\n<r>&a10;</r>"
        let text = SafeXML.rootText(Array(doc.utf8)) ?? ""
        #expect(text.utf8.count < 1000)
    }

    @Test func validationIsSafeFromConcurrentTasks() async throws {
        let validator = try SchemaValidator(xsd: xsd)
        let good = Array("<a xmlns=\"urn:t\" id=\"x\"><b>1</b></a>".utf8)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { (0..<50).allSatisfy { _ in validator.validate(good).isEmpty } } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
