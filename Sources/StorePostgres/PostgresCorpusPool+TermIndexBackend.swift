import SinmunStore

/// The term index through the pool, for the dashboard's discovery pages (keyness, emerging
/// terms, topics, the co-occurrence network) and `lemma:` searches: each call on a pooled
/// connection.
extension PostgresCorpusPool: TermIndexBackend {
    public func countArticlesNeedingAnalysis(signatures: [String], excludedLanguages: [String]) throws -> Int {
        try withCorpus {
            try $0.countArticlesNeedingAnalysis(signatures: signatures, excludedLanguages: excludedLanguages)
        }
    }

    public func articlesNeedingAnalysis(
        signatures: [String], excludedLanguages: [String], batchSize: Int,
        _ handle: ([ArticleForAnalysis]) throws -> Void
    ) throws {
        try withCorpus {
            try $0.articlesNeedingAnalysis(
                signatures: signatures, excludedLanguages: excludedLanguages, batchSize: batchSize, handle)
        }
    }

    public func unanalysedArticles(language: String) throws -> Int {
        try withCorpus { try $0.unanalysedArticles(language: language) }
    }

    public func saveTermCounts(_ analyses: [ArticleTermCounts]) throws {
        try withCorpus { try $0.saveTermCounts(analyses) }
    }

    public func analysisCoverage() throws -> AnalysisCoverage {
        try withCorpus { try $0.analysisCoverage() }
    }

    public func terms(fold: String, pos: String?) throws -> [IndexedTerm] {
        try withCorpus { try $0.terms(fold: fold, pos: pos) }
    }

    public func documentFrequencies(key: String) throws -> [(period: String, docs: Int, tokens: Int)] {
        try withCorpus { try $0.documentFrequencies(key: key) }
    }

    public func termTally(of articleIDs: Set<Int64>) throws -> TermTally {
        try withCorpus { try $0.termTally(of: articleIDs) }
    }

    public func forEachTermCounts(
        of articleIDs: Set<Int64>,
        _ body: (_ row: Int64, _ date: String?, _ precision: String, _ tokens: Int, _ terms: [(Int64, Int)]) throws
            -> Void
    ) throws {
        try withCorpus { try $0.forEachTermCounts(of: articleIDs, body) }
    }

    public func corpusTermTally() throws -> TermTally {
        try withCorpus { try $0.corpusTermTally() }
    }

    public func termEntries(_ ids: [Int64]) throws -> [Int64: TermEntry] {
        try withCorpus { try $0.termEntries(ids) }
    }

    public func termIDs(keys: [String]) throws -> Set<Int64> {
        try withCorpus { try $0.termIDs(keys: keys) }
    }

    public func articleTexts(
        _ articleIDs: Set<Int64>
    ) throws -> [(id: Int64, date: String?, title: String, body: String)] {
        try withCorpus { try $0.articleTexts(articleIDs) }
    }

    public func articleUIDs(_ rows: Set<Int64>) throws -> Set<String> {
        try withCorpus { try $0.articleUIDs(rows) }
    }

    public func articleIDs(filter: ArticleFilter, section: String?) throws -> Set<Int64> {
        try withCorpus { try $0.articleIDs(filter: filter, section: section) }
    }

    public func documentTerms(of articleIDs: Set<Int64>) throws -> [DocumentTerms] {
        try withCorpus { try $0.documentTerms(of: articleIDs) }
    }
}
