import BBTAPI
import BBTEngine
import BBTStore
import BBTTemplates

/// A choice of a `<select>` on the request pages, with the one the request has.
struct RequestChoice: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// 月报, 季报, 半年报, 年报.
    static func frequencies(_ chosen: String?) -> [RequestChoice] {
        Frequency.allCases.map { RequestChoice(value: $0.rawValue, label: $0.chinese + "报", selected: $0.rawValue == chosen) }
    }

    /// 常规报表, 一事一报.
    static func kinds(_ chosen: String?) -> [RequestChoice] {
        RequestKind.allCases.map { RequestChoice(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == chosen) }
    }
}

enum RequestWords {
    /// `month` → `月报`; anything else as it is.
    static func frequency(_ raw: String) -> String {
        Frequency(rawValue: raw).map { $0.chinese + "报" } ?? raw
    }

    static func kind(_ raw: String) -> String {
        RequestKind(rawValue: raw)?.chinese ?? raw
    }

    /// A step of a request in words.
    static func action(_ raw: String) -> String {
        switch raw {
        case "submit": "提交"
        case "revise": "修改后重新提交"
        case "return": "退回"
        case "reject": "不予准入"
        case "approve": "准入"
        default: raw
        }
    }

    /// `2026-06` → `2026年6月`.
    static func month(_ text: String?) -> String? {
        text.map { Period($0)?.chinese ?? $0 }
    }
}

/// 报表准入: the user's requests (`RequestListAnswer`), newest first, and the form to file one.
struct RequestsPageModel: PageModel {
    let list: RequestListAnswer
    let rows: [Row]
    let frequencies: [RequestChoice]
    let kinds: [RequestChoice]
    /// An admin sees every department's requests.
    let isAdmin: Bool

    struct Row: Encodable {
        let request: RequestListAnswer.Row
        let kindLabel: String
        let requester: String
        let submittedAt: String
        let decidedAt: String?
    }
}

extension RequestsPageModel {
    init(_ requests: [StoredRequest], isAdmin: Bool) {
        let answer = RequestListAnswer(requests)
        list = answer
        // `RequestListAnswer` lists them newest first: the stored ones in the same order.
        rows = zip(requests.reversed(), answer.requests).map { r, shared in
            Row(request: shared, kindLabel: r.kind.chinese, requester: WebRoutes.person(r.requester),
                submittedAt: r.submittedAt.chinaMinute, decidedAt: r.decidedAt?.chinaMinute)
        }
        frequencies = RequestChoice.frequencies("month")
        kinds = RequestChoice.kinds("regular")
        self.isAdmin = isAdmin
    }
}

/// One request (`RequestAnswer`) with its steps, review and mapping in words; the revision form
/// for its requester once returned, the decision box for an admin while it waits.
struct RequestPageModel: PageModel {
    let request: RequestAnswer
    let frequencyLabel: String
    let kindLabel: String
    let untilLabel: String?
    let validUntilLabel: String?
    let submittedAt: String
    let decidedAt: String?
    let history: [Step]
    let mapping: [Column]
    let hasMapping: Bool
    /// The review's compile errors: an approval must fix them (edit the draft) first.
    let reviewProblems: [String]
    let hasReviewProblems: Bool
    let mayRevise: Bool
    let mayDecide: Bool
    let frequencies: [RequestChoice]
    let kinds: [RequestChoice]
    /// The 有效期 an approval gives when the office names none (`YYYY-MM`).
    let defaultValidUntil: String?

    struct Step: Encodable {
        let step: RequestAnswer.Step
        let at: String
        let user: String
        let actionLabel: String
    }

    struct Column: Encodable {
        let column: ImportDraftAnswer.Column
        /// The form's header cells over the column, joined by ` > `.
        let header: String
        /// `由 公安局 提供` for a collected figure a department supplies (数据回流), else nil.
        let supplied: String?
    }
}

extension RequestPageModel {
    /// `sourceOf`: the department that supplies a field of the catalog published now, by field ID.
    init(_ answer: RequestAnswer, stored r: StoredRequest, mayRevise: Bool, mayDecide: Bool, sourceOf: (String) -> String? = { _ in nil }) {
        request = answer
        frequencyLabel = RequestWords.frequency(answer.frequency)
        kindLabel = RequestWords.kind(answer.kind)
        untilLabel = RequestWords.month(answer.until)
        validUntilLabel = RequestWords.month(answer.validUntil)
        submittedAt = r.submittedAt.chinaMinute
        decidedAt = r.decidedAt?.chinaMinute
        history = zip(r.history, answer.history).map { event, shared in
            Step(step: shared, at: event.at.chinaMinute, user: WebRoutes.person(shared.user), actionLabel: RequestWords.action(shared.action))
        }
        mapping = (answer.review?.mapping ?? []).map { c in
            Column(column: c, header: c.header.joined(separator: " > "), supplied: c.field.flatMap(sourceOf).map { "由 \($0) 提供" })
        }
        hasMapping = !mapping.isEmpty
        reviewProblems = answer.review?.problems ?? []
        hasReviewProblems = !reviewProblems.isEmpty
        self.mayRevise = mayRevise
        self.mayDecide = mayDecide
        frequencies = RequestChoice.frequencies(answer.frequency)
        kinds = RequestChoice.kinds(answer.kind)
        defaultValidUntil = RequestService.lastMonth(of: r)?.description
    }
}

/// The 清单 (`ListingAnswer`) of a month: every report a community may be asked for, in words.
struct ListingPageModel: PageModel {
    let listing: ListingAnswer
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let picker: MonthPicker
    let count: Int
    let reports: [Report]

    struct Report: Encodable {
        let report: ListingAnswer.Row
        /// `月报`, `季报`, …
        let frequency: String
        /// `2026年12月`, or `长期`.
        let validUntil: String
        let once: Bool
        /// A 一事一报's one period in words (`2026年第2季度`).
        let periodLabel: String?
    }
}

extension ListingPageModel {
    init(_ answer: ListingAnswer, month: Period) {
        listing = answer
        monthLabel = month.chinese
        prevMonth = month.previous.description
        nextMonth = month.next.description
        picker = MonthPicker(param: "month", value: month.description)
        count = answer.reports.count
        reports = answer.reports.map { r in
            Report(report: r, frequency: RequestWords.frequency(r.frequency),
                   validUntil: r.validUntil.map { Period($0)?.chinese ?? $0 } ?? "长期",
                   once: r.kind == "once", periodLabel: r.period.map { Period($0)?.chinese ?? $0 })
        }
    }
}
