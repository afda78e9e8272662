import CLibXML2

/// Writes an XML document through libxml2's text writer, into memory. Text that XML 1.0 cannot
/// carry (C0 control characters other than tab and line breaks) is dropped rather than producing a
/// document no parser accepts.
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private var writer: xmlTextWriterPtr?

    public init(indent: Bool = true) throws {
        LibXML.ensureInitialized()
        guard let buffer = xmlBufferCreate() else { throw XMLError("xmlBufferCreate 失败") }
        self.buffer = buffer
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw XMLError("xmlNewTextWriterMemory 失败")
        }
        self.writer = writer
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            _ = XMLWriter.chars("  ") { xmlTextWriterSetIndentString(writer, $0) }
        }
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "StartDocument")
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    /// Starts an element; a `namespace` becomes its default namespace, declared first.
    public func startElement(_ name: String, namespace: String? = nil) throws {
        try check(XMLWriter.chars(name) { xmlTextWriterStartElement(writer, $0) }, "StartElement \(name)")
        if let namespace { try attribute("xmlns", namespace) }
    }

    public func attribute(_ name: String, _ value: String) throws {
        let rc = XMLWriter.chars(name) { n in
            XMLWriter.chars(XMLWriter.clean(value)) { xmlTextWriterWriteAttribute(writer, n, $0) }
        }
        try check(rc, "WriteAttribute \(name)")
    }

    public func text(_ value: String) throws {
        try check(XMLWriter.chars(XMLWriter.clean(value)) { xmlTextWriterWriteString(writer, $0) }, "WriteString")
    }

    public func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "EndElement")
    }

    /// Ends the document and returns its bytes (UTF-8).
    public func finish() throws -> [UInt8] {
        try check(xmlTextWriterEndDocument(writer), "EndDocument")
        xmlFreeTextWriter(writer)
        writer = nil
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    /// `what` is only built for the message: a report makes 600,000 of these calls.
    private func check(_ rc: Int32, _ what: @autoclosure () -> String) throws {
        if rc < 0 { throw XMLError("libxml2 \(what()) 失败 (\(rc))") }
    }

    static func chars<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        s.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1, body) }
    }

    static func clean(_ s: String) -> String {
        // In UTF-8, a C0 control is a byte below 0x20 and U+FFFE/U+FFFF start with 0xEF 0xBF.
        guard s.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF }) else { return s }
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !(u.value < 0x20 && u != "\t" && u != "\n" && u != "\r") && u.value != 0xFFFE && u.value != 0xFFFF {
            out.append(u)
        }
        return String(out)
    }
}
