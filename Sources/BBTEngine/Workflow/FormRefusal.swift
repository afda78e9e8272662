/// Why the workflow refuses a step. The API answers each with its status: `forbidden` 403,
/// `locked`, `notApplicable`, `versionConflict` and `changedDuringReview` 409, the others 422.
public enum FormRefusal: Error, Sendable, Equatable {
    /// The actor may not take this action on this unit at all.
    case forbidden
    /// Saving or submitting a submitted or approved form.
    case locked(FormStatus)
    /// Approving what is not submitted, returning what is neither submitted nor approved.
    case notApplicable(FormAction, FormStatus)
    /// The form changed since the sender read it: nothing was written.
    case versionConflict(current: Int)
    /// The form changed between a reviewer's check and the write: nothing was written.
    case changedDuringReview(current: Int)
    /// Values that are not values of their fields, or fields the form does not have.
    case invalidValues([FieldMessage])
    /// A submit that the gate holds back.
    case cannotSubmit(SubmitGate, warnings: [RuleViolation])
    /// A return without a reason the filler can act on.
    case reasonRequired

    public var message: String {
        switch self {
        case .forbidden: "没有权限访问这个单位或操作"
        case .locked(let s): "表单\(s.chinese), 需上级退回后才能修改"
        case .notApplicable(.approve, let s): "只能审核已上报的表单 (当前: \(s.chinese))"
        case .notApplicable(_, let s): "只能退回已上报或已审核的表单 (当前: \(s.chinese))"
        case .versionConflict(let v): "表单已被他人修改 (当前版本 \(v)), 请刷新后再保存"
        case .changedDuringReview: "表单刚被修改, 请刷新后再操作"
        case .invalidValues(let problems): "有 \(problems.count) 项填写不正确"
        case .cannotSubmit(let gate, _): gate.summary
        case .reasonRequired: "请写明退回原因"
        }
    }
}
