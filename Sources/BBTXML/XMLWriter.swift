import CLibXML2

/// Writes an XML document into libxml2's memory buffer, as libxml2's text writer lays it out
/// (declaration, two-space indentation, `/>` for empty elements, the same escapes), with the
/// markup and escaping done here: a city's report makes 600,000 writer calls, and the text
/// writer's per-call cost was half of a month's fan-out. Bytes collect in a chunk that is handed
/// to the `xmlBuffer` 64 KiB at a time. Text that XML 1.0 cannot carry (C0 control characters
/// other than tab and line breaks, U+FFFE, U+FFFF) is dropped rather than producing a document no
/// parser accepts.
public final class XMLWriter {
    /// In memory (`finish()` returns the bytes), or straight to a file through libxml2's output
    /// layer (`XMLWriter(file:)`: a city's report is megabytes, never held whole).
    private let buffer: xmlBufferPtr?
    private var file: xmlOutputBufferPtr?
    // Every byte of a document goes through `chunk`: the dynamic exclusivity check on each access of
    // a class's stored property was a tenth of a report's writing. Only this class touches them,
    // never from two places at once.
    @exclusivity(unchecked) private var chunk: [UInt8] = []
    private let indent: Bool
    /// The open elements, innermost last, each with whether it holds child elements.
    @exclusivity(unchecked) private var open: [(name: String, hasChildren: Bool)] = []
    /// The innermost start tag still waits for its `>` (or `/>`).
    private var tagOpen = false
    /// The innermost element holds text, so its end tag follows on the same line.
    private var hasText = false

    public init(indent: Bool = true) throws {
        LibXML.ensureInitialized()
        guard let buffer = xmlBufferCreate() else { throw XMLError("xmlBufferCreate 失败") }
        self.buffer = buffer
        self.indent = indent
        start()
    }

    /// Writes the document to `path` (created or replaced); `finish()` closes it and returns no bytes.
    public init(file path: String, indent: Bool = true) throws {
        LibXML.ensureInitialized()
        guard let out = xmlOutputBufferCreateFilename(path, nil, 0) else { throw XMLError("无法写入 \(path)") }
        buffer = nil
        file = out
        self.indent = indent
        start()
    }

    private func start() {
        chunk.reserveCapacity(XMLWriter.chunkSize + 4096)
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        chunk.append(0x0A)
    }

    deinit {
        if let buffer { xmlBufferFree(buffer) }
        if let file { xmlOutputBufferClose(file) }
    }

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

    /// An element written many times with the same name and attributes (a report's
    /// `<value key="…">`, 600,000 of them in a city's report): its start tag is escaped once.
    public struct Leaf: Sendable {
        let open: [UInt8]
        let close: [UInt8]
    }

    public static func leaf(_ name: String, attributes: [(String, String)]) -> Leaf {
        var open = Array("<\(name)".utf8)
        for (n, v) in attributes {
            open.append(0x20)
            open.append(contentsOf: n.utf8)
            open.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
            open.append(contentsOf: escaped(clean(v), attribute: true))
            open.append(UInt8(ascii: "\""))
        }
        return Leaf(open: open, close: Array("</\(name)>".utf8))
    }

    /// `<name …>text</name>` on its own line, the text escaped.
    public func leaf(_ leaf: Leaf, text: String) {
        startLeaf(leaf)
        chunk.append(UInt8(ascii: ">"))
        escape(XMLWriter.clean(text), attribute: false)
        chunk.append(contentsOf: leaf.close)
    }

    /// `<name …>text</name>` with text that needs no escaping (digits, a point, a minus sign),
    /// appended by `body` straight into the document.
    public func leaf(_ leaf: Leaf, plain body: (inout [UInt8]) -> Void) {
        startLeaf(leaf)
        chunk.append(UInt8(ascii: ">"))
        body(&chunk)
        chunk.append(contentsOf: leaf.close)
    }

    /// `<name … attribute="value"/>` on its own line.
    public func emptyLeaf(_ leaf: Leaf, attribute name: String, _ value: String) {
        startLeaf(leaf)
        chunk.append(0x20)
        append(name)
        chunk.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
        escape(XMLWriter.clean(value), attribute: true)
        chunk.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: ">")])
    }

    private func startLeaf(_ leaf: Leaf) {
        closeTag()
        if !open.isEmpty {
            open[open.count - 1].hasChildren = true
            newline()
        }
        hasText = false
        chunk.append(contentsOf: leaf.open)
        if chunk.count >= XMLWriter.chunkSize { flush() }
    }

    /// Ends the document (closing what is open) and returns its bytes (UTF-8); a file is closed
    /// and checked instead, and the bytes are empty.
    @discardableResult
    public func finish() throws -> [UInt8] {
        while !open.isEmpty { try endElement() }
        chunk.append(0x0A)
        flush()
        if let out = file {
            file = nil
            let failed = out.pointee.error != 0
            if xmlOutputBufferClose(out) < 0 || failed { throw XMLError("写入 XML 文件失败") }
            return []
        }
        guard let buffer, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }

    private static let chunkSize = 64 * 1024

    private func flush() {
        guard !chunk.isEmpty else { return }
        chunk.withUnsafeBufferPointer { bytes in
            if let buffer { _ = xmlBufferAdd(buffer, bytes.baseAddress, Int32(bytes.count)) }
            if let file {
                bytes.withMemoryRebound(to: CChar.self) { _ = xmlOutputBufferWrite(file, Int32($0.count), $0.baseAddress) }
            }
        }
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

    private func escape(_ s: String, attribute: Bool) {
        XMLWriter.escape(s, attribute: attribute, into: &chunk)
    }

    static func escaped(_ s: String, attribute: Bool) -> [UInt8] {
        var out: [UInt8] = []
        escape(s, attribute: attribute, into: &out)
        return out
    }

    /// libxml2's escapes: in attributes `& < > "` and tab, line feed, carriage return as character
    /// references (they would be normalised to spaces otherwise); in text `& < > "` and carriage return.
    static func escape(_ s: String, attribute: Bool, into chunk: inout [UInt8]) {
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
