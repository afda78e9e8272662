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
    public static func / (a: Number, b: Number) -> Number {
        precondition(!b.isZero, "division by zero")
        return Number(a.decimal / b.decimal)
    }

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
