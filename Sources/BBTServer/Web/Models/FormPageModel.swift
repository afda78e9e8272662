import BBTAPI
import BBTEngine

/// The filler's form page: the API's form (`FormAnswer`), and per field the input it is typed into
/// and the value it shows (`ShownValue`: saved, then supplied, then carried).
struct FormPageModel: PageModel {
    let form: FormAnswer
    let statusLabel: String
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let locked: Bool
    let lockNote: String?
    /// Set only for a returned form.
    let returnReason: String?
    let sections: [Section]
    /// The checks that need a 上报说明 on the values the form shows now.
    let explainRules: [String]
    let explainShown: Bool

    struct Section: Encodable {
        let title: String
        let fields: [Field]
    }

    struct Field: Encodable {
        let field: FormAnswer.Field
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
    init(_ data: FormData, tree: UnitTree, locked: Bool, lockNote: String?, explainRules: [String]) {
        let answer = data.answer(tree)
        form = answer
        statusLabel = data.state.status.chinese
        monthLabel = data.month.chinese
        prevMonth = data.month.previous.description
        nextMonth = data.month.next.description
        self.locked = locked
        self.lockNote = lockNote
        returnReason = data.state.status == .returned ? data.state.reason : nil
        self.explainRules = explainRules
        explainShown = !explainRules.isEmpty || data.state.explanation != nil
        sections = zip(data.form.sections, answer.sections).map { s, a in
            Section(title: a.title, fields: zip(s.entries, a.fields).map { e, shared in
                FormPageModel.field(e, shared, data: data)
            })
        }
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
            field: shared, required: !f.optional,
            isNumber: input == "number", isText: input == "text", isDate: input == "date", isSelect: input == "select", selectType: selectType, options: options, value: value,
            carried: origin == .carried, supplied: origin == .supplied, bounds: bounds,
            periodNote: e.period != data.month ? "\(e.period.chinese)数" : nil,
            provided: provided.map {
                Provided(value: $0.value.plainText, sourceName: $0.sourceName, date: $0.at.chinaDay.description,
                         differs: stored != nil && stored != $0.value, reason: data.reasons[f.id] ?? "")
            })
    }
}
