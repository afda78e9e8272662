import Foundation

/// A decimal number as forms and reports hold them: exact, never binary floating point.
///
/// Nearly every value is at most 18 significant digits with a few decimal places, so it is kept as
/// an `Int64` and a decimal scale, where adding, comparing and writing cost a few nanoseconds.
/// Anything beyond that — a sum past 18 digits, a division that does not come out even — is kept
/// as Foundation's `Decimal` (38 digits), and every result equals what `Decimal` arithmetic gives.
/// Foundation's `Decimal` costs a microsecond per operation, which a city report with 600,000
/// cells pays many times over.
///
/// Invariant: `.fixed` whenever the value fits (mantissa in `Int64`, scale 0...18 after trailing
/// zeros are dropped); so a `.decimal` never equals a `.fixed`, and `==` and `hash` agree.
public struct Number: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        /// mantissa × 10^-scale, scale in 0...maxScale
        case fixed(Int64, Int)
        case decimal(Decimal)
    }

    @usableFromInline let storage: Storage

    public static let maxScale = 18

    @inlinable
    init(storage: Storage) { self.storage = storage }

    /// mantissa × 10^-scale; `scale` in 0...18.
    @inlinable
    public init(mantissa: Int64, scale: Int) {
        precondition((0...Number.maxScale).contains(scale), "scale out of range")
        storage = .fixed(mantissa, scale)
    }

    public init(_ n: Int) {
        storage = .fixed(Int64(n), 0)
    }

    /// The same value; kept as `Int64` and scale when it fits.
    public init(_ d: Decimal) {
        self = Number.fixed(from: d) ?? Number(storage: .decimal(d))
    }

    public static let zero = Number(mantissa: 0, scale: 0)

    /// The value as Foundation's `Decimal` (exact: 18 digits fit in its 38).
    public var decimal: Decimal {
        switch storage {
        case .decimal(let d): return d
        case .fixed(let m, let s):
            return Decimal(sign: m < 0 ? .minus : .plus, exponent: -s, significand: Decimal(m.magnitude))
        }
    }

    public var isZero: Bool {
        switch storage {
        case .fixed(let m, _): return m == 0
        case .decimal(let d): return d.isZero
        }
    }

    public var isNegative: Bool {
        switch storage {
        case .fixed(let m, _): return m < 0
        case .decimal(let d): return d < 0
        }
    }

    /// The integer part, for arguments such as `round(x, 2)`'s places; `nil` beyond `Int`.
    public var integer: Int? {
        switch storage {
        case .fixed(let m, let s): return Int(m / Number.powers[s])
        case .decimal(let d):
            let r = NSDecimalNumber(decimal: d)
            return abs(d) < 1_000_000_000_000 ? r.intValue : nil
        }
    }

    /// 10^0 … 10^18.
    @usableFromInline
    static let powers: [Int64] = (0...18).map { p in (0..<p).reduce(Int64(1)) { a, _ in a * 10 } }

    /// `m × 10^k`, `nil` when it does not fit.
    @inlinable
    static func scaleUp(_ m: Int64, by k: Int) -> Int64? {
        guard k > 0 else { return m }
        guard k <= maxScale else { return m == 0 ? 0 : nil }
        let (r, overflow) = m.multipliedReportingOverflow(by: powers[k])
        return overflow ? nil : r
    }

    /// `.fixed` for a `Decimal` that fits, dropping trailing zeros of the fraction. Read from its
    /// text, since `Decimal`'s mantissa is not public on every platform; only results of division
    /// and of overflowing sums come this way.
    static func fixed(from d: Decimal) -> Number? {
        guard d.isFinite else { return nil }
        if d.isZero { return .zero }
        // Most results that come this way (1/3, 2/7 …) have 38 digits: ruled out without text.
        var compact = d
        NSDecimalCompact(&compact)
        guard compact.exponent >= -maxScale else { return nil }
        var text = Array(d.description.utf8)
        let negative = text.first == UInt8(ascii: "-")
        if negative { text.removeFirst() }
        var scale = 0
        if let point = text.firstIndex(of: UInt8(ascii: ".")) {
            while text.last == UInt8(ascii: "0") { text.removeLast() }
            scale = text.count - point - 1
            text.remove(at: point)
        }
        guard scale <= maxScale else { return nil }
        var m: Int64 = 0
        for b in text {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }  // an exponent form
            let (r1, o1) = m.multipliedReportingOverflow(by: 10)
            let (r2, o2) = r1.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            m = r2
        }
        return Number(mantissa: negative ? -m : m, scale: scale)
    }
}
