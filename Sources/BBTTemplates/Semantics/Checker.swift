import Foundation

/// Compiles parsed files into a `Catalog`: resolves names, checks types, finds cycles among computed
/// indicators, derives collection frequencies. Every problem goes into the diagnostics and checking
/// goes on; the catalog returned is the best that can be made of what is valid.
struct Checker {
    let sources: TemplateSources
    var diagnostics: Diagnostics

    enum Symbol {
        case field(Int)
        case computed(Int)
        case report(Int)
    }

    struct PendingField {
        let decl: FieldDecl
        let section: String?
    }

    var fieldDecls: [PendingField] = []
    /// Fields whose declarations broke (already reported): a use of one is not an error of its own.
    var unreadable: Set<String> = []
    var computedDecls: [ComputedDecl] = []
    var ruleDecls: [RuleDecl] = []
    var reportDecls: [ReportDecl] = []
    var sections: [String] = []
    var symbols: [String: Symbol] = [:]
    /// Department systems by ID: a namespace of their own, named only by `from`.
    var sourceDecls: [SourceDecl] = []
    var sourceIndex: [String: Int] = [:]
    var usedSources: Set<String> = []

    var dimensionDecls: [DimensionDecl] = []
    var dimensions: [String: Dimension] = [:]
    /// Fields collected by breakdowns, by field ID.
    var breakdowns: [String: Breakdowns] = [:]
    /// The figures each computed indicator reads, memoised (the burden figure's count).
    var computedFigures: [Int: [String]] = [:]

    var fields: [Field?] = []
    /// Checked computed indicators by index; `nil` while unchecked or when broken.
    var computed: [Computed?] = []
    var computedState: [VisitState] = []
    var computedStack: [Int] = []
    var brokenByCycle: Set<Int> = []
    static let maxComputedChain = 128
    /// The fields each computed indicator depends on, memoised.
    var computedFields: [Int: [String]] = [:]

    enum VisitState { case unvisited, visiting, done }

    init(sources: TemplateSources, diagnostics: Diagnostics) {
        self.sources = sources
        self.diagnostics = diagnostics
    }

    mutating func check(_ files: [TemplateFile]) -> Catalog {
        for file in files { collect(file) }
        unreadable = Set(files.flatMap(\.unreadable).map(\.text)).filter { symbols[$0] == nil }
        checkDimensions()
        fields = fieldDecls.map { checkField($0.decl, section: $0.section) }
        computed = Array(repeating: nil, count: computedDecls.count)
        computedState = Array(repeating: .unvisited, count: computedDecls.count)
        for i in computedDecls.indices { checkComputed(i) }
        var rules: [Rule] = breakdownRules()
        for decl in ruleDecls { if let rule = checkRule(decl) { rules.append(rule) } }
        var reports: [Report] = []
        for decl in reportDecls { if let report = checkReport(decl) { reports.append(report) } }
        let declared = fields.compactMap { $0 }
        let usage = reportUsage()
        warnAboutUnusedFields(declared, used: usage.used)
        warnAboutUnslicedBreakdowns(sliced: usage.sliced)
        let validFields = storedFields(declared)
        warnAboutRepeatedLabels()
        for decl in computedDecls {
            for from in decl.misplacedFrom {
                diagnostics.error("计算指标 \"\(decl.id.text)\" 由公式算出, 不能写 from (只有字段的值由部门提供)", at: from.span)
            }
        }
        for decl in sourceDecls where !usedSources.contains(decl.id.text) {
            diagnostics.warning("数据来源 \"\(decl.id.text)\" 没有字段使用 (没有字段写 from \(decl.id.text))", at: decl.id.span)
        }
        let collection = Checker.collectionFrequencies(fields: validFields, reports: reports)
        let expiries = Set(reports.compactMap(\.lastValidMonth)).sorted()
        let epochs = [CollectionEpoch(start: Int.min, collection: collection)] + expiries.map { last in
            CollectionEpoch(start: last + 1, collection: Checker.collectionFrequencies(
                fields: validFields, reports: reports.filter { $0.isValid(in: last + 1) }))
        }
        let sources = sourceDecls.enumerated().filter { sourceIndex[$1.id.text] == $0 }
            .map { DataSource(id: $1.id.text, name: $1.name.value, span: $1.id.span) }
        return Catalog(fields: validFields, computed: computed.compactMap { $0 }, rules: rules, reports: reports,
                       sections: sections, sources: sources, collection: collection, epochs: epochs,
                       dimensions: dimensionDecls.compactMap { d in dimensions[d.id.text].flatMap { $0.span == d.id.span ? $0 : nil } },
                       breakdowns: fieldDecls.compactMap { breakdowns[$0.decl.id.text] })
    }

    // MARK: - Declarations and names

    private mutating func collect(_ file: TemplateFile) {
        for declaration in file.declarations {
            switch declaration {
            case .field(let f):
                register(f.id, as: .field(fieldDecls.count))
                fieldDecls.append(PendingField(decl: f, section: nil))
            case .section(let s):
                if !sections.contains(s.title.value) { sections.append(s.title.value) }
                for f in s.fields {
                    register(f.id, as: .field(fieldDecls.count))
                    fieldDecls.append(PendingField(decl: f, section: s.title.value))
                }
            case .computed(let c):
                register(c.id, as: .computed(computedDecls.count))
                computedDecls.append(c)
            case .rule(let r):
                ruleDecls.append(r)
            case .report(let r):
                register(r.id, as: .report(reportDecls.count))
                reportDecls.append(r)
            case .source(let s):
                if let first = sourceIndex[s.id.text] {
                    let at = sources.location(of: sourceDecls[first].id.span)
                    diagnostics.error("重复定义数据来源 \"\(s.id.text)\" (已在 \(at.path):\(at.location) 定义)", at: s.id.span)
                } else {
                    sourceIndex[s.id.text] = sourceDecls.count
                }
                sourceDecls.append(s)
            case .dimension(let d):
                dimensionDecls.append(d)
            }
        }
    }

    private mutating func register(_ name: Name, as symbol: Symbol) {
        if let existing = symbols[name.text] {
            let first = sources.location(of: span(of: existing))
            diagnostics.error("重复定义 \"\(name.text)\" (已在 \(first.path):\(first.location) 定义为\(describe(existing)))", at: name.span)
            return
        }
        symbols[name.text] = symbol
    }

    func span(of symbol: Symbol) -> SourceSpan {
        switch symbol {
        case .field(let i): fieldDecls[i].decl.id.span
        case .computed(let i): computedDecls[i].id.span
        case .report(let i): reportDecls[i].id.span
        }
    }

    func describe(_ symbol: Symbol) -> String {
        switch symbol {
        case .field: "字段"
        case .computed: "计算指标"
        case .report: "报表"
        }
    }

    /// The declared names closest to a misspelt one, for "did you mean".
    func suggestion(for name: String) -> String {
        var best: (name: String, distance: Int)?
        for (candidate, symbol) in symbols {
            if case .report = symbol { continue }
            let d = editDistance(name.lowercased(), candidate.lowercased())
            guard d <= max(1, name.count / 3) else { continue }
            // Ties go to the alphabetically first name, so the message does not depend on hash order.
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) { best = (candidate, d) }
        }
        return best.map { " (是不是 \"\($0.name)\"?)" } ?? ""
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
