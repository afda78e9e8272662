import BBTNumber
import BBTTemplates

/// A rule that failed on one unit's form.
public struct RuleViolation: Sendable, Equatable {
    public let message: String
    public let severity: RuleSeverity
    /// The fields the rule reads, for pointing at inputs in a form.
    public let fields: [String]
}

extension Catalog {
    /// `true` when some rule uses a time function, and so needs values of other periods.
    public var rulesReadHistory: Bool {
        func uses(_ f: Formula) -> Bool {
            switch f {
            case .time: return true
            case .computed(let id): return computed(id).map { uses($0.expression) } ?? false
            case .call(_, let args), .cells(_, let args): return args.contains(where: uses)
            case .negate(let x), .not(let x): return uses(x)
            case .binary(_, let l, let r): return uses(l) || uses(r)
            default: return false
            }
        }
        return rules.contains { uses($0.expression) }
    }

    /// The other periods a time function reads for `field` at `period`: the one before, the same one
    /// a year before, or for `ytd` of a flow the year's earlier periods (`ytd` of a stock is its value).
    static func historyPeriods(_ time: TimeFunction, of field: Field, at period: Period) -> [Period] {
        switch time {
        case .prev: [period.previous]
        case .prev_year: [period.previousYear]
        case .ytd: field.isFlow ? Period(year: period.year, frequency: .year, index: 1).parts(period.frequency).filter { $0 < period } : []
        }
    }
}

/// A catalog's rules compiled once: a save checks them on every request, and compiling them each
/// time was most of the check (docs/performance.md).
public struct RuleBook: Sendable {
    struct Entry: Sendable {
        let rule: Rule
        let formula: CompiledFormula
        let atoms: [Atom]
    }

    let fields: [Field]
    let entries: [Entry]

    public init(catalog: Catalog) {
        fields = catalog.fields
        entries = catalog.rules.map { rule in
            var compiler = FormulaCompiler(catalog: catalog)
            let formula = compiler.compile(rule.expression)
            return Entry(rule: rule, formula: formula, atoms: compiler.atoms)
        }
    }

    /// What `violations` will ask `history` for on `form`: the fields rules read through time
    /// functions and the periods those reach (a save reads just these, not the unit's years).
    public func historyNeeded(form: OneForm) -> (fields: [String], periods: [Period]) {
        let periods = Dictionary(uniqueKeysWithValues: form.entries.map { ($0.field.id, $0.period) })
        var fields = Set<String>(), reached = Set<Period>()
        for entry in entries {
            for atom in entry.atoms {
                let field = self.fields[atom.field]
                guard let time = atom.time, let period = periods[field.id] else { continue }
                let read = Catalog.historyPeriods(time, of: field, at: period)
                guard !read.isEmpty else { continue }
                reached.formUnion(read)
                fields.insert(field.id)
            }
        }
        return (fields.sorted(), reached.sorted())
    }

    /// Checks every rule against one unit's form of a month. Each field is read at the period it has
    /// in that form; a rule whose inputs are not all filled is not checked. `history` supplies values
    /// of other periods for `prev`, `prev_year` and `ytd` in rules.
    public func violations(form: OneForm, values: [String: Value],
                           history: (String, Period) -> Value? = { _, _ in nil }) -> [RuleViolation] {
        let periods = Dictionary(uniqueKeysWithValues: form.entries.map { ($0.field.id, $0.period) })
        var out: [RuleViolation] = []
        for entry in entries {
            var inputs: [Value?] = []
            for atom in entry.atoms {
                let field = fields[atom.field]
                guard let period = periods[field.id] else { inputs.append(nil); continue }
                switch atom.time {
                case nil: inputs.append(values[field.id])
                case .prev?, .prev_year?: inputs.append(history(field.id, Catalog.historyPeriods(atom.time!, of: field, at: period)[0]))
                case .ytd?:
                    guard field.isFlow else { inputs.append(values[field.id]); continue }
                    var total = values[field.id]?.number
                    for p in Catalog.historyPeriods(.ytd, of: field, at: period) {
                        total = total.flatMap { t in history(field.id, p)?.number.map { t + $0 } }
                    }
                    inputs.append(total.map(Value.number))
                }
            }
            if case .bool(false)? = Evaluator.evaluate(entry.formula, inputs) {
                let rule = entry.rule
                out.append(RuleViolation(message: rule.message, severity: rule.severity, fields: rule.fields))
            }
        }
        return out
    }
}
