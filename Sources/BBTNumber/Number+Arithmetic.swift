import Foundation

// Every operation takes the `Int64` path when both sides are `.fixed` and the result fits, and
// otherwise does exactly what `Decimal` does.

extension Number {
    @inlinable
    public static func + (a: Number, b: Number) -> Number {
        if case .fixed(let x, let s) = a.storage, case .fixed(let y, let t) = b.storage,
           let (x, y, scale) = aligned(x, s, y, t) {
            let (r, overflow) = x.addingReportingOverflow(y)
            if !overflow { return Number(storage: .fixed(r, scale)) }
        }
        return Number(a.decimal + b.decimal)
    }

    @inlinable
    public static func - (a: Number, b: Number) -> Number {
        if case .fixed(let x, let s) = a.storage, case .fixed(let y, let t) = b.storage,
           let (x, y, scale) = aligned(x, s, y, t) {
            let (r, overflow) = x.subtractingReportingOverflow(y)
            if !overflow { return Number(storage: .fixed(r, scale)) }
        }
        return Number(a.decimal - b.decimal)
    }

    @inlinable
    public static func * (a: Number, b: Number) -> Number {
        if case .fixed(let x, let s) = a.storage, case .fixed(let y, let t) = b.storage, s + t <= maxScale {
            let (r, overflow) = x.multipliedReportingOverflow(by: y)
            if !overflow { return Number(storage: .fixed(r, s + t)) }
        }
        return Number(a.decimal * b.decimal)
    }

    /// As `Decimal` divides (38 significant digits); the caller rules out division by zero.
    /// A quotient that comes out even within 18 places (an average of whole numbers, say) is
    /// found in integers first.
    public static func / (a: Number, b: Number) -> Number {
        precondition(!b.isZero, "division by zero")
        if case .fixed(let x, let s) = a.storage, case .fixed(let y, let t) = b.storage,
           let exact = exactQuotient(x, s, y, t) {
            return exact
        }
        return Number(a.decimal / b.decimal)
    }

    /// (x·10^-s) / (y·10^-t) as `.fixed` with the fewest places, when it has at most 18.
    static func exactQuotient(_ x: Int64, _ s: Int, _ y: Int64, _ t: Int) -> Number? {
        // x/y has a finite decimal expansion only if y, once reduced, has no factors but 2 and 5.
        var a = x.magnitude, b = y.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        var rest = y.magnitude / a
        while rest % 2 == 0 { rest /= 2 }
        while rest % 5 == 0 { rest /= 5 }
        guard rest == 1 else { return nil }
        // q · 10^-p = x·10^(t-s) / y, so q = x · 10^(p + t - s) / y, exactly.
        for p in 0...maxScale {
            let k = p + t - s
            var numerator = Int128(x)
            var denominator = Int128(y)
            if k >= 0 {
                guard k <= 36 else { return nil }
                let (n, overflow) = numerator.multipliedReportingOverflow(by: int128Powers[k])
                // A larger numerator only makes the quotient larger: it cannot fit any more.
                if overflow { return nil }
                numerator = n
            } else {
                denominator *= int128Powers[-k]  // |y| < 2^63 and -k ≤ 18: fits
            }
            let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
            if r == 0 {
                guard let m = Int64(exactly: q) else { return nil }
                return Number(storage: .fixed(m, p))
            }
        }
        return nil
    }

    static let int128Powers: [Int128] = (0...36).map { p in (0..<p).reduce(Int128(1)) { a, _ in a * 10 } }

    public static prefix func - (a: Number) -> Number {
        if case .fixed(let x, let s) = a.storage, x != .min { return Number(storage: .fixed(-x, s)) }
        return Number(-a.decimal)
    }

    public static func += (a: inout Number, b: Number) { a = a + b }

    public var magnitude: Number { isNegative ? -self : self }

    /// Both mantissas at the larger scale; `nil` when one does not fit.
    @inlinable
    static func aligned(_ x: Int64, _ s: Int, _ y: Int64, _ t: Int) -> (Int64, Int64, Int)? {
        if s == t { return (x, y, s) }
        if s < t {
            guard let x = scaleUp(x, by: t - s) else { return nil }
            return (x, y, t)
        }
        guard let y = scaleUp(y, by: s - t) else { return nil }
        return (x, y, s)
    }
}

extension Number: Comparable, Hashable {
    @inlinable
    public static func < (a: Number, b: Number) -> Bool { compare(a, b) < 0 }

    @inlinable
    public static func == (a: Number, b: Number) -> Bool { compare(a, b) == 0 }

    /// -1, 0 or 1.
    @inlinable
    public static func compare(_ a: Number, _ b: Number) -> Int {
        if case .fixed(let x, let s) = a.storage, case .fixed(let y, let t) = b.storage,
           let (x, y, _) = aligned(x, s, y, t) {
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        let (p, q) = (a.decimal, b.decimal)
        return p < q ? -1 : (p == q ? 0 : 1)
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .fixed(let m, let s):
            let (m, s) = Number.trimmed(m, s)
            hasher.combine(m)
            hasher.combine(s)
        case .decimal(let d):
            hasher.combine(d)
        }
    }

    /// Without trailing zeros in the fraction: (1250, 2) → (125, 1).
    @inlinable
    static func trimmed(_ m: Int64, _ s: Int) -> (Int64, Int) {
        var (m, s) = (m, s)
        if m == 0 { return (0, 0) }
        while s > 0 && m % 10 == 0 {
            m /= 10
            s -= 1
        }
        return (m, s)
    }
}

extension Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) {
        self.init(mantissa: value, scale: 0)
    }
}

extension Number {
    /// Rounded half away from zero (四舍五入) to `places` decimal places (negative: tens, hundreds…).
    public func rounded(places: Int) -> Number {
        if case .fixed(let m, let s) = storage {
            if s <= places { return self }
            if places >= 0 && s - places <= Number.maxScale {
                let p = Number.powers[s - places]
                var q = m / p
                let r = m % p
                if r.magnitude * 2 >= p.magnitude { q += m < 0 ? -1 : 1 }
                return Number(storage: .fixed(q, places))
            }
        }
        var value = decimal
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return Number(result)
    }

    /// Decimal places the value needs (`12.50` → 1, `3` → 0).
    public var places: Int {
        switch storage {
        case .fixed(let m, let s): return Number.trimmed(m, s).1
        case .decimal:
            // Plain text has no trailing zeros in the fraction.
            let text = plainText
            guard let point = text.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
            return text.utf8.distance(from: point, to: text.utf8.endIndex) - 1
        }
    }
}
