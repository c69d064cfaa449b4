import Foundation
import SinmunCollect

/// The statistics validation reports: binomial intervals, F1, and inter-coder agreement.
public enum AgreementStatistics {
    /// The Wilson score interval for a proportion (95% by default). Returns nil when n = 0.
    /// The bounds are exactly 0 for no successes and exactly 1 for all (the formula's centre and half-width are
    /// equal there, but rounding leaves a residue such as 1.39e-17).
    public static func wilson(successes: Int, trials: Int, z: Double = 1.959963984540054) -> ClosedRange<Double>? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        let lower = successes <= 0 ? 0 : max(0, centre - half)
        let upper = successes >= trials ? 1 : min(1, centre + half)
        return lower...upper
    }

    /// Cohen's kappa for two coders' labels of the same units (any hashable categories).
    /// Returns nil when there are no units or chance agreement is 1.
    public static func cohensKappa<T: Hashable>(_ a: [T], _ b: [T]) -> Double? {
        guard a.count == b.count, !a.isEmpty else { return nil }
        let n = Double(a.count)
        let observed = Double(zip(a, b).filter { $0 == $1 }.count) / n
        var countsA: [T: Double] = [:]
        var countsB: [T: Double] = [:]
        for x in a { countsA[x, default: 0] += 1 }
        for x in b { countsB[x, default: 0] += 1 }
        let expected = Set(countsA.keys).union(countsB.keys).reduce(0.0) {
            $0 + (countsA[$1] ?? 0) / n * (countsB[$1] ?? 0) / n
        }
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Krippendorff's alpha for nominal data: `units[i][c]` is coder c's value for unit i, or
    /// nil where that coder did not code it. Units with fewer than two values are skipped.
    /// Returns nil when there is no pairable value or no variation at all.
    public static func krippendorffAlphaNominal<T: Hashable>(_ units: [[T?]]) -> Double? {
        var coincidence: [T: [T: Double]] = [:]
        for unit in units {
            let values = unit.compactMap { $0 }
            let m = Double(values.count)
            guard m >= 2 else { continue }
            for i in 0..<values.count {
                for j in 0..<values.count where i != j {
                    coincidence[values[i], default: [:]][values[j], default: 0] += 1 / (m - 1)
                }
            }
        }
        let totals = coincidence.mapValues { $0.values.reduce(0, +) }
        let n = totals.values.reduce(0, +)
        guard n > 1 else { return nil }
        let observedDisagreement = coincidence.reduce(0.0) { sum, entry in
            sum + entry.value.filter { $0.key != entry.key }.values.reduce(0, +)
        }
        var expectedDisagreement = 0.0
        for (c, nc) in totals {
            for (k, nk) in totals where k != c { expectedDisagreement += nc * nk }
        }
        expectedDisagreement /= (n - 1)
        guard expectedDisagreement > 0 else { return nil }
        return 1 - observedDisagreement / expectedDisagreement
    }

    /// Precision, recall and F1 from confusion counts.
    public struct Scores: Codable, Sendable, Equatable {
        /// Coded, and the human label agrees.
        public var truePositives: Int
        /// Coded, but the human label says no.
        public var falsePositives: Int
        /// Missed: the human label says yes, the coder did not code it.
        public var falseNegatives: Int
        /// Neither coded nor labelled.
        public var trueNegatives: Int
        /// Of the articles coded, the share the labels confirm; nil when none was coded.
        public var precision: Double?
        /// Of the articles labelled, the share the coder found; nil when none was labelled.
        public var recall: Double?
        /// The harmonic mean of precision and recall; nil when both are undefined.
        public var f1: Double?
        /// 95% Wilson interval of precision, `[lower, upper]`.
        public var precisionInterval: [Double]?
        /// 95% Wilson interval of recall, `[lower, upper]`.
        public var recallInterval: [Double]?
        /// Percentile bootstrap (2,000 resamples of the units, fixed seed).
        public var f1Interval: [Double]?
    }

    /// Scores the coder's decisions (`predicted`) against human labels (`actual`), one pair per
    /// article, with Wilson intervals for precision and recall and a bootstrap one for F1.
    public static func scores(pairs: [(predicted: Bool, actual: Bool)]) -> Scores {
        func counts(_ pairs: [(predicted: Bool, actual: Bool)]) -> (Int, Int, Int, Int) {
            var tp = 0
            var fp = 0
            var fn = 0
            var tn = 0
            for pair in pairs {
                switch (pair.predicted, pair.actual) {
                case (true, true): tp += 1
                case (true, false): fp += 1
                case (false, true): fn += 1
                case (false, false): tn += 1
                }
            }
            return (tp, fp, fn, tn)
        }
        func f1(_ tp: Int, _ fp: Int, _ fn: Int) -> Double? {
            guard 2 * tp + fp + fn > 0 else { return nil }
            return 2 * Double(tp) / Double(2 * tp + fp + fn)
        }
        let (tp, fp, fn, tn) = counts(pairs)
        var bootstrap: [Double] = []
        if !pairs.isEmpty {
            var generator = SplitMix64(seed: 20_240_826)
            for _ in 0..<2000 {
                var tpB = 0
                var fpB = 0
                var fnB = 0
                for _ in 0..<pairs.count {
                    let pair = pairs[Int(generator.next() % UInt64(pairs.count))]
                    if pair.predicted && pair.actual {
                        tpB += 1
                    } else if pair.predicted {
                        fpB += 1
                    } else if pair.actual {
                        fnB += 1
                    }
                }
                if let value = f1(tpB, fpB, fnB) { bootstrap.append(value) }
            }
            bootstrap.sort()
        }
        let f1Interval =
            bootstrap.count >= 100
            ? [bootstrap[Int(Double(bootstrap.count) * 0.025)], bootstrap[Int(Double(bootstrap.count) * 0.975) - 1]]
            : nil
        return Scores(
            truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn,
            precision: tp + fp > 0 ? Double(tp) / Double(tp + fp) : nil,
            recall: tp + fn > 0 ? Double(tp) / Double(tp + fn) : nil,
            f1: f1(tp, fp, fn),
            precisionInterval: wilson(successes: tp, trials: tp + fp).map { [$0.lowerBound, $0.upperBound] },
            recallInterval: wilson(successes: tp, trials: tp + fn).map { [$0.lowerBound, $0.upperBound] },
            f1Interval: f1Interval)
    }
}
