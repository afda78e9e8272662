import Foundation

extension Timestamp {
    /// An instant as the store writes it (`2023-07-03T01:30:00Z`) as a person in China reads it, to
    /// the minute: `2023-07-03 09:30`. `nil` for text that is not an instant.
    public static func chinaMinute(_ iso: String) -> String? {
        guard let date = date(iso) else { return nil }
        let local = Timestamp.iso(date, offsetSeconds: china)  // 2023-07-03T09:30:00+08:00
        return local.prefix(10) + " " + local.dropFirst(11).prefix(5)
    }
}
