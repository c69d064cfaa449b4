import Foundation
import GRDB

/// Reading the corpus out for a copy to another backend (`sinmun db copy`): article ids in
/// batches, the rows of every ``CorpusTable`` that belong to a batch, and row counts.
extension CorpusStore {
    /// Up to `limit` article ids greater than `id`, in order: the next batch of a copy.
    public func articleIDs(after id: Int64, limit: Int) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM article WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
        }
    }

    /// How many articles have an id at most `id` (how far a resumed copy already is).
    public func articleCount(upTo id: Int64) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE id <= ?", arguments: [id]) ?? 0 }
    }

    /// The rows of `table` whose article id lies in `articles` (every row when the table has
    /// no article column, or `articles` is nil).
    public func rows(of table: CorpusTable, articles: ClosedRange<Int64>?) throws -> TableRows {
        let names = table.columns.map(\.name).joined(separator: ", ")
        var sql = "SELECT \(names) FROM \(table.name)"
        var arguments = StatementArguments()
        if let column = table.articleColumn, let articles {
            sql += " WHERE \(column) BETWEEN ? AND ?"
            arguments = [articles.lowerBound, articles.upperBound]
        }
        let rows = try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        let columns = table.columns.enumerated().map { index, column -> TableRows.Values in
            switch column.type {
            case .integer: .integers(rows.map { $0[index] as Int64? })
            case .real: .reals(rows.map { $0[index] as Double? })
            case .text: .texts(rows.map { $0[index] as String? })
            case .blob: .blobs(rows.map { $0[index] as Data? })
            }
        }
        return TableRows(table: table, columns: columns)
    }

    /// How many rows `table` holds.
    public func rowCount(of table: CorpusTable) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
    }
}
