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
    /// all cores, each batch stored in one transaction (a killed run resumes where it
    /// stopped; a rerun with nothing new does nothing). Korean articles need the Korean
    /// analyser; without it they are left for a later run and counted in
    /// ``AnalysisReport/skippedKorean``.
    public func analyze(
        with analyzer: WordAnalyzer, progress: (Int, Int) -> Void = { _, _ in }
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
        let saver = BackgroundSaver(store: self)
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

/// Stores each batch's analysis on another thread while the next batch is analysed, so the
/// store's single writer and the analysing cores work at once instead of taking turns (the
/// save was an eighth of `analyze`'s time). Batches are still stored one at a time, in order,
/// each in its own transaction.
private final class BackgroundSaver: @unchecked Sendable {
    private let store: any TermIndexBackend
    private let group = DispatchGroup()
    private var failure: Error?

    init(store: any TermIndexBackend) { self.store = store }

    /// Waits for the previous batch to be stored, then starts storing this one.
    func save(_ results: [ArticleTermCounts]) throws {
        try finish()
        group.enter()
        DispatchQueue.global().async {
            do { try self.store.saveTermCounts(results) } catch { self.failure = error }
            self.group.leave()
        }
    }

    /// Waits for the last batch to be stored; rethrows a failure to store.
    func finish() throws {
        group.wait()
        if let failure {
            self.failure = nil
            throw failure
        }
    }
}
