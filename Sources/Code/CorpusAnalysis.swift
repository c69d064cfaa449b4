import Foundation
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
    public var seconds: Double
    /// The Korean analyser used (`mecab 0.996 + NK-HanDic v20260903`), or why there was none.
    public var koreanAnalyzer: String
}

extension CorpusStore {
    /// Analyses every article not analysed in its current version into the term index, on
    /// all cores, each batch stored in one transaction (a killed run resumes where it
    /// stopped; a rerun with nothing new does nothing). Korean articles need the Korean
    /// analyser; without it they are left for a later run and counted in
    /// ``AnalysisReport/skippedKorean``.
    public func analyze(with analyzer: WordAnalyzer, progress: (Int, Int) -> Void = { _, _ in }) throws -> AnalysisReport {
        let start = ContinuousClock.now
        let coverage = try analysisCoverage()
        var report = AnalysisReport(analysed: 0, upToDate: 0, skippedKorean: 0, termOccurrences: 0, megabytes: 0, seconds: 0,
                                    koreanAnalyzer: analyzer.korean?.signature ?? (analyzer.koreanUnavailable?.description ?? "none"))
        let english = analyzer.signature(language: "en")!
        var languages: [String: String] = [:]
        if let korean = analyzer.signature(language: "ko") { languages["ko"] = korean }
        // Korean articles are counted as pending when they cannot be analysed now.
        let pendingKorean = analyzer.korean == nil ? try countArticles(language: "ko", unanalysedOnly: true) : 0
        let toDo = max(0, coverage.articles - coverage.analysed - pendingKorean)
        var bytes = 0
        try articlesNeedingAnalysis(analyzers: languages, fallback: english, batchSize: 400) { batch in
            var work = batch
            if analyzer.korean == nil { work.removeAll { $0.language == "ko" } }
            let results = Self.analyzeConcurrently(analyzer, work)
            try saveTermCounts(results)
            report.analysed += results.count
            report.termOccurrences += results.reduce(0) { $0 + $1.terms.reduce(0) { $0 + $1.count } }
            bytes += work.reduce(0) { $0 + $1.title.utf8.count + $1.body.utf8.count }
            progress(report.analysed, toDo)
        }
        report.skippedKorean = pendingKorean
        report.upToDate = max(0, coverage.articles - report.analysed - pendingKorean)
        report.megabytes = Double(bytes) / 1_000_000
        report.seconds = (ContinuousClock.now - start).seconds
        return report
    }

    /// Articles of an edition language, optionally only those without a current analysis.
    func countArticles(language: String, unanalysedOnly: Bool) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM article a LEFT JOIN article_terms t ON t.article_id = a.id
                WHERE a.lang = ? AND (? = 0 OR t.article_id IS NULL OR t.content_hash != a.content_hash)
                """, arguments: [language, unanalysedOnly ? 1 : 0]) ?? 0
        }
    }

    /// Analyses a batch on all cores; results in the batch's order.
    static func analyzeConcurrently(_ analyzer: WordAnalyzer, _ batch: [ArticleForAnalysis]) -> [ArticleTermCounts] {
        let slots = ResultSlots<ArticleTermCounts>(count: batch.count)
        let workers = max(1, min(batch.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < batch.count {
                slots.set(index, ArticleTerms.count(batch[index], analyzer: analyzer))
                index += workers
            }
        }
        return slots.values
    }
}

/// Turns an article into its term counts.
public enum ArticleTerms {
    /// The term counts of an article (title and body), with the analyser's signature.
    public static func count(_ article: ArticleForAnalysis, analyzer: WordAnalyzer) -> ArticleTermCounts {
        let language = WordAnalyzer.isKorean(article.title + article.body, language: article.language) ? "ko" : "en"
        var byKey: [String: TermCount] = [:]
        var order: [String] = []
        for text in [article.title, article.body] where !text.isEmpty {
            // An article is analysed whole or not at all: a Korean one reaches here only with
            // the analyser loaded, so tokens(in:) cannot throw.
            let tokens = (try? analyzer.tokens(in: text, language: article.language)) ?? []
            for occurrence in TermExtraction.occurrences(tokens, text: text, language: language) {
                if byKey[occurrence.key] == nil {
                    order.append(occurrence.key)
                    let termLanguage = occurrence.key.hasPrefix("en:") ? "en" : "ko"
                    byKey[occurrence.key] = TermCount(key: occurrence.key, language: termLanguage, lemma: occurrence.lemma,
                                                      pos: occurrence.pos, fold: TermExtraction.foldedLemma(occurrence.lemma),
                                                      count: 0, forms: [])
                }
                byKey[occurrence.key]!.count += 1
                if !byKey[occurrence.key]!.forms.contains(occurrence.form), byKey[occurrence.key]!.forms.count < 8 {
                    byKey[occurrence.key]!.forms.append(occurrence.form)
                }
            }
        }
        let signature = analyzer.signature(language: article.language == "ko" ? "ko" : "en") ?? "unanalysed"
        return ArticleTermCounts(rowID: article.rowID, contentHash: article.contentHash, analyzer: signature,
                                 period: article.period, terms: order.map { byKey[$0]! })
    }
}
