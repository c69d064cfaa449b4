import Foundation
import SinmunCode
import SinmunCollect
import SinmunStore

/// Measures coding the shared corpora with a codebook: CPU time per thousand articles, both
/// for the coder alone (in memory, one thread) and for `sinmun code` end to end (reading and
/// writing the database, all cores).
public struct CodingBenchmark: Sendable {
    /// The figures of one run, as `sinmun bench coding --json` writes them.
    public struct Result: Codable, Sendable {
        /// The codebook applied.
        public var codebook: String
        /// Articles coded.
        public var articles: Int
        /// Their text (titles and bodies), in MB.
        public var textMegabytes: Double
        /// The coder alone, one thread.
        public var coderCPUSecondsPerThousand: Double
        /// The coder alone: MB of text per CPU second.
        public var coderMBps: Double
        /// `sinmun code` end to end.
        public var runCPUSecondsPerThousand: Double
        /// `sinmun code` end to end: wall-clock seconds.
        public var runWallSeconds: Double
        /// Articles that earned at least one code.
        public var articlesWithCodes: Int
    }

    /// The shared corpora folder (`../shared/corpora`).
    public var corpora: URL
    /// A built-in codebook's name or a codebook file.
    public var codebook: String

    /// A benchmark of `codebook` over the shared corpora.
    public init(corpora: URL, codebook: String = "ai-discourse") {
        self.corpora = corpora
        self.codebook = codebook
    }

    /// Imports the corpora into a temporary database, then times the coder and `sinmun code`.
    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sinmun-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CorpusStore(path: directory.appendingPathComponent("bench.sqlite").path)
        progress("importing the shared corpora")
        for source in [
            "kcna-en-2024/headlines_2024-11-11.json", "rodong-en-2021-2022/rodong_top_news.jsonl",
            "new-year-addresses-ko", "ko-2026-sample/kcna_rodong_ko_2026.jsonl",
        ] {
            _ = try store.importArchive(corpora.appendingPathComponent(source))
        }
        let book = try BuiltInCodebooks.load(codebook)
        var texts: [(String, String)] = []
        try store.articlesNeedingCoding(codebook: book.name, hash: book.hash) { batch in
            texts += batch.map { ($0.title, $0.body) }
        }
        let bytes = texts.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        progress("coding \(texts.count) articles in memory")
        let coder = ArticleCoder(codebook: book)
        let coderStart = Self.cpuSeconds()
        for _ in 0..<3 {
            for (title, body) in texts { _ = coder.code(title: title, body: body) }
        }
        let coderCPU = (Self.cpuSeconds() - coderStart) / 3
        progress("sinmun code end to end")
        let runStart = Self.cpuSeconds()
        let report = try store.code(with: book)
        let runCPU = Self.cpuSeconds() - runStart
        let thousands = Double(texts.count) / 1000
        return Result(
            codebook: book.name, articles: texts.count, textMegabytes: Double(bytes) / 1_000_000,
            coderCPUSecondsPerThousand: coderCPU / thousands, coderMBps: Double(bytes) / 1_000_000 / coderCPU,
            runCPUSecondsPerThousand: runCPU / thousands, runWallSeconds: report.seconds,
            articlesWithCodes: report.withCodes)
    }

    /// User plus system CPU time of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
