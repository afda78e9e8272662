import CLibXML2

/// Writes an XML document into libxml2's memory buffer, as libxml2's text writer lays it out
/// (declaration, two-space indentation, `/>` for empty elements, the same escapes), with the
/// markup and escaping done here: a city's report makes 600,000 writer calls, and the text
/// writer's per-call cost was half of a month's fan-out. Bytes collect in a chunk that is handed
/// to the `xmlBuffer` 64 KiB at a time. Text that XML 1.0 cannot carry (C0 control characters
/// other than tab and line breaks, U+FFFE, U+FFFF) is dropped rather than producing a document no
/// parser accepts.
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private var chunk: [UInt8] = []
    private let indent: Bool
    /// The open elements, innermost last, each with whether it holds child elements.
    private var open: [(name: String, hasChildren: Bool)] = []
    /// The innermost start tag still waits for its `>` (or `/>`).
    private var tagOpen = false
    /// The innermost element holds text, so its end tag follows on the same line.
    private var hasText = false

    public init(indent: Bool = true) throws {
        LibXML.ensureInitialized()
        guard let buffer = xmlBufferCreate() else { throw XMLError("xmlBufferCreate 失败") }
        self.buffer = buffer
        self.indent = indent
        chunk.reserveCapacity(XMLWriter.chunkSize + 4096)
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        chunk.append(0x0A)
    }

    deinit { xmlBufferFree(buffer) }

    /// Starts an element; a `namespace` becomes its default namespace, declared first.
    public func startElement(_ name: String, namespace: String? = nil) throws {
        closeTag()
        if !open.isEmpty {
            open[open.count - 1].hasChildren = true
            newline()
        }
        chunk.append(UInt8(ascii: "<"))
        append(name)
        open.append((name, false))
        tagOpen = true
        hasText = false
        if let namespace { try attribute("xmlns", namespace) }
    }

    public func attribute(_ name: String, _ value: String) throws {
        guard tagOpen else { throw XMLError("libxml2 WriteAttribute \(name) 失败 (不在开始标签内)") }
        chunk.append(0x20)
        append(name)
        chunk.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
        escape(XMLWriter.clean(value), attribute: true)
        chunk.append(UInt8(ascii: "\""))
    }

    public func text(_ value: String) throws {
        guard !open.isEmpty else { throw XMLError("libxml2 WriteString 失败 (不在元素内)") }
        closeTag()
        escape(XMLWriter.clean(value), attribute: false)
        hasText = true
    }

    public func endElement() throws {
        guard let (name, children) = open.popLast() else { throw XMLError("libxml2 EndElement 失败 (没有未结束的元素)") }
        if tagOpen {
            chunk.append(contentsOf: [UInt8(ascii: "/"), UInt8(ascii: ">")])
            tagOpen = false
        } else {
            if children && !hasText { newline() }
            chunk.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "/")])
            append(name)
            chunk.append(UInt8(ascii: ">"))
        }
        hasText = false
        if chunk.count >= XMLWriter.chunkSize { flush() }
    }

    /// Ends the document (closing what is open) and returns its bytes (UTF-8).
    public func finish() throws -> [UInt8] {
        while !open.isEmpty { try endElement() }
        chunk.append(0x0A)
        flush()
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    private static let chunkSize = 64 * 1024

    private func flush() {
        guard !chunk.isEmpty else { return }
        chunk.withUnsafeBufferPointer { _ = xmlBufferAdd(buffer, $0.baseAddress, Int32($0.count)) }
        chunk.removeAll(keepingCapacity: true)
    }

    private func closeTag() {
        if tagOpen {
            chunk.append(UInt8(ascii: ">"))
            tagOpen = false
        }
    }

    private func newline() {
        guard indent else { return }
        chunk.append(0x0A)
        for _ in 0..<open.count { chunk.append(contentsOf: [0x20, 0x20]) }
    }

    private func append(_ s: String) {
        var s = s
        s.withUTF8 { chunk.append(contentsOf: $0) }
    }

    /// libxml2's escapes: in attributes `& < > "` and tab, line feed, carriage return as character
    /// references (they would be normalised to spaces otherwise); in text `& < > "` and carriage return.
    private func escape(_ s: String, attribute: Bool) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() {
                let entity: [UInt8]
                switch b {
                case UInt8(ascii: "&"): entity = XMLWriter.amp
                case UInt8(ascii: "<"): entity = XMLWriter.lt
                case UInt8(ascii: ">"): entity = XMLWriter.gt
                case UInt8(ascii: "\""): entity = XMLWriter.quot
                case 0x0D: entity = XMLWriter.cr
                case 0x0A where attribute: entity = XMLWriter.lf
                case 0x09 where attribute: entity = XMLWriter.tab
                default: continue
                }
                chunk.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                chunk.append(contentsOf: entity)
                start = i + 1
            }
            chunk.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8), quot = Array("&quot;".utf8)
    private static let cr = Array("&#13;".utf8), lf = Array("&#10;".utf8), tab = Array("&#9;".utf8)

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
