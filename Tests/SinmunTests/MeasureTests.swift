import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore
import Testing

/// Reference values computed independently with SciPy 1.17.1 (scipy.special.betainc,
/// scipy.special.gammaln, scipy.stats.binomtest(...).proportion_ci(method="exact"),
/// scipy.stats.fisher_exact, scipy.stats.contingency.odds_ratio(kind="conditional")), and
/// for the rate ratio the conditional binomial method of R's poisson.test, computed with
/// scipy.stats.binomtest.
@Suite struct ExactStatisticsTests {
    @Test func incompleteBetaAndLogGamma() {
        #expect(abs(ExactStatistics.incompleteBeta(2.5, 3.5, 0.4) - 0.4869041915261176) < 1e-12)
        #expect(abs(ExactStatistics.incompleteBeta(10, 20, 0.3) - 0.3640040810719437) < 1e-12)
        #expect(abs(ExactStatistics.incompleteBeta(0.5, 0.5, 0.9) - 0.7951672353008665) < 1e-12)
        #expect(abs(ExactStatistics.incompleteBeta(200, 300, 0.41) - 0.677628164772179) < 1e-10)
        #expect(abs(ExactStatistics.logGamma(0.5) - 0.5723649429247) < 1e-12)
        #expect(abs(ExactStatistics.logGamma(100.5) - 361.43554046777757) < 1e-9)
    }

    @Test(arguments: [
        (7, 7, 0.5903836027749514, 1.0), (0, 10, 0.0, 0.30849710781876294),
        (5, 10, 0.1870860284474045, 0.8129139715525955), (81, 263, 0.25273674558504267, 0.36762192260134746),
    ])
    func clopperPearson(k: Int, n: Int, low: Double, high: Double) throws {
        let interval = try #require(ExactStatistics.clopperPearson(successes: k, trials: n))
        #expect(abs(interval.lowerBound - low) < 1e-9)
        #expect(abs(interval.upperBound - high) < 1e-9)
    }

    @Test func binomialTest() {
        #expect(
            abs(ExactStatistics.binomialTestTwoSided(successes: 7, trials: 20, p0: 0.5) - 0.26317596435546875) < 1e-12)
        #expect(
            abs(ExactStatistics.binomialTestTwoSided(successes: 3, trials: 30, p0: 0.3) - 0.01568691368848933) < 1e-10)
    }

    @Test(arguments: [
        (11, 800.0, 3, 1083.0, 4.96375, 1.3112398039720972, 27.709596850711137, 0.01171844528944261),
        (5, 100.0, 5, 100.0, 1.0, 0.23014246893811696, 4.345134579523825, 1.0),
        (20, 50.0, 4, 900.0, 90.0, 30.14872003454282, 362.1187214083707, 2.3013336568603373e-22),
    ])
    func poissonRateRatio(
        x1: Int, t1: Double, x2: Int, t2: Double, ratio: Double, low: Double, high: Double, p: Double
    ) throws {
        let r = try #require(ExactStatistics.rateRatio(count1: x1, exposure1: t1, count2: x2, exposure2: t2))
        #expect(abs(r.ratio! - ratio) < 1e-9)
        #expect(abs(r.lower - low) / low < 1e-7)
        #expect(abs(r.upper! - high) / high < 1e-7)
        #expect(abs(r.pValue - p) / p < 1e-6)
        let infinite = try #require(ExactStatistics.rateRatio(count1: 3, exposure1: 10, count2: 0, exposure2: 10))
        #expect(infinite.ratio == nil && infinite.upper == nil)
        #expect(ExactStatistics.rateRatio(count1: 1, exposure1: 0, count2: 1, exposure2: 1) == nil)
    }

    @Test(arguments: [
        ([8, 2, 1, 5], 0.034965034965034975, 15.465819716921013, 1.0088492079476723, 1059.6394950862782),
        ([3, 1, 1, 3], 0.48571428571428565, 6.408319658199662, 0.21173559544657966, 626.2435305888141),
        ([10, 20, 30, 5], 2.5950857028014678e-05, 0.0874091909363013, 0.019993235775993417, 0.3178399740842805),
    ])
    func fisherExact(table: [Int], p: Double, or: Double, low: Double, high: Double) {
        let r = ExactStatistics.fisherExact(table[0], table[1], table[2], table[3])
        #expect(abs(r.pValue - p) / p < 1e-9)
        #expect(abs(r.oddsRatio! - or) / or < 1e-6)
        #expect(abs(r.lower - low) / low < 1e-5)
        #expect(abs(r.upper! - high) / high < 1e-5)
    }

    @Test func fisherEdgeCases() {
        let zero = ExactStatistics.fisherExact(0, 5, 5, 0)
        #expect(abs(zero.pValue - 0.007936507936507938) < 1e-12)
        #expect(zero.oddsRatio == 0 && zero.lower == 0)
        #expect(abs(zero.upper! - 0.43534120574505614) < 1e-5)
        let empty = ExactStatistics.fisherExact(0, 3, 0, 4)
        #expect(!empty.estimable && empty.pValue == 1)
        #expect(abs(ExactStatistics.chiSquare1Survival(3.84) - 0.05004352124870519) < 1e-9)
    }
}

/// Deterministic simulation for the detectors.
struct Simulation {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    mutating func binomial(_ n: Int, _ p: Double) -> Int { (0..<n).reduce(0) { acc, _ in acc + (next() < p ? 1 : 0) } }
    mutating func exposure() -> Int { 300 + Int(next() * 300) }
}

@Suite struct ChangePointTests {
    /// 36 monthly periods, 300–600 articles a month, share 1% that rises at month 20.
    @Test(arguments: [2.0, 3.0, 5.0])
    func detectsKnownChanges(effect: Double) {
        var detected = 0
        var errors: [Int] = []
        let runs = 20
        for seed in 0..<runs {
            var sim = Simulation(state: UInt64(1000 + seed))
            let exposures = (0..<36).map { _ in sim.exposure() }
            let counts = exposures.enumerated().map { sim.binomial($1, $0 < 20 ? 0.01 : 0.01 * effect) }
            let changes = ChangePointDetector().detect(counts: counts, exposures: exposures)
            if let nearest = changes.min(by: { abs($0.index - 20) < abs($1.index - 20) }), abs(nearest.index - 20) <= 3
            {
                detected += 1
                errors.append(abs(nearest.index - 20))
            }
        }
        let rate = Double(detected) / Double(runs)
        let meanError = errors.isEmpty ? .nan : Double(errors.reduce(0, +)) / Double(errors.count)
        print(
            "change point, effect \(effect)×: detected in \(detected)/\(runs) runs, mean date error \(meanError) months"
        )
        switch effect {
        case 5:
            #expect(rate >= 0.95)
            #expect(meanError <= 0.5)
        case 3:
            #expect(rate >= 0.9)
            #expect(meanError <= 1)
        default: #expect(rate >= 0.5)
        }
    }

    @Test func flatSeriesRarelyAlarm() {
        var alarms = 0
        let runs = 200
        for seed in 0..<runs {
            var sim = Simulation(state: UInt64(50_000 + seed))
            let exposures = (0..<36).map { _ in sim.exposure() }
            let counts = exposures.map { sim.binomial($0, 0.02) }
            if !ChangePointDetector().detect(counts: counts, exposures: exposures).isEmpty { alarms += 1 }
        }
        print("change point, flat series: \(alarms)/\(runs) false alarms")
        #expect(Double(alarms) / Double(runs) < 0.05)
    }

    @Test func degenerateSeries() {
        #expect(ChangePointDetector().detect(counts: [], exposures: []).isEmpty)
        #expect(ChangePointDetector().detect(counts: [1], exposures: [10]).isEmpty)
        #expect(ChangePointDetector().detect(counts: [0, 0, 0, 0], exposures: [5, 5, 5, 5]).isEmpty)
        #expect(BurstDetector().detect(counts: [0, 0, 0], exposures: [10, 10, 10]).isEmpty)
        #expect(BurstDetector().detect(counts: [], exposures: []).isEmpty)
    }

    @Test func burstIsFound() {
        let exposures = Array(repeating: 400, count: 24)
        var counts = Array(repeating: 4, count: 24)
        for month in 10...12 { counts[month] = 40 }
        let bursts = BurstDetector().detect(counts: counts, exposures: exposures)
        #expect(bursts.count == 1)
        #expect(bursts.first?.start == 10 && bursts.first?.end == 12)
        #expect((bursts.first?.weight ?? 0) > 10)
    }
}

@Suite struct SeriesTests {
    func article(_ id: Int64, _ date: String, precision: String = "day") -> DatedArticle {
        DatedArticle(rowID: id, date: date, precision: precision, outlet: "kcna", language: "en", sections: [])
    }

    @Test func monthlySeriesWithGapsAndShares() throws {
        let articles = [
            article(1, "2024-01-05"), article(2, "2024-01-20"), article(3, "2024-03-02"), article(4, "2024-03-09"),
            article(5, "2024-03-30"),
            article(6, "2024-01-01", precision: "year"),
        ]
        let series = SeriesBuilder.build(label: "x", articles: articles, period: .month) {
            [1, 3, 4].contains($0.rowID) ? 1 : nil
        }
        let points = try #require(series.first).points
        #expect(points.map(\.period) == ["2024-01", "2024-02", "2024-03"])
        #expect(points[1].gap && points[1].count == nil && points[1].share == nil)
        #expect(points[0].count == 1 && points[0].exposure == 2)
        #expect(points[2].count == 2 && points[2].exposure == 3)
        #expect(abs(points[2].share! - 2.0 / 3.0) < 1e-12)
        #expect(series.first?.imprecise == 1)
        #expect(SeriesBuilder.sparkline(points.map(\.share)) == "▆ █")  // 0.5 is three quarters of the top, 2/3
    }

    /// A period without a hit has a Wilson lower bound of exactly 0 (`trend --json` printed 1.39e-17 for 0 of 14),
    /// and one where every article is a hit an upper bound of exactly 1.
    @Test func wilsonBoundsAreExactAtTheEdges() throws {
        for n in 1...300 {
            #expect(AgreementStatistics.wilson(successes: 0, trials: n)?.lowerBound == 0, "0 of \(n)")
            #expect(AgreementStatistics.wilson(successes: n, trials: n)?.upperBound == 1, "\(n) of \(n)")
        }
        let february = (1...14).map { article(Int64($0), String(format: "2024-02-%02d", $0)) }
        let march = (1...10).map { article(Int64(100 + $0), String(format: "2024-03-%02d", $0)) }
        let series = SeriesBuilder.build(label: "x", articles: february + march, period: .month) {
            $0.rowID > 100 ? 1 : nil
        }
        let points = try #require(series.first).points
        #expect(points[0].count == 0 && points[0].lower == 0)
        #expect(points[1].count == 10 && points[1].upper == 1)
    }

    @Test func periodKeys() {
        #expect(Period.week.key(for: "2024-12-30") == "2025-W01")
        #expect(Period.quarter.key(for: "2024-08-26") == "2024-Q3")
        #expect(
            Period.month.keys(from: "2023-11-15", to: "2024-02-01") == ["2023-11", "2023-12", "2024-01", "2024-02"])
        #expect(
            Period.quarter.keys(from: "2024-01-01", to: "2024-12-31") == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        #expect(Period.week.keys(from: "2024-12-28", to: "2025-01-08").count == 3)
        #expect(Period.dayBefore("2024-03-01") == "2024-02-29")
    }
}

@Suite struct MeasureErrorTests {
    @Test func eachProblemHasItsCase() throws {
        let store = try Scratch.store()
        let book = try BuiltInCodebooks.load("ai-discourse")
        let empty = MeasureError.noArticles(corpus: nil, outlet: nil, language: nil)
        #expect(throws: empty) { try store.series(of: .query("drone"), period: .month) }
        #expect(empty.description == "the corpus holds no dated articles: import an archive first")

        let feed = """
            {"title": "Drone test", "body": "A new drone was tested.", "date": "2024-01-05", "outlet": "KCNA"}
            {"title": "Harvest", "body": "The harvest was good.", "date": "2024-03-09", "outlet": "KCNA"}

            """
        _ = try store.importArchive(try Scratch.file("feed.jsonl", feed))
        #expect(throws: MeasureError.emptyQuery("  ")) { try store.series(of: .query("  "), period: .month) }
        let notCoded = MeasureError.notCoded(codebook: "ai-discourse")
        #expect(throws: notCoded) { try store.series(of: .code("ai", book), period: .month) }
        #expect(notCoded.description == "the corpus is not coded with ai-discourse yet: run `sinmun code` first")
        let unknown = #expect(throws: MeasureError.self) { try store.series(of: .code("nope", book), period: .month) }
        guard case .unknownCode("nope", codebook: "ai-discourse", let known) = unknown else {
            Issue.record("expected unknownCode, got \(String(describing: unknown))")
            return
        }
        #expect(known.contains("ai"))

        let english = ArticleFilter(language: "xx")
        let noMatch = MeasureError.noArticles(corpus: "2024-01-05"..."2024-03-09", outlet: nil, language: "xx")
        #expect(throws: noMatch) { try store.series(of: .query("drone"), period: .month, filter: english) }
        #expect(
            noMatch.description == "no dated articles match (the corpus spans 2024-01-05 … 2024-03-09, language xx)")

        _ = try store.code(with: book)
        let range = "1990-01-01"..."1990-12-31"
        #expect(throws: MeasureError.emptyRange(range, corpus: "2024-01-05"..."2024-03-09", outlet: nil, language: nil))
        {
            try store.compare(code: "ai", codebook: book, before: range, after: "2024-01-01"..."2024-12-31")
        }
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct TrendOnRealDataTests {
    @Test func kcnaTrendAndCompare() throws {
        let store = try AIDiscourseOnRealDataTests.coded.get()
        let book = try BuiltInCodebooks.load("ai-discourse")
        let series = try #require(try store.series(of: .code("ai", book), period: .month).first)
        #expect(series.total == 7)
        #expect(series.totalExposure == 1275)
        #expect(series.points.first?.period == "2023-12" && series.points.last?.period == "2024-11")
        let february = try #require(series.points.first { $0.period == "2024-02" })
        #expect(february.count == 0 && february.lower == 0)  // not 1.39e-17
        let comparison = try store.compare(
            code: "ai", codebook: book, before: "2023-12-01"..."2024-06-30", after: "2024-07-01"..."2024-11-30")
        #expect(comparison.before.articles + comparison.after.articles == 1275)
        #expect(comparison.before.count == 1 && comparison.after.count == 6)
        let ratio = try #require(comparison.rateRatio)
        #expect(ratio.lower < 1 && (ratio.upper ?? .infinity) > 1)  // too few AI articles to tell
        #expect(comparison.frames.contains { $0.code == "military" })
        #expect(throws: MeasureError.unknownCode("nope", in: book)) {
            try store.compare(
                code: "nope", codebook: book, before: "2024-01-01"..."2024-02-01", after: "2024-03-01"..."2024-04-01")
        }
        let stats = try store.statistics()
        let corpus = try #require(stats.firstDate)...(try #require(stats.lastDate))
        #expect(
            throws: MeasureError.emptyRange("1990-01-01"..."1990-12-31", corpus: corpus, outlet: nil, language: nil)
        ) {
            try store.compare(
                code: "ai", codebook: book, before: "1990-01-01"..."1990-12-31", after: "2024-03-01"..."2024-04-01")
        }
    }
}
