import Foundation
import SinmunCollect

/// A nonnegative matrix factorization X ≈ W·H of a sparse rows × columns matrix into W
/// (rows × rank) and H (rank × columns), fitted by hierarchical alternating least squares
/// (HALS: Cichocki and Phan 2009; Gillis and Glineur 2012) from a seeded random start, so the
/// same matrix, rank and seed give the same numbers on every run.
///
/// Written in plain Swift (no BLAS): the products are sparse × dense, which is where the time
/// goes, O(nonzeros × rank) per sweep, plus O((rows + columns) × rank²) for the Gram matrices.
/// After fitting, every factor's H row has unit Euclidean norm, so `w[i, l]` is the size of
/// factor `l`'s part of row `i`.
public struct NonnegativeMatrixFactorization: Sendable, Equatable {
    /// The number of factors (topics).
    public let rank: Int
    /// The rows of X (documents).
    public let rows: Int
    /// The columns of X (terms).
    public let columns: Int
    /// W, row-major: `w[i * rank + l]` is row `i`'s weight on factor `l`.
    public internal(set) var w: [Double]
    /// H transposed, row-major: `ht[j * rank + l]` is column `j`'s weight in factor `l`.
    public internal(set) var ht: [Double]
    /// Sweeps done (each updates W, then H).
    public internal(set) var iterations: Int
    /// ‖X − WH‖ / ‖X‖ at the end (Frobenius norms).
    public internal(set) var relativeError: Double

    /// Fits `rank` factors to `x` from a start drawn with `seed`; stops after `maxIterations`
    /// sweeps or when ten sweeps lower the error by less than `tolerance` of the starting error.
    public static func fit(
        _ x: SparseMatrix, rank: Int, seed: UInt64, maxIterations: Int = 200, tolerance: Double = 1e-4
    ) -> NonnegativeMatrixFactorization {
        precondition(rank >= 1, "rank must be at least 1")
        var model = NonnegativeMatrixFactorization(x, rank: rank, seed: seed)
        let norm = x.squaredNorm
        guard norm > 0 else { return model }
        var (first, previous) = (Double.nan, Double.nan)
        while model.iterations < maxIterations {
            var cross = model.timesHTransposed(x)
            var gram = Self.gram(model.ht, count: x.columns, rank: rank)
            if model.iterations % 10 == 0 {
                let error = model.error(norm: norm, crossW: cross, gramH: gram)
                if first.isNaN { first = error }
                if !previous.isNaN, (previous - error) / max(first, .leastNonzeroMagnitude) < tolerance { break }
                previous = error
            }
            Self.update(&model.w, count: x.rows, rank: rank, cross: cross, gram: gram)
            cross = model.transposeTimesW(x)
            gram = Self.gram(model.w, count: x.rows, rank: rank)
            Self.update(&model.ht, count: x.columns, rank: rank, cross: cross, gram: gram)
            model.iterations += 1
        }
        model.normalize()
        let cross = model.timesHTransposed(x)
        let error = model.error(norm: norm, crossW: cross, gramH: Self.gram(model.ht, count: x.columns, rank: rank))
        model.relativeError = (error / norm).squareRoot()
        return model
    }

    /// A start drawn uniformly from [0, 2a) with a = √(mean of X / rank), the scale of sklearn's
    /// random start, W's entries first, then H's.
    init(_ x: SparseMatrix, rank: Int, seed: UInt64) {
        self.rank = rank
        (rows, columns) = (x.rows, x.columns)
        let cells = Double(max(1, x.rows * x.columns))
        let scale = 2 * (x.values.reduce(0, +) / cells / Double(rank)).squareRoot()
        var generator = SplitMix64(seed: seed)
        func draw() -> Double { Double(generator.next() >> 11) * 0x1p-53 * scale }
        w = (0..<(x.rows * rank)).map { _ in draw() }
        ht = (0..<(x.columns * rank)).map { _ in draw() }
        iterations = 0
        relativeError = x.squaredNorm > 0 ? 1 : 0
    }

    /// Row `i` of W.
    public func weights(row i: Int) -> ArraySlice<Double> { w[(i * rank)..<((i + 1) * rank)] }

    /// Factor `l`'s weights over the columns (row `l` of H).
    public func factor(_ l: Int) -> [Double] { (0..<columns).map { ht[$0 * rank + l] } }

    /// X·Hᵀ (rows × rank), the sparse × dense product of the W update.
    func timesHTransposed(_ x: SparseMatrix) -> [Double] {
        Self.sparseProduct(x, dense: ht, rank: rank, transposed: false)
    }

    /// Xᵀ·W (columns × rank), the sparse × dense product of the H update.
    func transposeTimesW(_ x: SparseMatrix) -> [Double] {
        Self.sparseProduct(x, dense: w, rank: rank, transposed: true)
    }

    /// X·D (D: columns × rank) or, `transposed`, Xᵀ·D (D: rows × rank), both row-major. The
    /// loops run on raw pointers with `while`, which a debug build runs several times faster
    /// than ranges over arrays.
    static func sparseProduct(_ x: SparseMatrix, dense: [Double], rank k: Int, transposed: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: (transposed ? x.columns : x.rows) * k)
        x.values.withUnsafeBufferPointer { values in
            x.columnIndex.withUnsafeBufferPointer { index in
                x.rowStart.withUnsafeBufferPointer { starts in
                    dense.withUnsafeBufferPointer { dense in
                        out.withUnsafeMutableBufferPointer { out in
                            guard let values = values.baseAddress, let index = index.baseAddress,
                                let starts = starts.baseAddress, let d = dense.baseAddress, let o = out.baseAddress
                            else { return }
                            var i = 0
                            while i < x.rows {
                                var p = starts[i]
                                let end = starts[i + 1]
                                while p < end {
                                    let value = values[p]
                                    let column = Int(index[p])
                                    let source = transposed ? d + i * k : d + column * k
                                    let target = transposed ? o + column * k : o + i * k
                                    var l = 0
                                    while l < k {
                                        target[l] += value * source[l]
                                        l += 1
                                    }
                                    p += 1
                                }
                                i += 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// FᵀF (rank × rank) of a count × rank row-major factor.
    static func gram(_ factor: [Double], count: Int, rank k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: k * k)
        factor.withUnsafeBufferPointer { f in
            out.withUnsafeMutableBufferPointer { out in
                guard let f = f.baseAddress, let o = out.baseAddress else { return }
                var i = 0
                while i < count {
                    let row = f + i * k
                    var a = 0
                    while a < k {
                        let value = row[a]
                        if value != 0 {
                            var b = a
                            while b < k {
                                o[a * k + b] += value * row[b]
                                b += 1
                            }
                        }
                        a += 1
                    }
                    i += 1
                }
                for a in 0..<k { for b in 0..<a { o[a * k + b] = o[b * k + a] } }
            }
        }
        return out
    }

    /// One HALS sweep over the columns of a count × rank factor F, given the cross product C
    /// (data times the other factor) and the other factor's Gram matrix G:
    /// F[:, l] ← max(ε, F[:, l] + (C[:, l] − F·G[:, l]) / G[l, l]), each column using the ones
    /// already updated.
    static func update(_ factor: inout [Double], count: Int, rank k: Int, cross: [Double], gram: [Double]) {
        let floor = 1e-12
        factor.withUnsafeMutableBufferPointer { f in
            cross.withUnsafeBufferPointer { c in
                gram.withUnsafeBufferPointer { g in
                    guard let f = f.baseAddress, let c = c.baseAddress, let g = g.baseAddress else { return }
                    for l in 0..<k {
                        let diagonal = g[l * k + l]
                        guard diagonal > 0 else { continue }
                        let column = g + l * k  // G is symmetric: its column l is its row l
                        var i = 0
                        while i < count {
                            let row = f + i * k
                            var (product, q) = (0.0, 0)
                            while q < k {
                                product += row[q] * column[q]
                                q += 1
                            }
                            let value = row[l] + (c[i * k + l] - product) / diagonal
                            row[l] = value > floor ? value : floor
                            i += 1
                        }
                    }
                }
            }
        }
    }

    /// ‖X − WH‖² from ‖X‖², X·Hᵀ and HHᵀ: ‖X‖² − 2⟨W, XHᵀ⟩ + ⟨WᵀW, HHᵀ⟩ (never below 0).
    func error(norm: Double, crossW: [Double], gramH: [Double]) -> Double {
        let gramW = Self.gram(w, count: rows, rank: rank)
        var inner = 0.0
        for index in w.indices { inner += w[index] * crossW[index] }
        var quadratic = 0.0
        for index in gramW.indices { quadratic += gramW[index] * gramH[index] }
        return max(0, norm - 2 * inner + quadratic)
    }

    /// Scales every factor so that its H row has unit Euclidean norm, W's column compensating.
    mutating func normalize() {
        for l in 0..<rank {
            let norm = (0..<columns).reduce(0.0) { $0 + ht[$1 * rank + l] * ht[$1 * rank + l] }.squareRoot()
            guard norm > 0 else { continue }
            for j in 0..<columns { ht[j * rank + l] /= norm }
            for i in 0..<rows { w[i * rank + l] *= norm }
        }
    }
}
