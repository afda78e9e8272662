/// A libxml2 failure, turned into a Swift error at the call that failed.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

import CLibXML2

/// libxml2 must be initialised once before threads use it; a Swift `static let` runs exactly once.
enum LibXML {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() { _ = initialized }
}
