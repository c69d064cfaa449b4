import Foundation
import SinmunStore

/// Where `bench scale` keeps each size's corpus: a fresh SQLite file in the work folder, or a
/// fresh database on a PostgreSQL server. The steps run as `sinmun … --db` with `argument`
/// either way; what only a backend knows (making the database, its size, searching it in this
/// process) comes from here, so this layer needs no PostgreSQL code.
public struct BenchDatabase: Sendable {
    /// `sqlite` or `postgresql`, as the results name it.
    public var backend: String
    /// Makes an empty database for `size` articles (dropping one an earlier run left) and
    /// returns what `--db` takes for it.
    public var prepare: @Sendable (_ size: Int) async throws -> String
    /// Bytes of the database's pages in use now (what a step added is the difference).
    public var bytes: @Sendable (_ argument: String) async throws -> Int
    /// Bytes the database takes on disk, free pages included (the size a user sees).
    public var size: @Sendable (_ argument: String) async throws -> Int
    /// The total matches of a search on the database, for the latency measure.
    public var search: @Sendable (_ argument: String, _ query: SearchQuery, _ filter: ArticleFilter) async throws -> Int
    /// Lets go of what the calls above kept open for the database (a connection).
    public var release: @Sendable (_ argument: String) async -> Void

    /// A database from its parts.
    public init(
        backend: String, prepare: @escaping @Sendable (Int) async throws -> String,
        bytes: @escaping @Sendable (String) async throws -> Int, size: @escaping @Sendable (String) async throws -> Int,
        search: @escaping @Sendable (String, SearchQuery, ArticleFilter) async throws -> Int,
        release: @escaping @Sendable (String) async -> Void = { _ in }
    ) {
        self.backend = backend
        self.prepare = prepare
        self.bytes = bytes
        self.size = size
        self.search = search
        self.release = release
    }

    /// `bench-SIZE.sqlite` in `workdir`, removed first. Searches reuse one open store per file,
    /// as `bench search` and a server do: a store opened for each search starts with an empty
    /// page cache (at 1M, p50 294 ms against 47 ms with one store).
    public static func sqlite(workdir: URL) -> BenchDatabase {
        let stores = OpenStores()
        return BenchDatabase(
            backend: "sqlite",
            prepare: { size in
                let path = workdir.appendingPathComponent("bench-\(size).sqlite").path
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                return path
            },
            bytes: { path in try CorpusStore(path: path).usedBytes() },
            size: { path in try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 },
            search: { path, query, filter in try await stores.store(path).search(query, filter: filter).total },
            release: { path in await stores.close(path) })
    }
}

/// One open store per SQLite file, kept while its size's searches are timed.
private actor OpenStores {
    private var open: [String: CorpusStore] = [:]

    func store(_ path: String) throws -> CorpusStore {
        if let store = open[path] { return store }
        let store = try CorpusStore(path: path)
        open[path] = store
        return store
    }

    func close(_ path: String) {
        open[path] = nil
    }
}
