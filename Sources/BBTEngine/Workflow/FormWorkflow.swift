import Foundation
import BBTTemplates

/// What can happen to a unit's form of a month.
public enum FormAction: String, Sendable, CaseIterable {
    /// Keep the values as a draft.
    case save
    /// Hand the form in to the office above; it is locked from then on.
    case submit
    /// The office above accepts a submitted form.
    case approve
    /// The office above sends a submitted or approved form back for correction, with a reason.
    case `return`
}

/// The life of a unit's form of one month — empty, draft, submitted, approved, returned — as one
/// model: who may move it, where it may go, when it is locked, what must hold before a submit, and
/// the periods its values are stored under. Pure: the routes load what it needs, call it, and store
/// what it decides.
public enum FormWorkflow {
    /// The longest 上报说明 a form keeps (characters).
    public static let explanationLimit = 1000

    /// A 上报说明 as a form keeps it: trimmed, `nil` when blank; refused when too long.
    public static func explanation(_ raw: String) -> Result<String?, FieldMessage> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= explanationLimit else { return .failure(FieldMessage("explanation", "上报说明不超过 \(explanationLimit) 字")) }
        return .success(text.isEmpty ? nil : text)
    }

    /// Submitted and approved forms cannot be edited until a reviewer returns them.
    public static func isLocked(_ status: FormStatus) -> Bool {
        status == .submitted || status == .approved
    }

    /// The status `action` leads to from `status`, or `nil` where it does not apply.
    public static func next(_ action: FormAction, from status: FormStatus) -> FormStatus? {
        switch action {
        case .save: isLocked(status) ? nil : .draft
        case .submit: isLocked(status) ? nil : .submitted
        case .approve: status == .submitted ? .approved : nil
        case .return: isLocked(status) ? .returned : nil
        }
    }

    /// Filling is for the unit's own filler; reviewing for a reviewer of an office above the unit
    /// (never the unit's own office, so nobody approves their own numbers).
    public static func may(_ actor: Actor, _ action: FormAction) -> Bool {
        switch action {
        case .save, .submit: actor.role == .filler && actor.relation == .own
        case .approve, .return: actor.role == .reviewer && actor.relation == .below
        }
    }

    /// Whether `actor` may take `action` now: 403 before 409, as the API answers.
    public static func decide(_ action: FormAction, from status: FormStatus, by actor: Actor) -> Result<FormStatus, FormRefusal> {
        guard may(actor, action) else { return .failure(.forbidden) }
        guard let next = next(action, from: status) else {
            return .failure(action == .save || action == .submit ? .locked(status) : .notApplicable(action, status))
        }
        return .success(next)
    }

    /// `true` when `actor` could take `action` on a form in `status`: what a page offers as a button.
    public static func allows(_ action: FormAction, from status: FormStatus, by actor: Actor) -> Bool {
        if case .success = decide(action, from: status, by: actor) { return true }
        return false
    }

    /// The periods a month's form stores values under: the month, and each quarter, half and year
    /// that ends with it (June holds its quarterly fields under 2023-Q2).
    public static func storagePeriods(of month: Period) -> [Period] {
        Frequency.allCases.map { month.containing($0) }.filter { $0.lastMonth == month }
    }

    /// The required entries of `form` for which `has` finds no value.
    public static func missing(in form: OneForm, has: (OneForm.Entry) -> Bool) -> [OneForm.Entry] {
        form.entries.filter { !$0.field.optional && !has($0) }
    }
}

/// A refused value is an error of its own where one value is checked alone (`FormWorkflow.explanation`).
extension FieldMessage: Error {}
