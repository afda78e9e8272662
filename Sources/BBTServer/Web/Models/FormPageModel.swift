import BBTAPI
import BBTEngine
import BBTNumber
import BBTTemplates

/// The filler's form page: the API's form (`FormAnswer`), and per field the input it is typed into
/// and the value it shows (`ShownValue`: saved, then supplied, then carried).
struct FormPageModel: PageModel {
    let form: FormAnswer
    let statusLabel: String
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let picker: MonthPicker
    let locked: Bool
    let lockNote: String?
    /// Set only for a returned form.
    let returnReason: String?
    let sections: [Section]
    /// `截止 2023-07-03 · 还有 3 天` (or `已逾期 2 天`) while the form is not locked.
    let due: String?
    let late: Bool
    /// Inputs that show nothing yet (no saved, supplied or carried value).
    let emptyCount: Int
    /// The checks that need a 上报说明 on the values the form shows now.
    let explainRules: [String]
    let explainShown: Bool

    struct Section: Encodable {
        let title: String
        /// `section-3`: where the section index jumps.
        let anchor: String
        let fieldCount: Int
        /// In form order: a field, or the grid of a field collected by breakdowns.
        let items: [Item]
    }

    struct Item: Encodable {
        let field: Field?
        let grid: Grid?
    }

    /// A field with breakdowns (`by sex, age`): a row of inputs per breakdown (a crossed one as
    /// rows × columns) and its total, worked out as one types.
    struct Grid: Encodable {
        let id: String
        let label: String
        let unit: String?
        let required: Bool
        /// The sum of the first breakdown's cells as the form shows them; empty until all are filled.
        let total: String
        let periodNote: String?
        let splits: [Split]
    }

    struct Split: Encodable {
        /// `按性别分`, `按性别×年龄段分`.
        let label: String
        let rows: [GridRow]
    }

    struct GridRow: Encodable {
        /// The members of a crossed breakdown's other dimensions: `男`.
        let label: String?
        let cells: [Field]
    }

    struct Field: Encodable {
        let field: FormAnswer.Field
        /// What the input is labelled with: the field's label, or in a grid the cell's member.
        let short: String
        let required: Bool
        /// `number`, `text`, `date` or `select`, one flag each for the template.
        let isNumber: Bool, isText: Bool, isDate: Bool, isSelect: Bool
        /// `bool` or `text`: how the page's script reads a select's value.
        let selectType: String?
        let options: [Option]
        /// What the input shows, as typed.
        let value: String
        let carried: Bool
        let supplied: Bool
        let bounds: String?
        /// `2023年第2季度数` for a field stored under a longer period than the form's month.
        let periodNote: String?
        let provided: Provided?
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Provided: Encodable {
        let value: String
        let sourceName: String
        /// The day it came, in China.
        let date: String
        let differs: Bool
        let reason: String
    }
}

extension FormPageModel {
    init(_ data: FormData, tree: UnitTree, locked: Bool, lockNote: String?, explainRules: [String], today: LocalDate) {
        let answer = data.answer(tree)
        form = answer
        statusLabel = data.state.status.chinese
        monthLabel = data.month.chinese
        prevMonth = data.month.previous.description
        nextMonth = data.month.next.description
        picker = MonthPicker(param: "month", value: data.month.description)
        self.locked = locked
        self.lockNote = lockNote
        returnReason = data.state.status == .returned ? data.state.reason : nil
        self.explainRules = explainRules
        explainShown = !explainRules.isEmpty || data.state.explanation != nil
        sections = zip(data.form.sections, answer.sections).enumerated().map { i, sa in
            let (s, a) = sa
            return Section(title: a.title, anchor: "section-\(i + 1)", fieldCount: s.entries.count,
                           items: FormPageModel.items(zip(s.entries, a.fields).map { e, shared in
                               (e, FormPageModel.field(e, shared, data: data))
                           }, data: data))
        }
        emptyCount = sections.flatMap(\.items).reduce(0) { n, item in
            n + (item.field.map { $0.value.isEmpty && !$0.options.contains(where: \.selected) ? 1 : 0 } ?? 0)
                + (item.grid?.splits.flatMap(\.rows).flatMap(\.cells).filter { $0.value.isEmpty }.count ?? 0)
        }
        let dueDay = data.catalog.formDue(month: data.month, level: tree[data.unit].level)
        if let d = dueDay, !locked {
            let left = today.days(until: d)
            due = "截止 \(d) · " + (left < 0 ? "已逾期 \(-left) 天" : left == 0 ? "今天截止" : "还有 \(left) 天")
            late = left < 0
        } else {
            due = nil
            late = false
        }
    }

    /// Consecutive cells of one field become its grid.
    private static func items(_ fields: [(OneForm.Entry, Field)], data: FormData) -> [Item] {
        var out: [Item] = []
        var i = 0
        while i < fields.count {
            let (entry, field) = fields[i]
            guard let parent = entry.field.cellOf, let b = data.catalog.breakdowns[parent] else {
                out.append(Item(field: field, grid: nil))
                i += 1
                continue
            }
            var byKey: [String: Field] = [:]
            while i < fields.count, fields[i].0.field.cellOf == parent {
                byKey[fields[i].0.field.id] = fields[i].1
                i += 1
            }
            out.append(Item(field: nil, grid: grid(b, entry: entry, cells: byKey, data: data)))
        }
        return out
    }

    private static func grid(_ b: Breakdowns, entry: OneForm.Entry, cells: [String: Field], data: FormData) -> Grid {
        let catalog = data.catalog
        func memberLabel(_ p: Breakdowns.Pair) -> String {
            catalog.dimensions.first { $0.id == p.dimension }?.label(of: p.member) ?? p.member
        }
        let splits = zip(b.breakdowns, b.cells).map { dims, split -> Split in
            let label = "按" + dims.map { d in catalog.dimensions.first { $0.id == d }?.label ?? d }.joined(separator: "×") + "分"
            var rows: [GridRow] = []
            var current: (label: String?, cells: [Field])?
            for cell in split {
                guard let field = cells[cell.key] else { continue }
                let rowLabel = dims.count > 1 ? cell.members.dropLast().map(memberLabel).joined(separator: " · ") : nil
                let short = cell.members.last.map(memberLabel) ?? cell.key
                let f = Field(field: field.field, short: short, required: field.required, isNumber: field.isNumber, isText: field.isText,
                              isDate: field.isDate, isSelect: field.isSelect, selectType: field.selectType, options: field.options,
                              value: field.value, carried: field.carried, supplied: field.supplied, bounds: field.bounds,
                              periodNote: field.periodNote, provided: field.provided)
                if let c = current, c.label == rowLabel {
                    current = (rowLabel, c.cells + [f])
                } else {
                    if let c = current { rows.append(GridRow(label: c.label, cells: c.cells)) }
                    current = (rowLabel, [f])
                }
            }
            if let c = current { rows.append(GridRow(label: c.label, cells: c.cells)) }
            return Split(label: label, rows: rows)
        }
        // The total as the form shows it: the first breakdown's cells added, once all are there.
        let first = b.cells.first ?? []
        let values = first.map { cells[$0.key].flatMap { Number($0.value) } }
        let total = values.contains(where: { $0 == nil }) || values.isEmpty ? "" : values.reduce(Number(0)) { $0 + $1! }.plainText
        let f = entry.field
        return Grid(id: b.field, label: b.label, unit: f.unit, required: !f.optional,
                    total: total, periodNote: entry.period != data.month ? "\(entry.period.chinese)数" : nil, splits: splits)
    }

    private static func field(_ e: OneForm.Entry, _ shared: FormAnswer.Field, data: FormData) -> Field {
        let f = e.field
        let stored = data.stored[f.id], provided = data.provided[f.id]
        let (shown, origin) = ShownValue.of(stored: stored, provided: provided?.value, carried: data.carried[f.id])
        var value = ""
        var options: [Option] = []
        var selectType: String?
        var input = "select"
        switch f.type {
        case .int, .decimal:
            input = "number"
            value = shown?.number?.plainText ?? ""
        case .text:
            input = "text"
            if case .text(let t)? = shown { value = t }
        case .date:
            input = "date"
            if case .date(let d)? = shown { value = d.description }
        case .bool:
            selectType = "bool"
            options = [Option(value: "true", label: "是", selected: shown == .bool(true)),
                       Option(value: "false", label: "否", selected: shown == .bool(false))]
        case .choice(let choices):
            selectType = "text"
            options = choices.map { Option(value: $0, label: $0, selected: shown == .text($0)) }
        }
        let bounds = f.min.flatMap { lo in f.max.map { hi in "\(lo.plainText)~\(hi.plainText)" } }
        return Field(
            field: shared, short: f.label, required: !f.optional,
            isNumber: input == "number", isText: input == "text", isDate: input == "date", isSelect: input == "select", selectType: selectType, options: options, value: value,
            carried: origin == .carried, supplied: origin == .supplied, bounds: bounds,
            periodNote: e.period != data.month ? "\(e.period.chinese)数" : nil,
            provided: provided.map {
                Provided(value: $0.value.plainText, sourceName: $0.sourceName, date: $0.at.chinaDay.description,
                         differs: stored != nil && stored != $0.value, reason: data.reasons[f.id] ?? "")
            })
    }
}
