import BBTNumber
import BBTEngine
import BBTTemplates
import Foundation

/// How columns are described in XML and JSON (their values: `Column.text`, `Column.json`).
enum ReportValues {
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
