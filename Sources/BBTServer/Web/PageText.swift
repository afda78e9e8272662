import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// How pages say times and people.
extension WebRoutes {
    /// Who did something, as a page shows it: the service itself and the demo data are not people.
    static func person(_ username: String) -> String {
        switch username {
        case "system": "系统 (首次发布)"
        case "seed": "演示数据"
        default: username
        }
    }
}
