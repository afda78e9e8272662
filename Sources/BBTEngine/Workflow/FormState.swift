/// Where a unit's form of one month stands, and its optimistic version.
public struct FormState: Sendable, Equatable {
    public let status: FormStatus
    /// 0 for a form never saved; every save and every review step adds one.
    public let version: Int
    public let submittedAt: Instant?
    public let updatedAt: Instant?
    public let updatedBy: String?
    /// Why a reviewer returned it.
    public let reason: String?
    /// The filler's 上报说明 for `explain` rules that fail on the form's values.
    public let explanation: String?

    public static let empty = FormState(status: .empty, version: 0, submittedAt: nil, updatedAt: nil, updatedBy: nil, reason: nil)

    public init(status: FormStatus, version: Int, submittedAt: Instant?, updatedAt: Instant?, updatedBy: String?, reason: String?,
                explanation: String? = nil) {
        self.explanation = explanation
        self.status = status
        self.version = version
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.reason = reason
    }
}
