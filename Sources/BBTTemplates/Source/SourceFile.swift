/// One template file as the compiler sees it: its path (relative to the templates folder) and text.
///
/// Positions inside it are UTF-8 byte offsets; line and column are computed only when a diagnostic is
/// printed, with the column counted in Unicode scalars so that a Chinese character is one column.
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// Line and column (both from 1) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let offset = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // An offset inside a multi-byte scalar belongs to that scalar.
        if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { column -= 1 }
        return SourceLocation(line: lo + 1, column: column)
    }

    /// The text of a line (from 1), without its line break.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func slice(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public var description: String { "\(line):\(column)" }
}

/// A range of bytes in one file of a `TemplateSources` set.
public struct SourceSpan: Sendable, Hashable {
    public let file: Int
    public let start: Int
    public let end: Int

    public init(file: Int, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    func to(_ other: SourceSpan) -> SourceSpan { SourceSpan(file: file, start: start, end: other.end) }
}

/// The files of one catalog, in path order.
public struct TemplateSources: Sendable {
    public let files: [SourceFile]

    public init(_ files: [SourceFile]) {
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    public func location(of span: SourceSpan) -> (path: String, location: SourceLocation) {
        let file = files[span.file]
        return (file.path, file.location(of: span.start))
    }
}
