import BBTNumber
import BBTEngine
import BBTTemplates
import Foundation

/// A user of the service. Passwords exist only as salted slow hashes.
public struct UserRecord: Sendable, Equatable {
    public typealias Role = UserRole

    public let username: String
    public let passwordHash: String
    public let role: Role
    public let unit: String
    /// For a provider: the `source` ID whose fields it supplies.
    public let source: String?
    /// A disabled account cannot log in, and its sessions are gone.
    public let disabled: Bool
    /// The password was set by an admin: nothing but changing it until it is changed.
    public let mustChangePassword: Bool

    public init(username: String, passwordHash: String, role: Role, unit: String, source: String? = nil,
                disabled: Bool = false, mustChangePassword: Bool = false) {
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.unit = unit
        self.source = source
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
    }
}

/// A change made by an admin (users, units, templates): who, when, what.
public struct AdminAuditEntry: Sendable, Equatable {
    public let at: Instant
    public let user: String
    public let action: String
    public let target: String
    public let detail: String

    public init(at: Instant, user: String, action: String, target: String, detail: String) {
        self.at = at
        self.user = user
        self.action = action
        self.target = target
        self.detail = detail
    }
}

/// One stored value: a field of a unit for the period it belongs to.
public struct StoredValue: Sendable, Equatable {
    public let unit: String
    public let field: String
    public let period: Period
    public let value: Value

    public init(unit: String, field: String, period: Period, value: Value) {
        self.unit = unit
        self.field = field
        self.period = period
        self.value = value
    }
}

/// A change to the values or the status of a form: who, when, what, from what to what.
public struct AuditEntry: Sendable, Equatable {
    public let at: Instant
    public let user: String
    public let unit: String
    public let month: Period
    public let action: String
    public let field: String?
    public let period: Period?
    public let old: String?
    public let new: String?

    public init(at: Instant, user: String, unit: String, month: Period, action: String, field: String?, period: Period?,
                old: String?, new: String?) {
        self.at = at
        self.user = user
        self.unit = unit
        self.month = month
        self.action = action
        self.field = field
        self.period = period
        self.old = old
        self.new = new
    }
}

/// A published set of template files.
public struct TemplateVersion: Sendable {
    public let version: Int
    public let files: [String: String]
    public let publishedAt: Instant
    public let publishedBy: String

    public init(version: Int, files: [String: String], publishedAt: Instant, publishedBy: String) {
        self.version = version
        self.files = files
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
    }
}

/// The result of saving a form with an expected version.
public enum SaveOutcome: Sendable, Equatable {
    case saved(version: Int)
    /// Someone else saved first; nothing was written.
    case conflict(current: Int)
}

/// A form save: the values that change (nil: cleared) and the status after it.
public struct FormSave: Sendable {
    public let unit: String
    public let month: Period
    public let expectedVersion: Int
    /// Each (field, period) once: a value given twice is an earlier and a later state of one field.
    public let values: [(field: String, period: Period, value: Value?)]
    public let status: FormStatus
    public let user: String
    public let at: Instant
    public let reason: String?
    /// Reasons for values that differ from a department's, stored with the form.
    public let corrections: [Correction]
    /// The form's 上报说明 after this save (`FormStep.explanation`); a change is audited.
    public let explanation: String?

    public init(unit: String, month: Period, expectedVersion: Int, values: [(field: String, period: Period, value: Value?)],
                status: FormStatus, user: String, at: Instant, reason: String? = nil, corrections: [Correction] = [],
                explanation: String? = nil) {
        self.explanation = explanation
        self.corrections = corrections
        self.unit = unit
        self.month = month
        self.expectedVersion = expectedVersion
        self.values = values
        self.status = status
        self.user = user
        self.at = at
        self.reason = reason
    }
}

extension Value {
    /// How a value is kept in storage and shown in the audit trail: exact decimal text, `true`/`false`,
    /// `YYYY-MM-DD`, or the text itself; `kind` tells them apart.
    public var storage: (kind: String, text: String) {
        switch self {
        case .number: ("number", plainText)
        case .text: ("text", plainText)
        case .bool: ("bool", plainText)
        case .date: ("date", plainText)
        }
    }

    public init?(kind: String, text: String) {
        switch kind {
        case "number":
            guard let d = Number(text) else { return nil }
            self = .number(d)
        case "text": self = .text(text)
        case "bool": self = .bool(text == "true")
        case "date":
            guard let d = LocalDate(text) else { return nil }
            self = .date(d)
        default: return nil
        }
    }
}

/// A value a department supplied, as stored: never in `form_values`, so it cannot overwrite what a
/// community saved.
public struct StoredProvided: Sendable, Equatable {
    public let unit: String
    public let field: String
    public let period: Period
    public let source: String
    public let value: Value
    public let at: Instant

    public init(unit: String, field: String, period: Period, source: String, value: Value, at: Instant) {
        self.unit = unit
        self.field = field
        self.period = period
        self.source = source
        self.value = value
        self.at = at
    }
}

/// One upload of a source's values, stored all or nothing.
public struct ProvideBatch: Sendable {
    public let source: String
    public let user: String
    public let at: Instant
    public let values: [(unit: String, field: String, period: Period, value: Value)]

    public init(source: String, user: String, at: Instant, values: [(unit: String, field: String, period: Period, value: Value)]) {
        self.source = source
        self.user = user
        self.at = at
        self.values = values
    }
}

/// What an upload did: values new or changed, values already there, and values that differ from
/// what the community has saved (the community's value stays).
public struct ProvideOutcome: Sendable, Equatable {
    public struct Conflict: Sendable, Equatable {
        public let unit: String
        public let field: String
        public let period: Period
        public let provided: Value
        public let value: Value

        public init(unit: String, field: String, period: Period, provided: Value, value: Value) {
            self.unit = unit
            self.field = field
            self.period = period
            self.provided = provided
            self.value = value
        }
    }

    public let stored: Int
    public let unchanged: Int
    public let conflicts: [Conflict]

    public init(stored: Int, unchanged: Int, conflicts: [Conflict]) {
        self.stored = stored
        self.unchanged = unchanged
        self.conflicts = conflicts
    }
}

/// A community's reason for a value that differs from the one its department supplied.
public struct StoredCorrection: Sendable, Equatable {
    public let unit: String
    public let field: String
    public let period: Period
    public let reason: String
    public let user: String
    public let at: Instant

    public init(unit: String, field: String, period: Period, reason: String, user: String, at: Instant) {
        self.unit = unit
        self.field = field
        self.period = period
        self.reason = reason
        self.user = user
        self.at = at
    }
}

/// One unit's form of a month as the store holds it (`Store.formSnapshot`).
public struct FormSnapshot: Sendable, Equatable {
    public let values: [StoredValue]
    public let provided: [StoredProvided]
    public let corrections: [StoredCorrection]
    public let state: FormState
    /// The values rules with time functions read (`historyFields` under `historyPeriods`).
    public let history: [StoredValue]

    public init(values: [StoredValue], provided: [StoredProvided], corrections: [StoredCorrection], state: FormState,
                history: [StoredValue] = []) {
        self.history = history
        self.values = values
        self.provided = provided
        self.corrections = corrections
        self.state = state
    }
}

/// A unit as stored: its parent by code, and the months it exists in (open when `nil`).
public struct StoredUnit: Sendable, Equatable {
    public let code: String
    public let name: String
    public let level: Level
    public let parent: String?
    public let from: Month?
    public let until: Month?

    public init(code: String, name: String, level: Level, parent: String?, from: Month?, until: Month?) {
        self.code = code
        self.name = name
        self.level = level
        self.parent = parent
        self.from = from
        self.until = until
    }
}

/// A unit renamed or moved from a month on.
public struct StoredUnitChange: Sendable, Equatable {
    public let code: String
    public let from: Month
    public let name: String?
    public let parent: String?

    public init(code: String, from: Month, name: String?, parent: String?) {
        self.code = code
        self.from = from
        self.name = name
        self.parent = parent
    }
}

extension UnitTree {
    /// The tree of stored units (by code) with their months and their renames and moves.
    public static func stored(_ units: [StoredUnit], changes: [StoredUnitChange]) -> UnitTree {
        var index: [String: Int] = [:]
        for (i, u) in units.enumerated() { index[u.code] = i }
        return UnitTree(
            units: units.map { OrgUnit(code: $0.code, name: $0.name, level: $0.level, parent: $0.parent.flatMap { index[$0] }) },
            spans: units.map { UnitSpan(from: $0.from?.number, until: $0.until?.number) },
            changes: changes.compactMap { c in
                guard let u = index[c.code] else { return nil }
                return UnitChange(unit: u, from: c.from.number, name: c.name, parent: c.parent.flatMap { index[$0] })
            })
    }
}
