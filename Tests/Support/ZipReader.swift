import BBTSheet

/// ZIP archives read back in tests through the product's own reader (BBTSheet's `ZipArchive`):
/// every entry inflated and its CRC-32 checked, as a spreadsheet program would unpack them.
public enum ZipReader {
    public struct Entry {
        public let name: String
        public let data: [UInt8]
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public static func read(_ bytes: [UInt8]) throws -> [Entry] {
        let zip = try ZipArchive(bytes)
        return try zip.entries.map { Entry(name: $0.name, data: try zip.data($0)) }
    }

    /// A raw deflate stream inflated, `size` bytes at most.
    public static func inflate(_ input: [UInt8], size: Int) throws -> [UInt8] {
        try ZipArchive.inflate(input[...], limit: size, name: "deflate")
    }
}
