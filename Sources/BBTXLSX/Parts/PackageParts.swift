import Foundation

/// The small fixed parts of a workbook package: content types, relationships, workbook, properties.
enum PackageParts {
    static let header: StaticString = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// `[Content_Types].xml`
    static func contentTypes(sheets: Int) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
        x.append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        x.append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        x.append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
        for i in 1...sheets {
            x.append("<Override PartName=\"/xl/worksheets/sheet"); x.appendInt(i)
            x.append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
        }
        x.append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        x.append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
        x.append("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
        x.append("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
        x.append("</Types>")
        return x
    }

    /// `_rels/.rels`
    static func rootRelationships() -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        x.append("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>")
        x.append("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>")
        x.append("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>")
        x.append("</Relationships>")
        return x
    }

    /// `xl/_rels/workbook.xml.rels`: the sheets first (rId1…), then styles and shared strings.
    static func workbookRelationships(sheets: Int) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        for i in 1...sheets {
            x.append("<Relationship Id=\"rId"); x.appendInt(i)
            x.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet")
            x.appendInt(i); x.append(".xml\"/>")
        }
        x.append("<Relationship Id=\"rId"); x.appendInt(sheets + 1)
        x.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
        x.append("<Relationship Id=\"rId"); x.appendInt(sheets + 2)
        x.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        x.append("</Relationships>")
        return x
    }

    /// `xl/workbook.xml`, with each sheet's print titles as the `_xlnm.Print_Titles` defined name.
    static func workbook(sheets: [SheetSetup]) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        x.append("<workbookPr/><bookViews><workbookView/></bookViews><sheets>")
        for (i, s) in sheets.enumerated() {
            x.append("<sheet name=\""); x.appendAttribute(s.name); x.append("\" sheetId=\""); x.appendInt(i + 1)
            x.append("\" r:id=\"rId"); x.appendInt(i + 1); x.append("\"/>")
        }
        x.append("</sheets>")
        let titled = sheets.enumerated().filter { $0.element.printTitleRows != nil }
        if !titled.isEmpty {
            x.append("<definedNames>")
            for (i, s) in titled {
                let rows = s.printTitleRows!
                x.append("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\""); x.appendInt(i); x.append("\">")
                x.appendText("'" + s.name.replacingOccurrences(of: "'", with: "''") + "'!$\(rows.lowerBound):$\(rows.upperBound)")
                x.append("</definedName>")
            }
            x.append("</definedNames>")
        }
        x.append("<calcPr calcId=\"0\"/></workbook>")
        return x
    }

    /// `xl/sharedStrings.xml`
    static func sharedStrings(_ strings: [String], references: Int) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
        x.appendInt(references); x.append("\" uniqueCount=\""); x.appendInt(strings.count); x.append("\">")
        for s in strings {
            x.append(s.first == " " || s.last == " " ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            x.appendText(s)
            x.append("</t></si>")
        }
        x.append("</sst>")
        return x
    }

    /// `docProps/core.xml`
    static func core(_ p: DocumentProperties) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
        x.append("<dc:title>"); x.appendText(p.title); x.append("</dc:title>")
        if let s = p.subject { x.append("<dc:subject>"); x.appendText(s); x.append("</dc:subject>") }
        x.append("<dc:creator>"); x.appendText(p.creator); x.append("</dc:creator>")
        x.append("<dcterms:created xsi:type=\"dcterms:W3CDTF\">"); x.appendText(p.created); x.append("</dcterms:created>")
        x.append("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">"); x.appendText(p.created); x.append("</dcterms:modified>")
        x.append("</cp:coreProperties>")
        return x
    }

    /// `docProps/app.xml`
    static func app(_ p: DocumentProperties) -> [UInt8] {
        var x: [UInt8] = []
        x.append(header)
        x.append("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">")
        x.append("<Application>"); x.appendText(p.application); x.append("</Application>")
        if let c = p.company { x.append("<Company>"); x.appendText(c); x.append("</Company>") }
        x.append("</Properties>")
        return x
    }
}

/// Document properties shown by spreadsheet programs (File → Properties).
public struct DocumentProperties: Sendable {
    public var title: String
    public var subject: String?
    public var creator: String
    public var company: String?
    public var application = "BaoBiaoTong"
    /// W3C date-time in UTC, e.g. `2023-07-05T02:00:00Z`; fixed by the caller, so output is reproducible.
    public var created: String

    public init(title: String, subject: String? = nil, creator: String, company: String? = nil, created: String) {
        self.title = title
        self.subject = subject
        self.creator = creator
        self.company = company
        self.created = created
    }
}
