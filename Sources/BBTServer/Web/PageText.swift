import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// How pages say times and people.
extension WebRoutes {
    /// An ISO timestamp as a time in China: `2023-07-03 09:30`.
    static func chinaTime(_ iso: String) -> String {
        guard let date = Timestamp.date(iso) else { return iso }
        let china = Generated(date).china
        return String(china.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// Who did something, as a page shows it: the service itself and the demo data are not people.
    static func person(_ username: String) -> String {
        switch username {
        case "system": "系统 (首次发布)"
        case "seed": "演示数据"
        default: username
        }
    }

    /// The day of an ISO timestamp in China.
    static func chinaDate(_ iso: String) -> String {
        guard let date = Timestamp.date(iso) else { return String(iso.prefix(10)) }
        return Timestamp.day(date, offsetSeconds: Timestamp.china).description
    }
}
