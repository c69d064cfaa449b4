import Foundation
import GRDB
import SinmunCollect

/// The corpus: one SQLite file (WAL mode) holding articles, the addresses and sections they
/// were listed under, where each came from, near-duplicate links and a full-text index.
///
/// Open it once and share it; reads run concurrently, writes are serialised in transactions,
/// so a killed import leaves the file consistent and a rerun finishes the job.
public final class CorpusStore: Sendable {
    /// The default file name, in the working directory.
    public static let defaultFileName = "sinmun.sqlite"

    let pool: DatabasePool
    /// Path of the database file.
    public let path: String

    /// Opens (creating if needed) the corpus at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // For a new file only (both are fixed once tables exist): 16 KB pages hold six
            // articles of 2 KB where 4 KB pages held one and wasted the rest (the article table
            // was 1.65× its text at a million articles), and incremental vacuum lets an import
            // return the pages FTS5 merges free (13% of the file).
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 {
                try db.execute(sql: "PRAGMA page_size = 16384")
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            // Large corpora: a 64 MB page cache and memory-mapped reads; SQLite's 2 MB default
            // turns every index lookup of a big import into a pread (profiled at 100k articles).
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // WAL with NORMAL sync cannot corrupt the file; a power cut may lose the last
            // transactions, which a rerun of the import or crawl restores. FULL synced every
            // commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the corpus database \(path): \(error)")
        }
    }

    /// The version of the SQLite library in use.
    public static var sqliteVersion: String {
        (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }

    /// Where the database lives: `--db`, else `SINMUN_DB`, else `./sinmun.sqlite`.
    public static func resolvePath(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["SINMUN_DB"], !env.isEmpty { return env }
        return defaultFileName
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: articles, addresses, provenance, near-duplicates, FTS") { db in
            try db.execute(
                sql: """
                    CREATE TABLE article (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        uid TEXT NOT NULL UNIQUE,
                        outlet TEXT NOT NULL,
                        lang TEXT NOT NULL,
                        date TEXT,
                        date_precision TEXT,
                        page INTEGER,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        byline TEXT,
                        content_hash TEXT NOT NULL,
                        minhash BLOB,                  -- Fingerprint.minHash, NULL for short texts
                        synthetic INTEGER NOT NULL DEFAULT 0,
                        first_seen TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX article_by_date ON article(date);
                    CREATE INDEX article_by_outlet_lang_date ON article(outlet, lang, date);

                    -- MinHash LSH band keys: articles sharing a key are near-duplicate candidates.
                    CREATE TABLE article_lsh (
                        key INTEGER NOT NULL,
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        PRIMARY KEY (key, article_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX article_lsh_by_article ON article_lsh(article_id);

                    -- An address may carry more than one text when the site revised an article.
                    CREATE TABLE article_url (
                        url TEXT NOT NULL,
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        PRIMARY KEY (url, article_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX article_url_by_article ON article_url(article_id);

                    CREATE TABLE article_section (
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        section TEXT NOT NULL,
                        PRIMARY KEY (article_id, section)
                    ) WITHOUT ROWID;

                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,            -- 'file' or 'crawl'
                        location TEXT NOT NULL,        -- absolute path or URL
                        format TEXT NOT NULL,
                        first_imported_at TEXT NOT NULL,
                        UNIQUE (location, format)
                    );

                    -- One row per record read: which article it became.
                    CREATE TABLE provenance (
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        locator TEXT NOT NULL,
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        imported_at TEXT NOT NULL,
                        PRIMARY KEY (source_id, locator)
                    ) WITHOUT ROWID;
                    CREATE INDEX provenance_by_article ON provenance(article_id);

                    -- Pairs of articles whose texts nearly coincide, a < b, with the estimated
                    -- Jaccard similarity of their shingle sets.
                    CREATE TABLE near_duplicate (
                        a INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        b INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        similarity REAL NOT NULL,
                        PRIMARY KEY (a, b)
                    ) WITHOUT ROWID;
                    CREATE INDEX near_duplicate_by_b ON near_duplicate(b);

                    -- Contentless: the text lives in article; the index holds SearchText.indexForm.
                    CREATE VIRTUAL TABLE article_fts USING fts5(
                        title, body, content='', tokenize='porter unicode61 remove_diacritics 2'
                    );
                    """)
        }
        migrator.registerMigration("v2: coding results with evidence") { db in
            try db.execute(
                sql: """
                    -- Which version of a codebook last coded which version of an article.
                    CREATE TABLE coding_state (
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        codebook TEXT NOT NULL,
                        codebook_hash TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        coded_at TEXT NOT NULL,
                        PRIMARY KEY (codebook, article_id)
                    ) WITHOUT ROWID;

                    CREATE TABLE article_code (
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        codebook TEXT NOT NULL,
                        code TEXT NOT NULL,
                        level TEXT NOT NULL,          -- 'focus' or 'mention'
                        score REAL NOT NULL,
                        hits INTEGER NOT NULL,        -- qualifying sentences
                        evidence TEXT NOT NULL,       -- JSON array of StoredEvidence
                        PRIMARY KEY (codebook, article_id, code)
                    ) WITHOUT ROWID;
                    CREATE INDEX article_code_by_code ON article_code(codebook, code, level);
                    """)
        }
        migrator.registerMigration("v3: revisions") { db in
            try db.execute(
                sql: """
                    -- Later texts found at an article's address: the site revised the article.
                    CREATE TABLE article_revision (
                        uid TEXT PRIMARY KEY,          -- Article.stableID of the revised text
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        first_seen TEXT NOT NULL
                    );
                    CREATE INDEX article_revision_by_article ON article_revision(article_id);
                    """)
        }
        migrator.registerMigration("v4: human labels") { db in
            try db.execute(
                sql: """
                    -- Codes given by human coders in the dashboard: 1 given, 0 not given.
                    CREATE TABLE human_label (
                        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        coder TEXT NOT NULL,
                        code TEXT NOT NULL,
                        value INTEGER NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (coder, article_id, code)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v5: crawl ledger and raw pages") { db in
            try db.execute(
                sql: """
                    -- Every address a crawl has queued, with its state, so a killed crawl resumes.
                    CREATE TABLE crawl_page (
                        url TEXT PRIMARY KEY,
                        crawl TEXT NOT NULL,           -- site and edition: 'rodong/ko', 'kcna/en'
                        kind TEXT NOT NULL,            -- 'home', 'listing' or 'article'
                        state TEXT NOT NULL,           -- 'pending', 'done' or 'failed'
                        listed TEXT,                   -- what the listing said of it (JSON)
                        attempts INTEGER NOT NULL DEFAULT 0,
                        http_status INTEGER,
                        reason TEXT,                   -- why it failed, or a note (charset overruled)
                        queued_at TEXT NOT NULL,
                        fetched_at TEXT
                    );
                    CREATE INDEX crawl_page_queue ON crawl_page(crawl, state, kind);
                    -- Raw pages as fetched, zlib-compressed, one row per distinct content of an
                    -- address: a later fetch that differs is an edit, kept beside the first.
                    CREATE TABLE page_snapshot (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL,
                        fetched_at TEXT NOT NULL,
                        http_status INTEGER NOT NULL,
                        content_type TEXT,
                        size INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        html BLOB NOT NULL,
                        UNIQUE (url, sha256)
                    );
                    """)
        }
        migrator.registerMigration("v6: LSH keys without an index by article") { db in
            // Candidates are found by keys computed from the signature; the index by article
            // cost a quarter of the LSH table's space and an insert per key (issue 9).
            try db.execute(sql: "DROP INDEX IF EXISTS article_lsh_by_article")
        }
        migrator.registerMigration("v7: a compact index of the filter columns") { db in
            // Search joins every full-text match to its article to filter by date, outlet or
            // edition; through this covering index that is ~6x faster than through the table,
            // whose rows carry the whole text (issue 9).
            try db.execute(sql: "CREATE INDEX article_filter ON article(id, lang, outlet, date)")
        }
        migrator.registerMigration("v8: FTS5 merges less often") { db in
            // FTS5 merges segments once 16 (not 4) of a level exist: imports write ~25% faster,
            // searches barely change (measured on 20,000 synthetic articles, issue 9).
            try db.execute(sql: "INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16)")
        }
        migrator.registerMigration("v9: the term index") { db in
            try TermIndexSchema.create(db)
        }
        return migrator
    }

    /// Bytes of the pages in use (the file less its free pages), after a WAL checkpoint.
    public func usedBytes() throws -> Int {
        try writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return (pages - free) * size
        }
    }

    /// The rows of `query` in article order, a batch at a time, read by keyset (`a.id` after
    /// the last one handed over), so a handler that stores results for its batch never makes
    /// another row be skipped or read twice. `query` selects `a.id` from `article a` (joins
    /// allowed) and ends with its WHERE condition; `arguments` are its own.
    func articleBatches<T>(
        _ query: String, arguments: StatementArguments, batchSize: Int,
        _ transform: (Row) -> T, _ handle: ([T]) throws -> Void
    ) throws {
        var lastID: Int64 = 0
        while true {
            let rows = try read { db in
                try Row.fetchAll(
                    db, sql: query + " AND a.id > ? ORDER BY a.id LIMIT ?", arguments: arguments + [lastID, batchSize])
            }
            guard let last = rows.last else { return }
            try handle(rows.map(transform))
            lastID = last["id"]
        }
    }

    /// Runs a read-only block against the database.
    public func read<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.read(block)
    }

    /// Runs a block on the writer connection outside a transaction (pragmas).
    func writeWithoutTransaction<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(block)
    }

    /// Runs a block in one write transaction.
    public func write<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.write(block)
    }
}

/// An error of the store, with a message fit for the user.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
