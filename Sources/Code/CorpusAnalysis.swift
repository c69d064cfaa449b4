import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

/// What one `sinmun analyze` run did.
public struct AnalysisReport: Codable, Sendable {
    /// Articles analysed in this run (new, changed, or analysed by another analyser).
    public var analysed: Int
    /// Articles already analysed in their current version, left alone.
    public var upToDate: Int
    /// Korean articles left unanalysed because MeCab or NK-HanDic is missing.
    public var skippedKorean: Int
    /// Term occurrences counted in this run.
    public var termOccurrences: Int
    /// Megabytes of text (UTF-8) analysed.
    public var megabytes: Double
    /// Wall-clock seconds the run took.
    public var seconds: Double
    /// The Korean analyser used (`mecab 0.996 + NK-HanDic v20260903`), or why there was none.
    public var koreanAnalyzer: String
}

extension TermIndexBackend {
    /// Analyses every article not analysed in its current version into the term index, on
    /// all cores, `articlesPerTransaction` articles stored in each transaction (a killed run
    /// resumes where it stopped; a rerun with nothing new does nothing). Korean articles need
    /// the Korean analyser; without it they are left for a later run and counted in
    /// ``AnalysisReport/skippedKorean``.
    ///
    /// - Parameters:
    ///   - analyzer: the Korean and English analysers.
    ///   - articlesPerTransaction: analyses kept back and stored together (a killed run loses
    ///     about twice this many). Fewer, larger transactions write much less: on 100,000
    ///     synthetic articles, 7.1 GB at 2,000 against 32 GB at 400, for 250 MB more memory.
    ///   - progress: called with the articles analysed and the articles to analyse.
    public func analyze(
        with analyzer: WordAnalyzer, articlesPerTransaction: Int = 2000, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> AnalysisReport {
        let start = ContinuousClock.now
        var report = AnalysisReport(
            analysed: 0, upToDate: 0, skippedKorean: 0, termOccurrences: 0, megabytes: 0, seconds: 0,
            koreanAnalyzer: analyzer.korean?.signature ?? (analyzer.koreanUnavailable?.description ?? "none"))
        let signatures = ["ko", "en"].compactMap { analyzer.signature(language: $0) }
        // Without the Korean analyser, Korean articles wait for a later run and are counted.
        let excluded = analyzer.korean == nil ? ["ko"] : []
        report.skippedKorean = analyzer.korean == nil ? try unanalysedArticles(language: "ko") : 0
        let toDo = try countArticlesNeedingAnalysis(signatures: signatures, excludedLanguages: excluded)
        report.upToDate = try analysisCoverage().articles - toDo - report.skippedKorean
        var bytes = 0
        let saver = BackgroundSaver(store: self, articlesPerTransaction: articlesPerTransaction)
        try articlesNeedingAnalysis(signatures: signatures, excludedLanguages: excluded, batchSize: 400) { batch in
            let results = Self.analyzeConcurrently(analyzer, batch)
            try saver.save(results)
            report.analysed += results.count
            report.termOccurrences += results.reduce(0) { $0 + $1.terms.reduce(0) { $0 + $1.count } }
            bytes += batch.reduce(0) { $0 + $1.title.utf8.count + $1.body.utf8.count }
            progress(report.analysed, toDo)
        }
        try saver.finish()
        report.megabytes = Double(bytes) / 1_000_000
        report.seconds = (ContinuousClock.now - start).seconds
        return report
    }

    /// Analyses a batch on all cores; results in the batch's order.
    static func analyzeConcurrently(_ analyzer: WordAnalyzer, _ batch: [ArticleForAnalysis]) -> [ArticleTermCounts] {
        ResultSlots.map(count: batch.count, workers: ProcessInfo.processInfo.activeProcessorCount) {
            ArticleTerms.count(batch[$0], analyzer: analyzer)
        }
    }
}

/// Turns an article into its term counts.
public enum ArticleTerms {
    /// The term counts of an article (title and body), with the analyser's signature.
    public static func count(_ article: ArticleForAnalysis, analyzer: WordAnalyzer) -> ArticleTermCounts {
        var terms: [TermCount] = []
        var position: [String: Int] = [:]
        for text in [article.title, article.body] where !text.isEmpty {
            // An article is analysed whole or not at all: a Korean one reaches here only with
            // the analyser loaded, so tokens(in:) cannot throw.
            let tokens = (try? analyzer.tokens(in: text, language: article.language)) ?? []
            for occurrence in TermExtraction.occurrences(tokens, text: text) {
                let index: Int
                if let known = position[occurrence.key] {
                    index = known
                } else {
                    index = terms.count
                    position[occurrence.key] = index
                    terms.append(
                        TermCount(
                            key: occurrence.key, language: occurrence.key.hasPrefix("en:") ? "en" : "ko",
                            lemma: occurrence.lemma, pos: occurrence.pos,
                            fold: occurrence.fold, count: 0, forms: []))
                }
                terms[index].count += 1
                if terms[index].forms.count < 8, !terms[index].forms.contains(occurrence.form) {
                    terms[index].forms.append(occurrence.form)
                }
            }
        }
        return ArticleTermCounts(
            rowID: article.rowID, contentHash: article.contentHash,
            analyzer: analyzer.signature(language: article.language) ?? "unanalysed", period: article.period,
            terms: terms)
    }
}

/// Stores the analyses on another thread while the next batches are analysed, so the store's
/// single writer and the analysing cores work at once instead of taking turns (the save was an
/// eighth of `analyze`'s time). Batches are gathered into transactions of at least
/// `articlesPerTransaction` articles, stored one at a time and in order: each transaction
/// rewrites the pages of the running totals it touches, which at 1M spread over the whole term
/// index, so fewer and larger transactions write far less.
private final class BackgroundSaver: @unchecked Sendable {
    private let store: any TermIndexBackend
    private let articlesPerTransaction: Int
    private let group = DispatchGroup()
    private var pending: [ArticleTermCounts] = []
    private var failure: Error?

    init(store: any TermIndexBackend, articlesPerTransaction: Int) {
        self.store = store
        self.articlesPerTransaction = articlesPerTransaction
    }

    /// Keeps `results`; once enough are kept, waits for the previous transaction to be stored
    /// and starts storing them.
    func save(_ results: [ArticleTermCounts]) throws {
        pending += results
        if pending.count >= articlesPerTransaction { try flush() }
    }

    /// Stores what is kept (after the previous transaction), then waits for it; rethrows a
    /// failure to store.
    func finish() throws {
        try flush()
        try wait()
    }

    private func flush() throws {
        try wait()
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        group.enter()
        DispatchQueue.global().async {
            do { try self.store.saveTermCounts(batch) } catch { self.failure = error }
            self.group.leave()
        }
    }

    private func wait() throws {
        group.wait()
        if let failure {
            self.failure = nil
            throw failure
        }
    }
}
