/// Why a spreadsheet could not be read, in words for the admin who uploaded it.
public struct SheetError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
