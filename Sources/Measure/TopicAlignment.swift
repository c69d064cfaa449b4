import Foundation

/// Matches the topics of two fits of the same matrix one to one, so that their term vectors
/// can be compared: the Hungarian algorithm (Kuhn–Munkres) on cosine similarity, which finds
/// the pairing with the largest total similarity.
public enum TopicAlignment {
    /// The cosine similarity of two vectors of the same length (0 when either is zero).
    public static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var (dot, aa, bb) = (0.0, 0.0, 0.0)
        for index in a.indices {
            dot += a[index] * b[index]
            aa += a[index] * a[index]
            bb += b[index] * b[index]
        }
        return aa > 0 && bb > 0 ? dot / (aa * bb).squareRoot() : 0
    }

    /// For each topic of `a`, the topic of `b` it is paired with and their cosine similarity,
    /// the pairing maximising the summed similarity; `a` and `b` hold the same number of
    /// equally long term vectors.
    public static func match(_ a: [[Double]], _ b: [[Double]]) -> [(partner: Int, cosine: Double)] {
        precondition(a.count == b.count, "both fits need the same number of topics")
        let similarity = a.map { x in b.map { y in cosine(x, y) } }
        let partners = assignment(cost: similarity.map { $0.map { 1 - $0 } })
        return partners.enumerated().map { ($0.element, similarity[$0.offset][$0.element]) }
    }

    /// The minimum-cost perfect assignment of a square cost matrix: `result[row]` is the column
    /// given to `row`. The O(n³) shortest-augmenting-path form of the Hungarian algorithm with
    /// row and column potentials.
    public static func assignment(cost: [[Double]]) -> [Int] {
        let n = cost.count
        guard n > 0 else { return [] }
        // 1-based arrays: column 0 is the virtual start of each augmenting path.
        var (u, v) = ([Double](repeating: 0, count: n + 1), [Double](repeating: 0, count: n + 1))
        var owner = [Int](repeating: 0, count: n + 1)  // owner[column] = its row, 0 for none
        var way = [Int](repeating: 0, count: n + 1)
        for row in 1...n {
            owner[0] = row
            var column = 0
            var slack = [Double](repeating: .infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[column] = true
                let current = owner[column]
                var (delta, next) = (Double.infinity, 0)
                for j in 1...n where !used[j] {
                    let reduced = cost[current - 1][j - 1] - u[current] - v[j]
                    if reduced < slack[j] { (slack[j], way[j]) = (reduced, column) }
                    if slack[j] < delta { (delta, next) = (slack[j], j) }
                }
                for j in 0...n {
                    if used[j] {
                        u[owner[j]] += delta
                        v[j] -= delta
                    } else {
                        slack[j] -= delta
                    }
                }
                column = next
            } while owner[column] != 0
            repeat {
                let previous = way[column]
                owner[column] = owner[previous]
                column = previous
            } while column != 0
        }
        var result = [Int](repeating: 0, count: n)
        for j in 1...n { result[owner[j] - 1] = j - 1 }
        return result
    }
}
