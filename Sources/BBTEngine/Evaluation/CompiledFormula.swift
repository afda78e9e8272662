import BBTTemplates
import Foundation

/// What an expression reads: a field at the period being evaluated, or through a time function.
public struct Atom: Hashable, Sendable {
    public let field: Int
    public let time: TimeFunction?
}

/// An expression with computed indicators inlined and every field read turned into an atom index,
/// so evaluating a cell is a walk over a small tree with no name lookups.
indirect enum CompiledFormula: Sendable {
    case constant(Value?)
    case atom(Int)
    case call(Function, [CompiledFormula])
    case negate(CompiledFormula)
    case not(CompiledFormula)
    case binary(BinaryOperator, CompiledFormula, CompiledFormula)
}

/// Compiles several expressions over one shared list of atoms.
struct FormulaCompiler {
    let catalog: Catalog
    private(set) var atoms: [Atom] = []
    private var atomIndex: [Atom: Int] = [:]

    init(catalog: Catalog) { self.catalog = catalog }

    mutating func compile(_ e: Formula) -> CompiledFormula {
        switch e {
        case .number(let d): return .constant(.number(d))
        case .text(let s): return .constant(.text(s))
        case .bool(let b): return .constant(.bool(b))
        case .field(let id): return atom(id, nil)
        case .time(let fn, let id): return atom(id, fn)
        case .cells(_, let parts):
            // A total or slice: its cells added, so one empty cell makes it empty.
            guard let first = parts.first else { return .constant(nil) }
            return parts.dropFirst().reduce(compile(first)) { .binary(.add, $0, compile($1)) }
        case .computed(let id):
            // The checker guarantees computed indicators form no cycle.
            guard let c = catalog.computed(id) else { return .constant(nil) }
            return compile(c.expression)
        case .call(let f, let args): return .call(f, args.map { compile($0) })
        case .negate(let x): return .negate(compile(x))
        case .not(let x): return .not(compile(x))
        case .binary(let op, let l, let r): return .binary(op, compile(l), compile(r))
        }
    }

    private mutating func atom(_ id: String, _ time: TimeFunction?) -> CompiledFormula {
        guard let field = catalog.index(ofField: id) else { return .constant(nil) }
        let a = Atom(field: field, time: time)
        if let i = atomIndex[a] { return .atom(i) }
        atoms.append(a)
        atomIndex[a] = atoms.count - 1
        return .atom(atoms.count - 1)
    }
}
