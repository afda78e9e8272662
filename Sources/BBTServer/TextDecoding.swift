#if canImport(Glibc)
import Glibc
#endif

/// The text of a department's file: UTF-8 (with or without a BOM), or GB18030, which Excel writes
/// on a Chinese Windows and Foundation on Linux cannot read (glibc's iconv can).
enum TextDecoding {
    /// UTF-8 when the bytes are UTF-8, else GB18030; `nil` when they are neither.
    static func decode(_ bytes: [UInt8]) -> String? {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return text }
        return gb18030(body)
    }

    static func gb18030(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // A GB18030 character of 2 bytes is 3 in UTF-8, one of 4 is 4: twice the size always suffices.
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 4)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPtr: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
