import Foundation
import SinmunCode
import SinmunMeasure
import SinmunStore

/// The time and peak memory of a topic model (`CorpusStore.topics`) on a synthetic term index of
/// a given size: articles spread evenly over ten years, 120–200 term occurrences each drawn from
/// a Zipf law over 50,000 terms (`SyntheticTermIndex`, written once per size and kept in
/// `workdir`). The texts are empty, so no example sentences are looked for; the rest is the
/// whole path: reading the index, the tf-idf matrix, the fits on both cores, matching the
/// refits, assignment and the shares over time.
public struct TopicBenchmark {
    /// What one run measured.
    public struct Result: Codable, Sendable {
        /// Articles in the synthetic corpus.
        public var articles: Int
        /// Terms kept as columns of the matrix.
        public var vocabulary: Int
        /// The number of topics fitted (the chosen one with `choose`).
        public var topics: Int
        /// Whether the number was chosen by stability among 5, 8, 10 and 12 (16 fits) rather
        /// than given (4 fits).
        public var chosen: Bool
        /// Seconds to write the synthetic corpus (0 when it was already there).
        public var buildSeconds: Double
        /// Wall seconds of `CorpusStore.topics`.
        public var seconds: Double
        /// The model's stability (mean matched cosine over the refits).
        public var stability: Double
        /// The process's peak resident memory, in megabytes (`getrusage`'s maxrss).
        public var peakMemoryMB: Double
    }

    let articles: Int
    let topics: Int
    let choose: Bool
    let workdir: URL

    /// A benchmark of `articles` synthetic articles and `topics` topics (or, with `choose`, the
    /// most stable number), its files in `workdir`.
    public init(articles: Int, topics: Int = 10, choose: Bool = false, workdir: URL) {
        self.articles = articles
        self.topics = topics
        self.choose = choose
        self.workdir = workdir
    }

    /// Builds (or reuses) the corpus, then times one topic model of all of it.
    public func run(progress: (String) -> Void) throws -> Result {
        let (path, buildSeconds) = try SyntheticTermIndex.database(
            "topics", articles: articles, vocabulary: 50_000, in: workdir, progress: progress)
        let store = try CorpusStore(path: path)
        let scope = try Scope("", codebook: BuiltInCodebooks.load("ai-discourse"))
        let options = TopicOptions(topics: choose ? nil : topics, examples: 0)
        progress(choose ? "topics, the number chosen by stability (16 fits)" : "\(topics) topics (4 fits)")
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try store.topics(in: scope, options: options)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Result(
            articles: model.documents, vocabulary: model.vocabulary, topics: model.topics, chosen: choose,
            buildSeconds: buildSeconds, seconds: seconds, stability: model.stability,
            peakMemoryMB: Double(usage.ru_maxrss) / 1024)
    }
}
