import SinmunCollect
import SinmunStore

/// The fixed searches timed at every size of `sinmun bench scale` and by `sinmun bench search`,
/// and how their latency is measured, on whichever backend answers them.
public enum SearchLatency {
    /// One timed search: a query as typed and the filter it runs under.
    public struct Case: Sendable {
        /// The query as typed.
        public var typed: String
        /// The filter (a dashboard's year or outlet), empty for most.
        public var filter: ArticleFilter
        /// How the case is printed and keyed in JSON: the query, with its filter in brackets.
        public var label: String

        /// A case of a query and, optionally, a filter described by `scope`.
        public init(_ typed: String, filter: ArticleFilter = ArticleFilter(), scope: String? = nil) {
            self.typed = typed
            self.filter = filter
            self.label = scope.map { "\(typed) [\($0)]" } ?? typed
        }
    }

    /// Korean and English words, phrases and names, a lemma search, and the filters a dashboard
    /// sends (a year, a span of years with an edition, an outlet): the broad queries match a
    /// third of a synthetic corpus, so they exercise the ranking window.
    public static let cases: [Case] = [
        Case("인공지능"), Case("로동"), Case("노동"), Case("\"artificial intelligence\""), Case("drone"),
        Case("Kim Jong Un"), Case("주권"), Case("sovereignty"), Case("조선로동당"), Case("경제"),
        Case("lemma:조선로동당"),
        Case("경제", filter: ArticleFilter(from: day(2024, 1, 1), to: day(2024, 12, 31)), scope: "2024"),
        Case(
            "drone", filter: ArticleFilter(from: day(2020, 1, 1), to: day(2022, 12, 31), language: "en"),
            scope: "2020–2022, en"),
        Case("인공지능", filter: ArticleFilter(from: day(2018, 1, 1)), scope: "since 2018"),
        Case("Kim Jong Un", filter: ArticleFilter(outlet: .kcna), scope: "KCNA"),
    ]

    private static func day(_ year: Int, _ month: Int, _ day: Int) -> PublicationDate? {
        PublicationDate(year: year, month: month, day: day)
    }

    /// Latencies of the cases: p50 and p99 over all runs (ms), and each case's median and hit
    /// count. Each case runs once to warm up (its count is the hits), then `runs` times timed.
    /// `search` returns the total matches, or nil for a case the backend cannot answer, which
    /// is left out and named in `skipped`.
    public static func measure(
        cases: [Case] = cases, runs: Int = 10, search: (SearchQuery, ArticleFilter) async throws -> Int?
    ) async rethrows -> (p50: Double, p99: Double, queries: [ScaleBenchmark.QueryTiming], skipped: [String]) {
        var latencies: [Double] = []
        var queries: [ScaleBenchmark.QueryTiming] = []
        var skipped: [String] = []
        for item in cases {
            let parsed = SearchQuery(typed: item.typed)
            guard let hits = try await search(parsed, item.filter) else {
                skipped.append(item.label)
                continue
            }
            var own: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                _ = try await search(parsed, item.filter)
                own.append((ContinuousClock.now - start).seconds * 1000)
            }
            latencies += own
            queries.append(
                ScaleBenchmark.QueryTiming(query: item.label, medianMs: own.sorted()[own.count / 2], hits: hits))
        }
        latencies.sort()
        guard !latencies.isEmpty else { return (0, 0, queries, skipped) }
        return (
            latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)], queries,
            skipped
        )
    }
}
