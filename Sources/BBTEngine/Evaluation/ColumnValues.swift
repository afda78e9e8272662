import BBTNumber
import BBTTemplates

/// A value as a report's column shows it, the same in every format (XLSX, XML, JSON, the page and
/// the drill-down): numbers rounded half away from zero to the column's places.
extension Column {
    /// Decimal places the column shows; `nil` for a column that is not a number.
    public var places: Int? {
        switch type {
        case .integer: 0
        case .decimal(let p): p
        default: nil
        }
    }

    /// A number rounded to the column's places, as plain decimal text.
    public func text(_ d: Number) -> String {
        places.map { d.plainText(places: $0) } ?? d.plainText
    }

    /// `1234`, `12.5`, `true`, `2023-06-30`, the text itself; `nil` for empty.
    public func text(_ value: Value?) -> String? {
        switch value {
        case nil: nil
        case .number(let d)?: text(d)
        case .bool(let b)?: b ? "true" : "false"
        case .date(let d)?: d.description
        case .text(let s)?: s
        }
    }

    /// The value as a JSON answer has it: a number rounded to the places, `null` for empty.
    public func json(_ value: Value?) -> JSONValue {
        switch value {
        case nil: .null
        case .number(let d)?: .number(text(d))
        case .bool(let b)?: .bool(b)
        case .date(let d)?: .string(d.description)
        case .text(let s)?: .string(s)
        }
    }
}

extension ReportTable {
    /// Every number rounded to its column's places, as every format shows it: a table written as
    /// XLSX and XML rounds each value once instead of once per file (a computed indicator's quotient
    /// is a 38-digit `Decimal` whose rounding is most of a value's writing).
    public func roundedToColumns() -> ReportTable {
        let places = columns.map(\.places)
        func round(_ values: [Value?]) -> [Value?] {
            var out = values
            for i in out.indices where i < places.count {
                if case .number(let d)? = out[i], let p = places[i] { out[i] = .number(d.rounded(places: p)) }
            }
            return out
        }
        return ReportTable(report: report, period: period, unit: unit,
                           rows: rows.map { Row(unit: $0.unit, status: $0.status, explanation: $0.explanation, values: round($0.values)) },
                           total: total.map(round))
    }
}
