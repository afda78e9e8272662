import Foundation

extension Number: CustomStringConvertible {
    public var description: String { plainText }

    /// Plain decimal text, as report files write numbers: `1234`, `12.5`, `-0.25` (no exponent,
    /// no trailing zeros in the fraction).
    public var plainText: String {
        switch storage {
        case .fixed(let m, let s):
            let (m, s) = Number.trimmed(m, s)
            return Number.text(m, s)
        case .decimal(let d):
            let text = d.description
            guard text.contains(where: { $0 == "E" || $0 == "e" }) else { return text }
            return NSDecimalNumber(decimal: d).stringValue
        }
    }

    /// Rounded to `places` (half away from zero), as plain text.
    public func plainText(places: Int) -> String {
        rounded(places: places).plainText
    }

    /// Appends `plainText` to UTF-8 bytes (rounded to `places` first, if given) with no string
    /// in between: how a sheet of 600,000 numbers is written.
    public func appendPlainText(places: Int? = nil, to bytes: inout [UInt8]) {
        let n = places.map { rounded(places: $0) } ?? self
        guard case .fixed(let m, let s) = n.storage else {
            bytes.append(contentsOf: n.plainText.utf8)
            return
        }
        let (mantissa, scale) = Number.trimmed(m, s)
        Number.withDigits(mantissa, scale) { bytes.append(contentsOf: $0) }
    }

    static func text(_ m: Int64, _ s: Int) -> String {
        withDigits(m, s) { digits in
            String(unsafeUninitializedCapacity: digits.count) { out in
                for (i, b) in digits.enumerated() { out[i] = b }
                return digits.count
            }
        }
    }

    /// The plain text of m × 10^-s, written backwards into a buffer on the stack: at most 21 bytes
    /// (sign, 19 digits, point), which also keeps the resulting string inline, unallocated.
    static func withDigits<R>(_ m: Int64, _ s: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            let buf = raw.bindMemory(to: UInt8.self)
            var digits = m.magnitude
            var i = buf.count
            var produced = 0
            repeat {
                if produced == s && s > 0 {
                    i -= 1
                    buf[i] = UInt8(ascii: ".")
                }
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
                produced += 1
            } while digits > 0 || produced <= s
            if m < 0 {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            }
            return body(UnsafeBufferPointer(rebasing: buf[i...]))
        }
    }
}

extension Number {
    /// A number from plain text (`-12.50`, `3`): an optional minus, digits, an optional fraction;
    /// at most 18 digits. `nil` for anything else.
    public init?(plain text: String) {
        self.init(plainUTF8: text.utf8)
    }

    /// The same, from UTF-8 bytes (a slice of a file, say). Inlinable, so that it is specialised
    /// for the caller's collection.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(plainUTF8 text: Bytes) {
        var negative = false
        var digits: Int64 = 0
        var count = 0
        var scale = 0
        var seenPoint = false
        var first = true
        var lastWasPoint = false
        for b in text {
            lastWasPoint = false
            switch b {
            case UInt8(ascii: "-") where first:
                negative = true
            case UInt8(ascii: "."):
                guard !seenPoint, count > 0 else { return nil }
                seenPoint = true
                lastWasPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                count += 1
                guard count <= 18 else { return nil }
                digits = digits * 10 + Int64(b - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
            default:
                return nil
            }
            first = false
        }
        guard count > 0, !lastWasPoint else { return nil }
        self.init(mantissa: negative ? -digits : digits, scale: scale)
    }

    /// A number in JSON's syntax (`-1.5e3` included), exact. `nil` for anything else and for
    /// magnitudes `Decimal` cannot hold.
    public init?(_ text: String) {
        if let n = Number(plain: text) {
            self = n
            return
        }
        guard Number.isJSONNumber(text),
              let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), d.isFinite else { return nil }
        self.init(d)
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`, the shape JSON and the template language share.
    static func isJSONNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }
}

/// Through Foundation's encoder a `Decimal`, exact; the API's own encoder writes `plainText`.
extension Number: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Decimal(string: plainText) ?? 0)
    }
}
