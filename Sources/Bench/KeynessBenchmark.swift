import Foundation
import GRDB
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

/// Keyness of one month against the rest on a synthetic term index, against a Python baseline
/// (the same SQLite file read with `sqlite3`, the month's counts summed with
/// `collections.Counter`, G², p and q computed with NumPy and SciPy) in the same run.
///
/// The corpus is synthetic because keyness reads only the term index: articles spread evenly
/// over ten years, 120–200 term occurrences each drawn from a Zipf law over the vocabulary.
/// It is written once per size and kept in `workdir`.
public struct KeynessBenchmark {
    /// What one run measured.
    public struct Result: Codable, Sendable {
        /// Articles in the synthetic corpus.
        public var articles: Int
        /// Distinct terms in its index.
        public var terms: Int
        /// Articles in the target month.
        public var targetArticles: Int
        /// Seconds to write the synthetic corpus (0 when it was already there).
        public var buildSeconds: Double
        /// Median seconds of `CorpusStore.keyness`, target month against the rest, over three runs.
        public var sinmunSeconds: Double
        /// Median seconds of the Python baseline over three runs; nil when it could not run.
        public var pythonSeconds: Double?
        /// `pythonSeconds / sinmunSeconds`: above 1, Sinmun is faster.
        public var ratio: Double?
        /// Whether both name the same 20 most key terms.
        public var sameTopTerms: Bool?
        /// Why the baseline did not run, if it did not.
        public var note: String?
    }

    let articles: Int
    let vocabulary: Int
    let workdir: URL

    /// A benchmark of `articles` synthetic articles over `vocabulary` terms, its files in `workdir`.
    public init(articles: Int, vocabulary: Int = 50_000, workdir: URL) {
        self.articles = articles
        self.vocabulary = vocabulary
        self.workdir = workdir
    }

    /// The target: one month in the middle of the ten years.
    public static let month = "2020-06"

    /// Builds (or reuses) the corpus, then times Sinmun and the baseline on it.
    public func run(progress: (String) -> Void) throws -> Result {
        let (path, buildSeconds) = try SyntheticTermIndex.database(
            "keyness", articles: articles, vocabulary: vocabulary, in: workdir, progress: progress)
        let store = try CorpusStore(path: path)
        let book = try BuiltInCodebooks.load("ai-discourse")
        let scope = try Scope("from:\(Self.month) to:\(Self.month)", codebook: book)
        let options = KeynessOptions(minCount: 5, limit: 20, examples: 0)
        progress("keyness of \(Self.month) against the rest, three runs")
        var table: KeynessTable?
        let sinmun = try Self.median(3) { table = try store.keyness(target: scope, reference: nil, options: options) }
        var result = Result(
            articles: articles, terms: try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM term") ?? 0 },
            targetArticles: table?.targetDocuments ?? 0, buildSeconds: buildSeconds, sinmunSeconds: sinmun)
        progress("the Python baseline, three runs")
        switch PythonKeyness.run(database: path, month: Self.month, workdir: workdir) {
        case .success(let python):
            result.pythonSeconds = python.seconds
            result.ratio = python.seconds / max(sinmun, 1e-9)
            result.sameTopTerms = python.top == (table?.rows.map(\.term) ?? [])
        case .failure(let error):
            result.note = error.description
        }
        return result
    }

    /// The median of `runs` timings of `body`.
    static func median(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }
}
