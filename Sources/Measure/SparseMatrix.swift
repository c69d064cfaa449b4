import Foundation

/// A sparse matrix of nonnegative numbers in compressed sparse row form: the nonzero entries of
/// row `i` are `values[rowStart[i]..<rowStart[i + 1]]`, in the columns `columnIndex` gives for
/// the same positions, ascending.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of rows (documents).
    public let rows: Int
    /// Number of columns (terms).
    public let columns: Int
    /// Where each row's entries begin in `columnIndex` and `values`; `rows + 1` numbers.
    public let rowStart: [Int]
    /// The column of each stored entry.
    public let columnIndex: [Int32]
    /// The value of each stored entry.
    public let values: [Double]

    /// A matrix from its rows, each a list of (column, value) pairs; zeros are dropped and
    /// columns sorted.
    public init(columns: Int, rows entries: [[(column: Int, value: Double)]]) {
        var start = [0]
        var index: [Int32] = []
        var values: [Double] = []
        for row in entries {
            for entry in row.sorted(by: { $0.column < $1.column }) where entry.value != 0 {
                precondition((0..<columns).contains(entry.column), "column \(entry.column) outside 0..<\(columns)")
                index.append(Int32(entry.column))
                values.append(entry.value)
            }
            start.append(index.count)
        }
        self.rows = entries.count
        self.columns = columns
        self.rowStart = start
        self.columnIndex = index
        self.values = values
    }

    /// A matrix from its compressed rows: `rowStart` (rows + 1 ascending positions, from 0 to
    /// the number of entries), and each entry's column (ascending within a row) and value.
    public init(columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Double]) {
        precondition(rowStart.first == 0 && rowStart.last == values.count && columnIndex.count == values.count)
        precondition(columnIndex.allSatisfy { (0..<Int32(columns)).contains($0) }, "a column outside 0..<\(columns)")
        self.rows = rowStart.count - 1
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndex = columnIndex
        self.values = values
    }

    /// A sparse copy of a dense matrix given row by row.
    public init(dense: [[Double]]) {
        let columns = dense.first?.count ?? 0
        self.init(columns: columns, rows: dense.map { row in row.enumerated().map { ($0.offset, $0.element) } })
    }

    /// Stored (nonzero) entries.
    public var nonzeros: Int { values.count }

    /// The squared Frobenius norm: the sum of the squared entries.
    public var squaredNorm: Double { values.reduce(0) { $0 + $1 * $1 } }

    /// The entry at row `i`, column `j` (zero when not stored).
    public subscript(i: Int, j: Int) -> Double {
        let range = rowStart[i]..<rowStart[i + 1]
        guard let position = range.first(where: { columnIndex[$0] == Int32(j) }) else { return 0 }
        return values[position]
    }
}
