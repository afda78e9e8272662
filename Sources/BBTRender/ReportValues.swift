import BBTNumber
import BBTEngine
import BBTTemplates
import Foundation

/// How report values are written as text in XML and JSON, and how columns are described.
enum ReportValues {
    /// Decimal places a column shows; numbers are rounded (half away from zero) to them.
    static func places(_ type: ColumnType) -> Int? {
        switch type {
        case .integer: 0
        case .decimal(let p): p
        default: nil
        }
    }

    /// `1234`, `12.5`, `true`, `2023-06-30`, the text itself; `nil` for empty.
    static func text(_ value: Value?, column: Column) -> String? {
        switch value {
        case nil: nil
        case .number(let d)?: number(d, column)
        case .bool(let b)?: b ? "true" : "false"
        case .date(let d)?: d.description
        case .text(let s)?: s
        }
    }

    /// A number as every format writes it: rounded to the column's places, plain decimal text.
    static func number(_ d: Number, _ column: Column) -> String {
        places(column.type).map { d.plainText(places: $0) } ?? d.plainText
    }

    static func typeName(_ type: ColumnType) -> String {
        switch type {
        case .integer: "int"
        case .decimal: "decimal"
        case .text: "text"
        case .bool: "bool"
        case .date: "date"
        }
    }

    static func groupPath(_ column: Column) -> String? {
        column.groups.isEmpty ? nil : column.groups.joined(separator: "/")
    }
}
