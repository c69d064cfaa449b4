import Foundation

/// Special functions and exact tests for counts, written here (a few dozen lines each)
/// rather than pulling in a numerics package: log-gamma is the C library's `lgamma`, the
/// rest is built on it. Each is tested against SciPy reference values.
public enum ExactStatistics {
    /// ln Γ(x), from the C library.
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// ln C(n, k).
    public static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        return logGamma(Double(n + 1)) - logGamma(Double(k + 1)) - logGamma(Double(n - k + 1))
    }

    /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction.
    public static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let front = exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log(1 - x))
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use symmetry otherwise.
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(b, a, 1 - x) }
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...500 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return front * f / a
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func binomialCDF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return 1 - incompleteBeta(Double(k + 1), Double(n - k), p)
    }

    /// The Clopper–Pearson ("exact") interval for a binomial proportion.
    public static func clopperPearson(successes k: Int, trials n: Int, level: Double = 0.95) -> ClosedRange<Double>? {
        guard n > 0, (0...n).contains(k) else { return nil }
        let alpha = 1 - level
        let lower = k == 0 ? 0 : inverseIncompleteBeta(Double(k), Double(n - k + 1), alpha / 2)
        let upper = k == n ? 1 : inverseIncompleteBeta(Double(k + 1), Double(n - k), 1 - alpha / 2)
        return lower...upper
    }

    /// x with I_x(a, b) = target, by bisection (monotone in x).
    static func inverseIncompleteBeta(_ a: Double, _ b: Double, _ target: Double) -> Double {
        var low = 0.0
        var high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if incompleteBeta(a, b, mid) < target { low = mid } else { high = mid }
            if high - low < 1e-15 { break }
        }
        return (low + high) / 2
    }

    /// Two-sided exact binomial test of p = p0: the probability of outcomes no more likely
    /// than the one observed (the method of R's binom.test and SciPy's binomtest).
    public static func binomialTestTwoSided(successes k: Int, trials n: Int, p0: Double) -> Double {
        guard n > 0 else { return 1 }
        let logP: (Int) -> Double = { x in logChoose(n, x) + Double(x) * log(p0) + Double(n - x) * log1p(-p0) }
        if p0 <= 0 { return k == 0 ? 1 : 0 }
        if p0 >= 1 { return k == n ? 1 : 0 }
        let observed = logP(k)
        var total = 0.0
        for x in 0...n where logP(x) <= observed + 1e-7 * abs(observed) + 1e-12 { total += exp(logP(x)) }
        return min(1, total)
    }

    /// A ratio of two Poisson rates with an exact conditional interval and p-value, as R's
    /// `poisson.test(c(x1, x2), c(t1, t2))`.
    public struct RateRatio: Codable, Sendable, Equatable {
        /// The two sides' counts and exposures (for shares: hits and articles), as given.
        public var count1: Int, exposure1: Double, count2: Int, exposure2: Double
        /// (count1/exposure1) / (count2/exposure2); nil when count2 is 0 (infinite).
        public var ratio: Double?
        /// Lower end of the exact interval (95% by default).
        public var lower: Double
        /// nil: unbounded.
        public var upper: Double?
        /// Two-sided exact p-value for a ratio of 1 (no change).
        public var pValue: Double
    }

    /// Compares rate 1 with rate 2 (after with before): nil when an exposure is not positive
    /// or a count is negative.
    public static func rateRatio(
        count1 x1: Int, exposure1 t1: Double, count2 x2: Int, exposure2 t2: Double, level: Double = 0.95
    ) -> RateRatio? {
        guard t1 > 0, t2 > 0, x1 >= 0, x2 >= 0 else { return nil }
        let n = x1 + x2
        let p0 = t1 / (t1 + t2)
        let toRatio: (Double) -> Double? = { p in p >= 1 ? nil : p / (1 - p) * t2 / t1 }
        let interval = clopperPearson(successes: x1, trials: n, level: level) ?? (0...1)
        return RateRatio(
            count1: x1, exposure1: t1, count2: x2, exposure2: t2,
            ratio: x2 == 0 ? nil : (Double(x1) / t1) / (Double(x2) / t2),
            lower: toRatio(interval.lowerBound) ?? 0, upper: toRatio(interval.upperBound),
            pValue: n == 0 ? 1 : binomialTestTwoSided(successes: x1, trials: n, p0: p0))
    }

    /// Fisher's exact test of a 2×2 table [[a, b], [c, d]], with the conditional maximum
    /// likelihood odds ratio and its exact interval (R's `fisher.test`).
    public struct FisherResult: Codable, Sendable, Equatable {
        /// The table tested, `[[a, b], [c, d]]`.
        public var table: [[Int]]
        /// Two-sided exact p-value for an odds ratio of 1.
        public var pValue: Double
        /// Conditional MLE; nil when infinite.
        public var oddsRatio: Double?
        /// Lower end of the odds ratio's exact interval.
        public var lower: Double
        /// nil: unbounded.
        public var upper: Double?
        /// False when a margin is zero: every odds ratio fits the table equally.
        public var estimable: Bool
    }

    /// Tests the table `[[a, b], [c, d]]`: for a frame, with and without it, before and after.
    public static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int, level: Double = 0.95) -> FisherResult {
        let row1 = a + b
        let col1 = a + c
        let total = a + b + c + d
        let lowX = max(0, row1 + col1 - total)
        let highX = min(row1, col1)
        let support = Array(lowX...highX)
        let logBase = support.map { logChoose(col1, $0) + logChoose(total - col1, row1 - $0) }
        // Probabilities under odds ratio ψ (log-sum-exp for stability).
        func probabilities(_ logPsi: Double) -> [Double] {
            let logs = zip(support, logBase).map { $1 + Double($0) * logPsi }
            let top = logs.max() ?? 0
            let weights = logs.map { exp($0 - top) }
            let sum = weights.reduce(0, +)
            return weights.map { $0 / sum }
        }
        let null = probabilities(0)
        let observed = null[a - lowX]
        let p = support.indices.filter { null[$0] <= observed * (1 + 1e-7) }.reduce(0.0) { $0 + null[$1] }
        func mean(_ logPsi: Double) -> Double {
            zip(support, probabilities(logPsi)).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        func upperTail(_ logPsi: Double) -> Double { probabilities(logPsi)[(a - lowX)...].reduce(0, +) }
        func lowerTail(_ logPsi: Double) -> Double { probabilities(logPsi)[...(a - lowX)].reduce(0, +) }
        func solve(_ f: (Double) -> Double, _ target: Double, increasing: Bool) -> Double {
            var low = -60.0
            var high = 60.0
            for _ in 0..<200 {
                let mid = (low + high) / 2
                if (f(mid) < target) == increasing { low = mid } else { high = mid }
            }
            return exp((low + high) / 2)
        }
        let alpha = 1 - level
        // A single possible table (a margin is zero): no information on the odds ratio.
        guard lowX < highX else {
            return FisherResult(
                table: [[a, b], [c, d]], pValue: 1, oddsRatio: nil, lower: 0, upper: nil, estimable: false)
        }
        let estimate: Double? = a == highX ? nil : (a == lowX ? 0 : solve(mean, Double(a), increasing: true))
        let lower = a == lowX ? 0 : solve(upperTail, alpha / 2, increasing: true)
        let upper: Double? = a == highX ? nil : solve(lowerTail, alpha / 2, increasing: false)
        return FisherResult(
            table: [[a, b], [c, d]], pValue: min(1, p), oddsRatio: estimate, lower: lower, upper: upper, estimable: true
        )
    }

    /// Survival function of the chi-square distribution with one degree of freedom.
    public static func chiSquare1Survival(_ x: Double) -> Double {
        x <= 0 ? 1 : erfc((x / 2).squareRoot())
    }
}
