import Foundation
import SinmunStore

/// The document × term matrix a topic model is fitted to: one row per analysed article, one
/// column per kept term, tf-idf weights with every row scaled to unit Euclidean length.
///
/// A term is kept when it is in at least `minDocuments` articles and in no more than
/// `maxDocumentShare` of them, and is not excluded (English function words); of those, the
/// `vocabulary` most frequent (by occurrences, ties to the lower id). The weight of a term in
/// an article is its count times sklearn's smoothed idf, ln((1 + n) / (1 + df)) + 1.
public struct DocumentTermMatrix: Sendable, Equatable {
    /// The weights, rows in the order of the documents given.
    public var matrix: SparseMatrix
    /// The term id (`term.id` of the index) of each column, ascending.
    public var terms: [Int64]
    /// The number of documents holding each column's term.
    public var documentFrequency: [Int]

    /// The matrix of `documents`, leaving out the terms of `excluded`.
    public static func build(
        _ documents: [DocumentTerms], excluded: Set<Int64> = [], minDocuments: Int = 2,
        maxDocumentShare: Double = 0.5, vocabulary: Int = 5000
    ) -> DocumentTermMatrix {
        var frequency: [Int64: (docs: Int, tokens: Int)] = [:]
        for document in documents {
            for (id, count) in document.terms {
                frequency[id, default: (0, 0)].docs += 1
                frequency[id, default: (0, 0)].tokens += count
            }
        }
        let ceiling = maxDocumentShare * Double(documents.count)
        let candidates = frequency.filter { id, value in
            value.docs >= minDocuments && Double(value.docs) <= ceiling && !excluded.contains(id)
        }
        let kept = candidates.sorted { ($0.value.tokens, $1.key) > ($1.value.tokens, $0.key) }
            .prefix(max(0, vocabulary)).map(\.key).sorted()
        let n = Double(documents.count)
        let idf = kept.map { log((1 + n) / (1 + Double(frequency[$0]!.docs))) + 1 }
        let matrix = rows(
            documents,
            columns: Dictionary(
                uniqueKeysWithValues: kept.enumerated().map {
                    ($0.element, $0.offset)
                }), idf: idf)
        return DocumentTermMatrix(matrix: matrix, terms: kept, documentFrequency: kept.map { frequency[$0]!.docs })
    }

    /// The weights, written straight into compressed rows: a document's terms come in id order,
    /// and columns are in id order too.
    static func rows(_ documents: [DocumentTerms], columns: [Int64: Int], idf: [Double]) -> SparseMatrix {
        var (rowStart, index, values) = ([0], [Int32](), [Double]())
        for document in documents {
            let first = values.count
            for (id, count) in document.terms {
                guard let j = columns[id] else { continue }
                index.append(Int32(j))
                values.append(Double(count) * idf[j])
            }
            let length = values[first...].reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            if length > 0 { for p in first..<values.count { values[p] /= length } }
            rowStart.append(values.count)
        }
        return SparseMatrix(columns: idf.count, rowStart: rowStart, columnIndex: index, values: values)
    }
}
