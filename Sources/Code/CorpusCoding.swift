import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

/// What one `sinmun code` run did.
public struct CodingReport: Codable, Sendable {
    /// The codebook's name.
    public var codebook: String
    /// The codebook's ``Codebook/hash``: the version of it the codes come from.
    public var codebookHash: String
    /// Articles coded in this run (new, changed, or all after a codebook edit).
    public var coded: Int
    /// Articles already coded by this version of the codebook, left alone.
    public var upToDate: Int
    /// Articles that earned at least one code, among those coded now.
    public var withCodes: Int
    /// Codes assigned in this run, by code name.
    public var assigned: [String: Int]
    /// Wall-clock seconds the run took.
    public var seconds: Double
}

extension CodingBackend {
    /// Codes every article the codebook has not coded in its current version, on all cores,
    /// writing each batch in one transaction (a killed run resumes where it stopped).
    ///
    /// A codebook that names lemmas reads words with `words` (by default the analyser found on
    /// this machine); one that names Korean lemmas throws `AnalyzerError` when MeCab or
    /// NK-HanDic is missing, before coding anything.
    public func code(
        with codebook: Codebook, words: WordAnalyzer? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> CodingReport {
        let start = ContinuousClock.now
        var analyzer = words
        if codebook.usesLemmas, analyzer == nil { analyzer = WordAnalyzer() }
        if codebook.usesKoreanLemmas, analyzer?.korean == nil {
            throw analyzer?.koreanUnavailable ?? AnalyzerError.libraryNotFound("not loaded")
        }
        let coder = ArticleCoder(codebook: codebook, words: analyzer)
        let coverage = try codingCoverage(codebook: codebook.name)
        let alreadyCoded = coverage.hash == codebook.hash ? coverage.coded : 0
        let toCode = coverage.articles - alreadyCoded
        var report = CodingReport(
            codebook: codebook.name, codebookHash: codebook.hash, coded: 0, upToDate: alreadyCoded,
            withCodes: 0, assigned: [:], seconds: 0)
        try articlesNeedingCoding(codebook: codebook.name, hash: codebook.hash, batchSize: 1000) { batch in
            let results = ArticleCoder.codeConcurrently(coder, batch)
            try saveCoding(codebook: codebook.name, hash: codebook.hash, results: Array(zip(batch, results)))
            report.coded += batch.count
            for coding in results {
                if !coding.codes.isEmpty { report.withCodes += 1 }
                for code in coding.codes { report.assigned[code.code, default: 0] += 1 }
            }
            progress(report.coded, toCode)
        }
        report.seconds = (ContinuousClock.now - start).seconds
        return report
    }
}

extension ArticleCoder {
    /// Codes a batch on all cores; results in the batch's order.
    static func codeConcurrently(_ coder: ArticleCoder, _ batch: [ArticleText]) -> [ArticleCoding] {
        ResultSlots.map(count: batch.count, workers: ProcessInfo.processInfo.activeProcessorCount * 4) {
            coder.coding(title: batch[$0].title, body: batch[$0].body)
        }
    }
}
