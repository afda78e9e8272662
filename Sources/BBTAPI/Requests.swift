import BBTEngine
import BBTImport

import BBTTemplates

/// `POST/PUT /api/v1/requests` as JSON: a request with a `.bbt` draft instead of an XLSX form.
public struct RequestFilingBody: Decodable, Sendable {
    public let title: String?
    public let authority: String?
    public let reason: String?
    public let basis: String?
    public let frequency: String?
    public let until: String?
    public let kind: String?
    public let source: String?
}

/// `POST /api/v1/requests/{id}/decision`.
public struct RequestDecisionBody: Decodable, Sendable {
    public let decision: String
    public let reason: String?
    public let listed: String?
    public let validUntil: String?
    public let source: String?
    /// Publishing hides stored values: confirmed after the preview (as `PUT /templates`).
    public let confirm: Bool?
}

/// The 准入审查表 (interfaces.md): what the requested report asks that is already collected, what
/// it adds, and what it costs one community and the whole city a year.
public struct RequestReviewAnswer: Encodable, Sendable {
    public let columns: Int
    public let alreadyCollected: Int
    public let suppliedBySources: Int
    public let newFields: Int
    public let nearDuplicates: [NearDuplicate]
    public let addedEntriesPerUnit: Int
    public let manualEntriesPerUnit: Int
    public let fillingUnits: Int
    public let addedEntriesTotal: Int
    public let mapping: [ImportDraftAnswer.Column]
    /// Errors of the catalog with the draft in it: an approval must fix them (edit the draft) first.
    public let problems: [String]

    public struct NearDuplicate: Encodable, Sendable {
        public let column: String
        public let field: String
        public let label: String
    }

    public init(_ r: AdmissionReview, fillingUnits: Int) {
        columns = r.columns
        alreadyCollected = r.alreadyCollected
        suppliedBySources = r.suppliedBySources
        newFields = r.newFields
        nearDuplicates = r.nearDuplicates.map { NearDuplicate(column: $0.column, field: $0.field, label: $0.label) }
        addedEntriesPerUnit = r.addedEntriesPerUnit
        manualEntriesPerUnit = r.manualEntriesPerUnit
        self.fillingUnits = fillingUnits
        addedEntriesTotal = r.addedEntriesPerUnit * fillingUnits
        mapping = r.mapping.map { ImportDraftAnswer.Column(header: $0.header, field: $0.field, newField: $0.newField, unsure: $0.unsure, reason: $0.reason) }
        problems = r.problems
    }
}

/// One request: what was filed, its draft, its steps and its review.
public struct RequestAnswer: Encodable, Sendable {
    public let id: Int
    public let status: String
    public let statusLabel: String
    public let requester: String
    public let title: String
    public let authority: String
    public let reason: String
    public let basis: String
    public let frequency: String
    public let until: String?
    public let kind: String
    public let reportID: String
    public let listed: String?
    public let validUntil: String?
    public let submittedAt: String
    public let decidedAt: String?
    public let fileName: String?
    public let draft: String
    public let history: [Step]
    /// `null` when the draft no longer compiles into a report with the catalog (`reviewProblem` says why).
    public let review: RequestReviewAnswer?
    public let reviewProblem: String?

    public struct Step: Encodable, Sendable {
        public let at: String
        public let user: String
        public let action: String
        public let reason: String?
    }

    public init(_ r: AdmissionRequest, review: AdmissionReview?, fillingUnits: Int, reviewProblem: String?) {
        id = r.id
        status = r.status.rawValue
        statusLabel = r.status.chinese
        requester = r.requester
        title = r.title
        authority = r.authority
        reason = r.reason
        basis = r.basis
        frequency = r.frequency
        until = r.until?.description
        kind = r.kind.rawValue
        reportID = r.reportID
        listed = r.listed
        validUntil = r.validUntil?.description
        submittedAt = r.submittedAt.description
        decidedAt = r.decidedAt?.description
        fileName = r.fileName
        draft = r.draft
        history = r.history.map { Step(at: $0.at.description, user: $0.user, action: $0.action, reason: $0.reason) }
        self.review = review.map { RequestReviewAnswer($0, fillingUnits: fillingUnits) }
        self.reviewProblem = reviewProblem
    }
}

/// `GET /api/v1/requests`: the requests, newest first, without drafts and reviews.
public struct RequestListAnswer: Encodable, Sendable {
    public let requests: [Row]

    public struct Row: Encodable, Sendable {
        public let id: Int
        public let status: String
        public let statusLabel: String
        public let requester: String
        public let title: String
        public let authority: String
        public let kind: String
        public let reportID: String
        public let submittedAt: String
        public let decidedAt: String?
        public let addedEntriesPerUnit: Int
    }

    public init(_ requests: [AdmissionRequest]) {
        self.requests = requests.reversed().map { r in
            Row(id: r.id, status: r.status.rawValue, statusLabel: r.status.chinese, requester: r.requester, title: r.title,
                authority: r.authority, kind: r.kind.rawValue, reportID: r.reportID, submittedAt: r.submittedAt.description,
                decidedAt: r.decidedAt?.description, addedEntriesPerUnit: r.addedEntries)
        }
    }
}

/// `GET /api/v1/requests/stats?year=`: the 减负 ledger of a year, over the requests decided in it.
public struct RequestStatsAnswer: Encodable, Sendable {
    public let year: Int
    /// Requests submitted in the year, by where they stand now.
    public let submitted: Int
    public let byDecision: Counts
    /// Median whole days from first submission to approval or rejection, over those decided in the year.
    public let medianDaysToDecide: Double?
    /// Entries a year for one community that approvals in the year added, and rejections avoided.
    public let addedEntriesPerUnit: Int
    public let avoidedEntriesPerUnit: Int

    public struct Counts: Encodable, Sendable {
        public let approved: Int
        public let returned: Int
        public let rejected: Int
        public let waiting: Int
    }

    public init(year: Int, requests: [AdmissionRequest]) {
        self.year = year
        let filed = requests.filter { $0.submittedAt.chinaDay.year == year }
        submitted = filed.count
        let decided = requests.filter { $0.decidedAt?.chinaDay.year == year }
        byDecision = Counts(approved: decided.count { $0.status == .approved },
                            returned: filed.count { $0.status == .returned },
                            rejected: decided.count { $0.status == .rejected },
                            waiting: filed.count { $0.status == .submitted })
        let days = decided.compactMap { r in r.decidedAt.map { Double($0.seconds - r.submittedAt.seconds) / 86_400 } }.sorted()
        medianDaysToDecide = days.isEmpty ? nil
            : ((days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2) * 10).rounded() / 10
        addedEntriesPerUnit = decided.filter { $0.status == .approved }.reduce(0) { $0 + $1.addedEntries }
        avoidedEntriesPerUnit = decided.filter { $0.status == .rejected }.reduce(0) { $0 + $1.addedEntries }
    }
}

/// `GET /api/v1/listing`: the 清单 — every report valid this month, admitted (`listed`) or not
/// (`null`, 清单外), and the 一事一报 tasks with their one period.
public struct ListingAnswer: Encodable, Sendable {
    public let month: String
    public let reports: [Row]
    public let listed: Int
    public let unlisted: Int

    public struct Row: Encodable, Sendable {
        public let id: String
        public let listed: String?
        public let title: String
        public let formNo: String
        public let authority: String
        public let frequency: String
        public let validUntil: String?
        public let filledBy: String
        public let entriesPerYear: Int
        /// `regular`, or `once` for a 一事一报.
        public let kind: String
        /// A 一事一报's one period.
        public let period: String?
    }

    /// `once`: the reports admitted as 一事一报, with their period.
    public init(_ catalog: Catalog, month: Period, once: [String: String]) {
        self.month = month.description
        let valid = catalog.reports.filter { $0.validity(at: month) != .expired }
        reports = valid.map { r in
            Row(id: r.id, listed: r.listed, title: r.title, formNo: r.formNo, authority: r.authority, frequency: r.frequency.rawValue,
                validUntil: r.validUntil, filledBy: r.filledBy.rawValue, entriesPerYear: r.frequency.periodsPerYear * r.figures.count,
                kind: once[r.id] == nil ? "regular" : "once", period: once[r.id])
        }
        listed = valid.count { $0.listed != nil }
        unlisted = valid.count - listed
    }
}
