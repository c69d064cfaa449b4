import Foundation
import PostgresNIO
import SinmunStore

/// Copying the PostgreSQL corpus back into a SQLite file (`sinmun db copy postgres://… FILE`).
///
/// As the other way: articles in id order, a batch per SQLite transaction with the rows that
/// belong to them and their entries in SQLite's full-text index and term postings, then the
/// tables not kept by article, whole. The file's own last article
/// id says how far an earlier run came, so a stopped copy resumes and a finished one writes
/// nothing; a file holding other articles is refused.
extension PostgresCorpus {
    /// Copies this database into `store`, which must be empty or an earlier run of this copy.
    public func copy(
        to store: CorpusStore, batchSize: Int = 500, stopAfterBatches: Int? = nil,
        progress: (Double) -> Void = { _ in }
    ) async throws -> CopyReport {
        let started = Date()
        var lastID = try store.lastArticleID()
        // The file's last article must be this database's article of the same id: a prefix of the copy.
        if lastID > 0 {
            let uid = try await rows("SELECT uid FROM article WHERE id = \(lastID)").first?.decode(String.self)
            guard uid != nil, uid == (try store.articleUID(id: lastID)) else {
                throw PostgresCorpusError.targetNotEmpty(store.path, source: location.redacted)
            }
        }
        let total = try await rowCount(of: Self.table("article"))
        let already = try await count("SELECT count(*) FROM article WHERE id <= \(lastID)")
        try store.insert([try await tableRows(of: Self.table("source"), articles: nil)])
        var copied = 0
        var batches = 0
        while stopAfterBatches.map({ batches < $0 }) ?? true {
            let ids = try await articleIDs(after: lastID, limit: batchSize)
            guard let first = ids.first, let last = ids.last else { break }
            var batch: [TableRows] = []
            for table in Self.articleTables { batch.append(try await tableRows(of: table, articles: first...last)) }
            try store.insert(batch)
            lastID = last
            copied += ids.count
            batches += 1
            progress(Double(already + copied) / Double(max(total, 1)))
        }
        let complete = try await articleIDs(after: lastID, limit: 1).isEmpty
        if complete {
            for table in CorpusTable.copiedWhole { try store.insert([try await tableRows(of: table, articles: nil)]) }
        }
        var report = CopyReport(
            direction: .postgresToSQLite, source: location.redacted, target: store.path, articles: total,
            alreadyCopied: already, copied: copied, batches: batches, seconds: Date().timeIntervalSince(started),
            complete: complete, verification: nil)
        if complete { report.verification = try await verify(against: store, direction: .postgresToSQLite) }
        return report
    }

    /// Up to `limit` article ids greater than `id`, in order.
    func articleIDs(after id: Int64, limit: Int) async throws -> [Int64] {
        try await rows("SELECT id FROM article WHERE id > \(id) ORDER BY id LIMIT \(Int64(limit))").map {
            try $0.decode(Int64.self)
        }
    }

    /// The digest of every row of `table`, read in `ranges` (the SQLite corpus's
    /// `verificationRanges(batch:)`), as the SQLite corpus computes it.
    func digest(of table: CorpusTable, ranges: [ClosedRange<Int64>]) async throws -> TableDigest {
        var digest = TableDigest()
        for range in table.articleColumn == nil ? [nil] : ranges.map(Optional.some) {
            digest.add(try await tableRows(of: table, articles: range))
        }
        return digest
    }

    /// The rows of `table` whose article id lies in `articles` (every row without an article
    /// column or range), column by column.
    func tableRows(of table: CorpusTable, articles: ClosedRange<Int64>?) async throws -> TableRows {
        var statement = SQLStatement("SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)")
        if let column = table.articleColumn, let articles {
            let (low, high) = (try statement.bind(articles.lowerBound), try statement.bind(articles.upperBound))
            statement.append(" WHERE \(column) BETWEEN \(low) AND \(high)")
        }
        // Pages in the order they were queued, which a SQLite copy keeps as its row order.
        if table.name == "crawl_page" { statement.append(" ORDER BY queued") }
        let rows = try await self.rows(statement.query).map { $0.makeRandomAccess() }
        let columns = try table.columns.enumerated().map { index, column -> TableRows.Values in
            switch column.type {
            case .integer: .integers(try rows.map { try $0[index].decode(Int64?.self) })
            case .real: .reals(try rows.map { try $0[index].decode(Double?.self) })
            case .text: .texts(try rows.map { try $0[index].decode(String?.self) })
            case .blob:
                .blobs(try rows.map { try $0[index].decode(ByteBuffer?.self).map { Data($0.readableBytesView) } })
            }
        }
        return TableRows(table: table, columns: columns)
    }
}
