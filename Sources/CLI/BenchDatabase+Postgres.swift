import Foundation
import SinmunBench
import SinmunPostgres
import SinmunStore

extension BenchDatabase {
    /// Each size's corpus in a fresh database on the server `url` names: `DB_bench_SIZE`,
    /// dropped first if an earlier run left it (the role must be allowed to create databases).
    /// Searches reuse one connection per database, as a server's pool would.
    static func postgres(_ url: String) throws -> BenchDatabase {
        _ = try PostgresLocation(url)
        let path = URLComponents(string: url)?.path ?? ""
        let base = String(path.dropFirst()).lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let connections = BenchConnections()
        return BenchDatabase(
            backend: "postgresql",
            prepare: { size in
                try await PostgresCorpus.recreateDatabase(
                    (base.first?.isLetter == true ? base : "sinmun") + "_bench_\(size)", on: url)
            },
            bytes: { database in try await connections.corpus(database).databaseBytes() },
            size: { database in try await connections.corpus(database).databaseBytes() },
            search: { database, query, filter in
                try await connections.corpus(database).search(query, filter: filter).total
            },
            release: { database in await connections.close(database) })
    }
}

/// One open corpus per database URL, kept for the run.
private actor BenchConnections {
    private var open: [String: PostgresCorpus] = [:]

    func corpus(_ url: String) async throws -> PostgresCorpus {
        if let corpus = open[url] { return corpus }
        let corpus = try await PostgresCorpus.open(url)
        open[url] = corpus
        return corpus
    }

    func close(_ url: String) async {
        await open.removeValue(forKey: url)?.close()
    }
}
