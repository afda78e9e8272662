import CLibXML2

/// Validates documents against an XSD with libxml2's own validator. The parsed schema is shared;
/// each validation gets its own context, so one validator can serve concurrent tasks.
public final class SchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// Parses a schema; its problems come back as one error.
    public init(xsd: [UInt8], name: String = "schema.xsd") throws {
        LibXML.ensureInitialized()
        let errors = ErrorCollector()
        let parsed: xmlSchemaPtr? = xsd.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                guard let ctxt = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else { return nil }
                defer { xmlSchemaFreeParserCtxt(ctxt) }
                xmlSchemaSetParserStructuredErrors(ctxt, ErrorCollector.callback, Unmanaged.passUnretained(errors).toOpaque())
                return xmlSchemaParse(ctxt)
            }
        }
        guard let parsed else { throw XMLError("\(name): \(errors.messages.joined(separator: "; "))") }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// The problems of `document` (`line: message`), empty when it is valid. The document is
    /// parsed with the network and entity expansion off.
    public func validate(_ document: [UInt8]) -> [String] {
        let errors = ErrorCollector()
        guard let doc = SafeXML.parse(document, errors: errors) else { return errors.messages }
        defer { xmlFreeDoc(doc) }
        guard let ctxt = xmlSchemaNewValidCtxt(schema) else { return ["xmlSchemaNewValidCtxt 失败"] }
        defer { xmlSchemaFreeValidCtxt(ctxt) }
        xmlSchemaSetValidStructuredErrors(ctxt, ErrorCollector.callback, Unmanaged.passUnretained(errors).toOpaque())
        let rc = xmlSchemaValidateDoc(ctxt, doc)
        if rc != 0 && errors.messages.isEmpty { return ["校验失败 (\(rc))"] }
        return errors.messages
    }
}

/// Parsing XML that comes from outside: no network, no entity substitution, no DTD loading, and
/// parser messages collected instead of printed.
public enum SafeXML {
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    static func parse(_ bytes: [UInt8], errors: ErrorCollector) -> xmlDocPtr? {
        LibXML.ensureInitialized()
        guard let ctxt = xmlNewParserCtxt() else {
            errors.messages.append("xmlNewParserCtxt 失败")
            return nil
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { xmlCtxtReadMemory(ctxt, $0.baseAddress, Int32($0.count), "document.xml", "UTF-8", options) }
        }
        if doc == nil {
            if let e = xmlCtxtGetLastError(ctxt) { errors.add(e.pointee) } else { errors.messages.append("无法解析 XML") }
        }
        return doc
    }

    /// `true` when `bytes` is a well-formed document (entities are left unexpanded).
    public static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        let errors = ErrorCollector()
        guard let doc = parse(bytes, errors: errors) else { return false }
        xmlFreeDoc(doc)
        return true
    }

    /// The text content of the root element, with entities as libxml2 leaves them under our options:
    /// used by tests to show that external and recursive entities are not expanded.
    public static func rootText(_ bytes: [UInt8]) -> String? {
        let errors = ErrorCollector()
        guard let doc = parse(bytes, errors: errors) else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), let content = xmlNodeGetContent(root) else { return nil }
        defer { bbt_xmlFree(content) }
        return String(cString: content)
    }
}

/// Collects libxml2's structured errors for one operation.
final class ErrorCollector {
    var messages: [String] = []

    func add(_ e: xmlError) {
        let text = e.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "未知错误"
        messages.append(e.line > 0 ? "\(e.line): \(text)" : text)
    }

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().add(error.pointee)
    }
}

import Foundation
