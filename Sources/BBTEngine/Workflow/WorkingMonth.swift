extension FormWorkflow {
    /// The month a unit works on: the one after its last locked (submitted or approved) form, or the
    /// current month for a unit that has none. A returned form is not done.
    public static func workingMonth(lastLocked: Period?, current: Period) -> Period {
        lastLocked?.next ?? current
    }
}
