import Foundation

/// Which association measure ranks the terms of a keyness table.
public enum KeynessMeasure: String, Sendable, Codable, CaseIterable {
    /// The likelihood-ratio statistic G² (quanteda's `lr`), the default.
    case g2
    /// Pearson's χ² on the 2×2 table.
    case chi2
    /// Pointwise mutual information of term and target, in nats.
    case pmi
    /// Hardie's log ratio: the binary log of the ratio of relative frequencies (an effect size).
    case logratio
}

/// A continuity correction of the 2×2 statistics.
public enum KeynessCorrection: String, Sendable, Codable, CaseIterable {
    /// None: the statistics as they are.
    case none
    /// Yates: each observed cell moved half a count towards its expectation.
    case yates
    /// Williams: G² divided by Williams's q (G² only; χ² is left as it is).
    case williams
}

/// The 2×2 statistics of keyness, as quanteda's `textstat_keyness` defines them.
///
/// The table of one term: `a` its count in the target, `b` in the reference, `c` and `d` every
/// other token of the target and of the reference. G² and χ² are **signed**: negative when the
/// term is rarer in the target than expected, so one sorted list shows both directions.
public enum KeynessStatistics {
    /// The four cells and what independence expects of them.
    struct Table {
        var observed: [Double]
        var expected: [Double]
        var n: Double

        init(a: Int, b: Int, targetTokens: Int, referenceTokens: Int) {
            let cells = [a, b, targetTokens - a, referenceTokens - b].map { Double(max(0, $0)) }
            n = cells.reduce(0, +)
            let rows = [cells[0] + cells[1], cells[2] + cells[3]]
            let columns = [cells[0] + cells[2], cells[1] + cells[3]]
            observed = cells
            expected =
                n > 0
                ? [
                    rows[0] * columns[0] / n, rows[0] * columns[1] / n, rows[1] * columns[0] / n,
                    rows[1] * columns[1] / n,
                ]
                : [0, 0, 0, 0]
        }

        /// Observed counts moved half a count towards the expectation (never past it).
        var yates: [Double] {
            zip(observed, expected).map { o, e in o > e ? max(e, o - 0.5) : min(e, o + 0.5) }
        }

        /// +1 when the term is at least as frequent in the target as expected, else −1.
        var sign: Double { observed[0] >= expected[0] ? 1 : -1 }
    }

    /// Signed G² (likelihood ratio) of a term, with an optional correction.
    public static func g2(
        a: Int, b: Int, targetTokens: Int, referenceTokens: Int, correction: KeynessCorrection = .none
    ) -> Double {
        let table = Table(a: a, b: b, targetTokens: targetTokens, referenceTokens: referenceTokens)
        guard table.n > 0 else { return 0 }
        let cells = correction == .yates ? table.yates : table.observed
        var g = 0.0
        for (o, e) in zip(cells, table.expected) where o > 0 && e > 0 { g += o * log(o / e) }
        g *= 2
        if correction == .williams {
            let o = table.observed
            let n = table.n
            let rows = [o[0] + o[1], o[2] + o[3]]
            let columns = [o[0] + o[2], o[1] + o[3]]
            if rows.allSatisfy({ $0 > 0 }) && columns.allSatisfy({ $0 > 0 }) {
                let q = 1 + (n / rows[0] + n / rows[1] - 1) * (n / columns[0] + n / columns[1] - 1) / (6 * n)
                g /= q
            }
        }
        return table.sign * max(0, g)
    }

    /// Signed Pearson χ² of a term, with Yates's correction if asked (Williams's applies to G² only).
    public static func chi2(
        a: Int, b: Int, targetTokens: Int, referenceTokens: Int, correction: KeynessCorrection = .none
    ) -> Double {
        let table = Table(a: a, b: b, targetTokens: targetTokens, referenceTokens: referenceTokens)
        guard table.n > 0 else { return 0 }
        var x = 0.0
        for (o, e) in zip(table.observed, table.expected) where e > 0 {
            let difference = correction == .yates ? max(0, abs(o - e) - 0.5) : abs(o - e)
            x += difference * difference / e
        }
        return table.sign * x
    }

    /// Log ratio (base 2) of the term's relative frequencies, target over reference, with half a
    /// count added to each cell so that a term absent from one side gives a finite value.
    public static func logRatio(a: Int, b: Int, targetTokens: Int, referenceTokens: Int) -> Double {
        let target = (Double(a) + 0.5) / (Double(targetTokens) + 1)
        let reference = (Double(b) + 0.5) / (Double(referenceTokens) + 1)
        return log2(target / reference)
    }

    /// Pointwise mutual information of the term and the target, `ln(a·N / ((a+b)·T))`, with half a
    /// count added to each cell (finite for a term absent from the target).
    public static func pmi(a: Int, b: Int, targetTokens: Int, referenceTokens: Int) -> Double {
        let a = Double(a) + 0.5
        let b = Double(b) + 0.5
        let t = Double(targetTokens) + 1
        let n = t + Double(referenceTokens) + 1
        return log(a * n / ((a + b) * t))
    }

    /// The upper tail of χ² with one degree of freedom: `erfc(√(x/2))`. The sign of a signed
    /// statistic is ignored.
    public static func pValue(chiSquare x: Double) -> Double {
        guard x.isFinite else { return 0 }
        return erfc((abs(x) / 2).squareRoot())
    }

    /// Benjamini–Hochberg adjusted p-values (q), in the order of `p`.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        let order = p.indices.sorted { p[$0] > p[$1] }
        var q = [Double](repeating: 1, count: p.count)
        var running = 1.0
        for (rank, index) in zip(stride(from: p.count, to: 0, by: -1), order) {
            running = min(running, p[index] * m / Double(rank))
            q[index] = min(1, running)
        }
        return q
    }
}
