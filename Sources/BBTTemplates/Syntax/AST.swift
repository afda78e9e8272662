/// The syntax tree of one template file, as written (names unresolved, types unchecked).

public struct Name: Sendable {
    public let text: String
    public let span: SourceSpan
}

public struct StringLiteral: Sendable {
    public let value: String
    public let span: SourceSpan
}

public struct NumberLiteral: Sendable {
    /// As written (`12`, `0.25`), with a leading `-` where one was written before it.
    public let text: String
    public let span: SourceSpan
}

public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(String)
        case string(String)
        case bool(Bool)
        case name(String)
        /// `f[dim.member, …]`: a slice of a field with breakdowns.
        case slice(Name, [SliceMember])
        case call(Name, [Expr])
        case negate(Expr)
        case not(Expr)
        case binary(BinaryOperator, Expr, Expr)
        case paren(Expr)
    }

    public let kind: Kind
    public let span: SourceSpan
}

/// `dim.member` (or a group of the dimension) inside a slice.
public struct SliceMember: Sendable {
    public let dimension: Name
    public let member: Name
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and, or

    /// Binding strength, loosest first; comparisons do not chain.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide: return 6
        }
    }

    var isComparison: Bool { precedence == 4 }
    var isArithmetic: Bool { precedence >= 5 }
}

public struct TypeSpec: Sendable {
    public enum Kind: Sendable {
        case int
        case decimal(places: NumberLiteral)
        case text(maxLength: NumberLiteral?)
        case bool
        case date
        case choice([StringLiteral])
    }

    public let kind: Kind
    public let span: SourceSpan
}

public struct FieldAttribute: Sendable {
    public enum Kind: Sendable {
        case unit(StringLiteral)
        case min(NumberLiteral)
        case max(NumberLiteral)
        case stock
        case flow
        case merge(Name)
        case optional
        case carry
        case help(StringLiteral)
        case every(Name)
        /// The department system that supplies the value.
        case from(Name)
        /// The breakdowns it is collected by: each one dimension or a crossed product (`sex * age`).
        case by([[Name]])
    }

    public let kind: Kind
    /// The attribute's keyword.
    public let span: SourceSpan

    var keyword: String {
        switch kind {
        case .unit: "unit"
        case .min: "min"
        case .max: "max"
        case .stock: "stock"
        case .flow: "flow"
        case .merge: "merge"
        case .optional: "optional"
        case .carry: "carry"
        case .help: "help"
        case .every: "every"
        case .from: "from"
        case .by: "by"
        }
    }
}

public struct FieldDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name
    public let label: StringLiteral
    public let type: TypeSpec
    public let attributes: [FieldAttribute]
}

public struct ComputedDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name
    public let label: StringLiteral
    public let expr: Expr
    public let places: NumberLiteral?
    public let unit: StringLiteral?
    /// `from` written on a computed indicator: kept only to be reported, as it has no meaning there.
    public let misplacedFrom: [Name]
}

/// A way of splitting figures (性别, 年龄段): its members in the order shown, and groups of them.
public struct DimensionDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name
    public let label: StringLiteral
    public let members: [Member]
    public let groups: [Group]

    public struct Member: Sendable {
        public let id: Name
        public let label: StringLiteral
    }

    public struct Group: Sendable {
        public let id: Name
        public let label: StringLiteral
        public let members: [Name]
    }
}

/// A department system that already holds some figures of every community.
public struct SourceDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name
    public let name: StringLiteral
}

public struct RuleDecl: Sendable {
    public let keyword: SourceSpan
    public let expr: Expr
    public let message: StringLiteral
    public let severity: RuleSeverity
}

/// What a failing rule does to a submit: an error blocks it, a warning is only reported, and an
/// `explain` rule (核实性审核 of statistical practice) blocks it until the filler explains (上报说明).
public enum RuleSeverity: String, Sendable, CaseIterable {
    case error, warning, explain
}

public struct SectionDecl: Sendable {
    public let keyword: SourceSpan
    public let title: StringLiteral
    public let fields: [FieldDecl]
}

public struct ReportAttribute: Sendable {
    public enum Kind: Sendable {
        case formNo(StringLiteral)
        case authority(StringLiteral)
        case approval(StringLiteral)
        case listed(StringLiteral)
        case validUntil(StringLiteral)
        case every(Name)
        case due(NumberLiteral)
        case filledBy(Name)
    }

    public let kind: Kind
    public let span: SourceSpan

    var keyword: String {
        switch kind {
        case .formNo: "form_no"
        case .authority: "authority"
        case .approval: "approval"
        case .listed: "listed"
        case .validUntil: "valid_until"
        case .every: "every"
        case .due: "due"
        case .filledBy: "filled_by"
        }
    }
}

public struct ColumnDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name?
    public let header: StringLiteral
    public let expr: Expr
    public let format: StringLiteral?
    public let width: NumberLiteral?
}

public struct GroupDecl: Sendable {
    public let keyword: SourceSpan
    public let title: StringLiteral
    public let items: [ReportItem]
}

/// `columns FIELD by DIM [total "合计"]`: a column per member of DIM, after the total if written.
public struct ColumnsDecl: Sendable {
    public let keyword: SourceSpan
    public let field: Name
    public let dimension: Name
    public let total: StringLiteral?
}

public enum ReportItem: Sendable {
    case column(ColumnDecl)
    case columns(ColumnsDecl)
    case group(GroupDecl)
}

public struct ReportDecl: Sendable {
    public let keyword: SourceSpan
    public let id: Name
    public let title: StringLiteral
    public let attributes: [ReportAttribute]
    public let items: [ReportItem]
}

public enum Declaration: Sendable {
    case field(FieldDecl)
    case computed(ComputedDecl)
    case rule(RuleDecl)
    case section(SectionDecl)
    case report(ReportDecl)
    case source(SourceDecl)
    case dimension(DimensionDecl)
}

public struct TemplateFile: Sendable {
    public let fileIndex: Int
    public let declarations: [Declaration]
    /// IDs of field declarations that broke after their ID (a missing quote, a bad type): known to
    /// be meant, so a use of one is not a second error and a preview does not call it deleted.
    public var unreadable: [Name] = []
}
