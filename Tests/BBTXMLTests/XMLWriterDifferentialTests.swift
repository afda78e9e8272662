import BBTXML
import CLibXML2
import Testing

/// The writer lays documents out as libxml2's text writer does, byte for byte: the same calls on
/// random trees, names and values (escapes, line breaks, tabs, controls, Chinese, empty elements,
/// text beside none) through both.
@Suite struct XMLWriterDifferentialTests {
    enum Step { case start(String), attribute(String, String), text(String), end
        /// A prepared leaf (`XMLWriter.leaf`): with text, or empty with one more attribute.
        case leaf(String, [(String, String)], text: String?, empty: (String, String)?) }

    /// libxml2's own text writer, as the service wrote XML before.
    static func reference(_ steps: [Step]) -> [UInt8] {
        let buffer = xmlBufferCreate()!
        defer { xmlBufferFree(buffer) }
        let w = xmlNewTextWriterMemory(buffer, 0)!
        xmlTextWriterSetIndent(w, 1)
        func c<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
            s.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1, body) }
        }
        _ = c("  ") { xmlTextWriterSetIndentString(w, $0) }
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", nil)
        for step in steps {
            switch step {
            case .start(let n): _ = c(n) { xmlTextWriterStartElement(w, $0) }
            case .attribute(let n, let v): _ = c(n) { n in c(v) { xmlTextWriterWriteAttribute(w, n, $0) } }
            case .text(let t): _ = c(t) { xmlTextWriterWriteString(w, $0) }
            case .end: xmlTextWriterEndElement(w)
            case .leaf(let n, let attributes, let text, let empty):
                _ = c(n) { xmlTextWriterStartElement(w, $0) }
                for (a, v) in attributes + (empty.map { [$0] } ?? []) { _ = c(a) { a in c(v) { xmlTextWriterWriteAttribute(w, a, $0) } } }
                if let text { _ = c(text) { xmlTextWriterWriteString(w, $0) } }
                xmlTextWriterEndElement(w)
            }
        }
        xmlTextWriterEndDocument(w)
        xmlFreeTextWriter(w)
        return Array(UnsafeBufferPointer(start: xmlBufferContent(buffer), count: Int(xmlBufferLength(buffer))))
    }

    static func ours(_ steps: [Step]) throws -> [UInt8] {
        let w = try XMLWriter()
        for step in steps {
            switch step {
            case .start(let n): try w.startElement(n)
            case .attribute(let n, let v): try w.attribute(n, v)
            case .text(let t): try w.text(t)
            case .end: try w.endElement()
            case .leaf(let n, let attributes, let text, let empty):
                let leaf = XMLWriter.leaf(n, attributes: attributes)
                if let text { w.leaf(leaf, text: text) } else if let (a, v) = empty { w.emptyLeaf(leaf, attribute: a, v) }
            }
        }
        return try w.finish()
    }

    /// A random document: elements nest up to four deep; each has attributes, then either text or
    /// children or nothing.
    static func document(_ rng: inout some RandomNumberGenerator) -> [Step] {
        let pieces = ["甲", "社区", "a", "1", " ", "&", "<", ">", "\"", "'", "\n", "\t", "\r", "2023-06", "合计", "王家坝"]
        func value() -> String { (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        var steps: [Step] = []
        func element(_ depth: Int) {
            steps.append(.start(["report", "row", "value", "column", "total"].randomElement(using: &rng)!))
            for i in 0..<Int.random(in: 0...3, using: &rng) { steps.append(.attribute("k\(i)", value())) }
            switch depth < 4 ? Int.random(in: 0...2, using: &rng) : Int.random(in: 0...1, using: &rng) {
            case 0: break
            case 1: steps.append(.text(value()))
            default:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    if Bool.random(using: &rng) { element(depth + 1); continue }
                    let attributes = (0..<Int.random(in: 0...2, using: &rng)).map { ("a\($0)", value()) }
                    steps.append(Bool.random(using: &rng) ? .leaf("value", attributes, text: value(), empty: nil)
                                                          : .leaf("value", attributes, text: nil, empty: ("empty", value())))
                }
            }
            steps.append(.end)
        }
        element(0)
        return steps
    }

    @Test func randomDocumentsMatchLibxml2sTextWriter() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let steps = Self.document(&rng)
            let expected = Self.reference(steps), got = try Self.ours(steps)
            #expect(got == expected, "\(steps)\n\(String(decoding: expected, as: UTF8.self))\n---\n\(String(decoding: got, as: UTF8.self))")
            if got != expected { break }
        }
    }
}
