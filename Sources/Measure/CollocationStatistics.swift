import Foundation

/// The λ and z of a multi-word expression, as quanteda's `textstat_collocations` defines them
/// after Blaheta and Johnson (2001).
///
/// For an n-word candidate, every n-gram position of the text is put in one of 2ⁿ cells by
/// which of its n slots hold the candidate's word in that slot. A cell is indexed by the bit
/// mask of its matching slots (bit k set: slot k matches), so cell `2ⁿ − 1` counts the
/// candidate itself and cell 0 the positions sharing no word with it in place. λ is the n-way
/// interaction of the saturated log-linear model of that table, half a count added to every
/// cell:
///
/// λ = Σ (−1)^(n − matches) · log(count + ½),  σ = √(Σ 1 / (count + ½)),  z = λ / σ.
public enum CollocationStatistics {
    /// Added to every cell before logs and reciprocals (quanteda's default `smoothing`).
    public static let smoothing = 0.5

    /// λ: the n-way interaction parameter of the 2ⁿ cells (indexed by matching-slot mask).
    public static func lambda(cells: [Int]) -> Double {
        let size = self.size(of: cells)
        var total = 0.0
        for (mask, count) in cells.enumerated() {
            let sign: Double = (size - mask.nonzeroBitCount) % 2 == 0 ? 1 : -1
            total += sign * log(Double(count) + smoothing)
        }
        return total
    }

    /// σ: the asymptotic standard error of λ.
    public static func sigma(cells: [Int]) -> Double {
        cells.reduce(0.0) { $0 + 1 / (Double($1) + smoothing) }.squareRoot()
    }

    /// z: λ over σ, the Wald statistic collocations are ranked by.
    public static func z(cells: [Int]) -> Double { lambda(cells: cells) / sigma(cells: cells) }

    /// The 2ⁿ exact-pattern counts from the counts of positions agreeing with the candidate on
    /// each subset of slots (`agreeing[mask]`: positions whose slots in `mask` match, the
    /// others anything; `agreeing[0]` is every position), by inclusion–exclusion:
    /// exact(T) = Σ over S ⊇ T of (−1)^|S∖T| · agreeing(S).
    public static func exactCounts(agreeing: [Int]) -> [Int] {
        let all = agreeing.count - 1
        return agreeing.indices.map { pattern in
            var total = 0
            var extra = all & ~pattern
            // Every subset of the slots outside `pattern`, the empty one last.
            while true {
                let term = agreeing[pattern | extra]
                total += extra.nonzeroBitCount % 2 == 0 ? term : -term
                if extra == 0 { break }
                extra = (extra - 1) & (all & ~pattern)
            }
            return total
        }
    }

    /// n for a table of 2ⁿ cells.
    static func size(of cells: [Int]) -> Int { cells.count.trailingZeroBitCount }
}
