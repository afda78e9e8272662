import CLibXML2

/// libxml2's streaming reader over one XML part of a spreadsheet, with the protections every outside
/// XML gets here: no network, no external entities or DTD loading, no entity substitution, and no
/// DOCTYPE at all (OOXML never has one), a bound on nesting depth. Memory stays flat however long
/// the part is: one node at a time.
final class XMLPull {
    enum Node { case start(String), end(String), text, other }

    private let reader: xmlTextReaderPtr
    private let part: String
    /// After `skip`, the reader already stands on the next node: `next` hands that one out.
    private var standing = false
    private var ended = false
    private let data: [UInt8]
    static let maxDepth = 64

    init(_ data: [UInt8], part: String) throws {
        self.data = data
        self.part = part
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let made: xmlTextReaderPtr? = self.data.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                xmlReaderForMemory($0, Int32(b.count), part, nil, options)
            }
        }
        guard let made else { throw SheetError("无法读取 \(part)") }
        reader = made
    }

    deinit { xmlFreeTextReader(reader) }

    /// The next node, or `nil` at the end of the part.
    func next() throws -> Node? {
        if ended { return nil }
        if standing {
            standing = false
        } else {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { ended = true; return nil }
            guard rc == 1 else { throw SheetError("\(part) 不是格式正确的 XML") }
        }
        guard xmlTextReaderDepth(reader) <= XMLPull.maxDepth else { throw SheetError("\(part) 的嵌套层数超过 \(XMLPull.maxDepth) 层") }
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            return .start(localName)
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            return .end(localName)
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue),
             Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
            return .text
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
            throw SheetError("\(part) 含有 DOCTYPE 或实体引用, 表格文件不会有这些, 已拒绝")
        default:
            return .other
        }
    }

    var localName: String { string(xmlTextReaderConstLocalName(reader)) ?? "" }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    var value: String { string(xmlTextReaderConstValue(reader)) ?? "" }

    /// An attribute of the current element by its local name (any namespace).
    func attribute(_ name: String) -> String? {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if string(xmlTextReaderConstLocalName(reader)) == name { return value }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return nil
    }

    /// Skips the current element's subtree (phonetic runs, rows past the part we keep) inside
    /// libxml2, without handing out its nodes: the rows of a long sheet cost little.
    func skip() throws {
        let rc = xmlTextReaderNext(reader)
        if rc == 0 { ended = true; return }
        guard rc == 1 else { throw SheetError("\(part) 不是格式正确的 XML") }
        standing = true
    }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
