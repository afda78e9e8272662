import BBTNumber
import Foundation

/// A checked expression: names resolved to fields or computed indicators, functions known.
public indirect enum Formula: Sendable, Equatable {
    case number(Number)
    case text(String)
    case bool(Bool)
    case field(String)
    case computed(String)
    /// `ytd(f)`, `prev(f)`, `prev_year(f)`: always on a field.
    case time(TimeFunction, String)
    /// A figure of a field with breakdowns, its total (`f`) or a slice (`f[sex.male]`, as written):
    /// the sum of its cells' reads, empty when any is empty.
    case cells(String, [Formula])
    case call(Function, [Formula])
    case negate(Formula)
    case not(Formula)
    case binary(BinaryOperator, Formula, Formula)
}

extension BinaryOperator: Equatable {}

public enum TimeFunction: String, Sendable, CaseIterable {
    case ytd, prev, prev_year
}

public enum Function: String, Sendable, CaseIterable {
    case `if`, round, min, max, abs, coalesce, pct
}
