import GRDB

/// Tables of the term index (migration v9), which `sinmun analyze` fills from the
/// word-level analyser: terms under folded keys, the forms they were printed in, counts per
/// article and document frequencies per period.
enum TermIndexSchema {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per term key: 'ko:노동/NNG' (lemma folded to one spelling, Sejong tag) or
                -- 'en:drone' (stem). docs and tokens are corpus totals, kept current by analyze.
                CREATE TABLE term (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    lang TEXT NOT NULL,            -- 'ko' or 'en'
                    lemma TEXT NOT NULL,           -- the lemma as first printed (로동)
                    pos TEXT NOT NULL,             -- Sejong tag; 'SL' for English
                    fold TEXT NOT NULL,            -- the folded lemma, for lemma: searches
                    docs INTEGER NOT NULL DEFAULT 0,
                    tokens INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX term_by_fold ON term(fold, pos);

                -- The forms a term was printed in (로동, 노동; 받아들여, 받아들이며).
                CREATE TABLE term_form (
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    form TEXT NOT NULL,
                    PRIMARY KEY (term_id, form)
                ) WITHOUT ROWID;

                -- Document frequency and occurrences of each term per period: 'YYYY-MM' for articles
                -- dated to the day or month, 'YYYY' for those dated to the year, '' for undated.
                CREATE TABLE term_period (
                    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
                    period TEXT NOT NULL,
                    docs INTEGER NOT NULL,
                    tokens INTEGER NOT NULL,
                    PRIMARY KEY (term_id, period)
                ) WITHOUT ROWID;

                -- Per article: which version was analysed by which analyser, and its term counts as
                -- varint pairs (term id delta, count), ascending ids.
                CREATE TABLE article_terms (
                    article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
                    content_hash TEXT NOT NULL,
                    analyzer TEXT NOT NULL,
                    period TEXT NOT NULL,
                    tokens INTEGER NOT NULL,       -- the sum of its term counts
                    terms BLOB NOT NULL
                );

                -- Which articles hold which term: one posting per article and term (ids as words
                -- 't123'), no positions, so a lemma search is one doclist read.
                CREATE VIRTUAL TABLE term_fts USING fts5(terms, content='', detail=none, columnsize=0);
                """)
    }
}
