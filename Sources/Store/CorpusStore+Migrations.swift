import GRDB

/// The corpus database's schema, one migration per version. Every database records the identifiers of the
/// migrations it ran, and its schema keeps their SQL: neither may change; a change to the schema is a new migration.
extension CorpusStore {
    /// Brings a database of any earlier version up to date.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: articles, addresses, provenance, near-duplicates, FTS", migrate: createArticles)
        migrator.registerMigration("v2: coding results with evidence", migrate: createCoding)
        migrator.registerMigration("v3: revisions", migrate: createRevisions)
        migrator.registerMigration("v4: human labels", migrate: createHumanLabels)
        migrator.registerMigration("v5: crawl ledger and raw pages", migrate: createCrawlLedger)
        migrator.registerMigration("v6: LSH keys without an index by article", migrate: dropLSHIndexByArticle)
        migrator.registerMigration("v7: a compact index of the filter columns", migrate: createFilterIndex)
        migrator.registerMigration("v8: FTS5 merges less often", migrate: mergeFTSLessOften)
        migrator.registerMigration("v9: the term index", migrate: createTermIndex)
        migrator.registerMigration("v10: quotes and how actors link to the concept", migrate: createQuotes)
        migrator.registerMigration(
            "v11: watch rules, alerts, deliveries, drop folder, crawl marks", migrate: createWatch)
        migrator.registerMigration(
            "v12: the full-text index with facets, and a transaction's postings kept in memory",
            migrate: indexFacets)
        return migrator
    }

    /// v1: the articles, their addresses, sections and provenance, near-duplicate pairs, the full-text index.
    private static func createArticles(_ db: Database) throws {
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

    /// v2: coding results with their evidence, and which codebook version coded which article version.
    private static func createCoding(_ db: Database) throws {
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

    /// v10: the reported speech coding found, and each actor code's link to the concept.
    private static func createQuotes(_ db: Database) throws {
        try db.execute(
            sql: """
                -- speaks, subject or mentioned: how an actor code's evidence links it to the concept.
                ALTER TABLE article_code ADD COLUMN link TEXT;
                -- Who speaks in an article and what they are reported to say, per codebook.
                CREATE TABLE article_quote (
                    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                    codebook TEXT NOT NULL,
                    quotes TEXT NOT NULL,         -- JSON array of StoredQuote
                    PRIMARY KEY (codebook, article_id)
                ) WITHOUT ROWID;
                """)
    }

    /// v11: what `sinmun watch` keeps between runs.
    private static func createWatch(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Standing rules; built-in ones are disabled, never deleted (or they would come back).
                CREATE TABLE watch_rule (
                    name TEXT PRIMARY KEY,
                    definition TEXT NOT NULL,     -- JSON of WatchRule
                    built_in INTEGER NOT NULL DEFAULT 0,
                    enabled INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL
                );
                -- A rule fires once per period: the key makes a rerun unable to repeat an alert.
                CREATE TABLE watch_alert (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    rule TEXT NOT NULL,
                    period TEXT NOT NULL,
                    fired_at TEXT NOT NULL,
                    alert TEXT NOT NULL,          -- JSON of WatchAlert
                    UNIQUE (rule, period)
                );
                -- Each alert's deliveries: standard output and every webhook, until one succeeds.
                CREATE TABLE watch_delivery (
                    alert_id INTEGER NOT NULL REFERENCES watch_alert(id) ON DELETE CASCADE,
                    target TEXT NOT NULL,         -- 'stdout' or a webhook URL
                    state TEXT NOT NULL,          -- 'pending' or 'delivered'
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    delivered_at TEXT,
                    PRIMARY KEY (alert_id, target)
                ) WITHOUT ROWID;
                CREATE INDEX watch_delivery_pending ON watch_delivery(state, target);
                -- Files of a drop folder already handled, by path and content.
                CREATE TABLE watch_file (
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    state TEXT NOT NULL,          -- 'imported' or 'failed'
                    reason TEXT,
                    size INTEGER,                 -- with modified: a file unchanged since is not read again
                    modified REAL,
                    handled_at TEXT NOT NULL,
                    PRIMARY KEY (path, sha256)
                ) WITHOUT ROWID;
                -- The last day of each crawled edition known to be complete.
                CREATE TABLE watch_crawl (
                    crawl TEXT PRIMARY KEY,       -- 'rodong/ko'
                    complete_through TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
    }

    /// v3: later texts found at an article's address.
    private static func createRevisions(_ db: Database) throws {
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

    /// v4: human coders' labels from the dashboard.
    private static func createHumanLabels(_ db: Database) throws {
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

    /// v5: the crawl ledger and the raw pages.
    private static func createCrawlLedger(_ db: Database) throws {
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

    /// v6: the LSH keys lose their index by article.
    private static func dropLSHIndexByArticle(_ db: Database) throws {
        // Candidates are found by keys computed from the signature; the index by article
        // cost a quarter of the LSH table's space and an insert per key (issue 9).
        try db.execute(sql: "DROP INDEX IF EXISTS article_lsh_by_article")
    }

    /// v7: a covering index of the columns search filters by.
    private static func createFilterIndex(_ db: Database) throws {
        // Search joins every full-text match to its article to filter by date, outlet or
        // edition; through this covering index that is ~6x faster than through the table,
        // whose rows carry the whole text (issue 9).
        try db.execute(sql: "CREATE INDEX article_filter ON article(id, lang, outlet, date)")
    }

    /// v8: FTS5 merges segments less often.
    private static func mergeFTSLessOften(_ db: Database) throws {
        // FTS5 merges segments once 16 (not 4) of a level exist: imports write ~25% faster,
        // searches barely change (measured on 20,000 synthetic articles, issue 9).
        try db.execute(sql: "INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16)")
    }

    /// v12: the full-text index rebuilt with a third column, `facets` (``SearchFacets``), so a
    /// filtered search is answered by the index; and FTS5 keeps a transaction's postings in
    /// memory. The index is contentless: each row is written again from its article.
    private static func indexFacets(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TABLE article_fts;
                CREATE VIRTUAL TABLE article_fts USING fts5(
                    title, body, facets, content='', tokenize='porter unicode61 remove_diacritics 2'
                );
                -- As v8: merge once 16 segments of a level exist.
                INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16);
                -- Flush pending postings once per transaction, not every megabyte (the default cut
                -- an import transaction of 10,000 articles into dozens of segments for the merges
                -- to join again). A cap, not an allocation.
                INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 268435456);
                """)
        let articles = try Row.fetchCursor(db, sql: "SELECT id, date, outlet, lang, title, body FROM article")
        let index = try db.makeStatement(
            sql: "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)")
        while let row = try articles.next() {
            try index.execute(arguments: [
                row["id"], SearchText.indexForm(row["title"]), SearchText.indexForm(row["body"]),
                SearchFacets.tokens(date: row["date"], outlet: row["outlet"], language: row["lang"]),
            ])
        }
        // One rebuild in one transaction leaves many segments: merge them into one.
        try db.execute(sql: "INSERT INTO article_fts (article_fts) VALUES ('optimize')")
    }

    /// v9: the term index (``TermIndexSchema``).
    private static func createTermIndex(_ db: Database) throws {
        try TermIndexSchema.create(db)
    }
}
