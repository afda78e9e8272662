/// What a field of the form shows before the filler types: the saved value, else what a department
/// supplied (to be checked), else the value carried from the last period (`carry` fields). The page,
/// its script and the rules a page runs on what it shows all follow this one order.
public enum ShownValue {
    public enum Origin: String, Sendable, Equatable {
        case saved, supplied, carried
    }

    public static func of(stored: Value?, provided: Value?, carried: Value?) -> (value: Value?, origin: Origin?) {
        if let stored { return (stored, .saved) }
        if let provided { return (provided, .supplied) }
        if let carried { return (carried, .carried) }
        return (nil, nil)
    }

    /// The values a form's rules see as it is shown: saved ones, and supplied ones not yet saved.
    /// Carried values are only a suggestion and are not checked until saved.
    public static func checked(stored: [String: Value], provided: [String: Value]) -> [String: Value] {
        provided.merging(stored) { _, saved in saved }
    }

}
