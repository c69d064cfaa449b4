import Foundation
import SinmunBench
import SinmunCode
import SinmunRead
import SinmunShow
import SinmunStore
import Testing

@testable import SinmunMeasure

/// The 2×2 statistics against SciPy 1.17 on fixed counts (`scipy.stats.chi2_contingency` with
/// and without Yates's correction, `lambda_="log-likelihood"` for G², `chi2.sf` for p,
/// `false_discovery_control` for q; Williams's q computed by its formula), signed as quanteda
/// signs them.
@Suite struct KeynessStatisticsTests {
    /// (a, b, target tokens, reference tokens) and SciPy's G², G² Yates, G² Williams, χ², χ² Yates, p(G²).
    static let references: [((Int, Int, Int, Int), [Double])] = [
        (
            (25, 10, 1000, 5000),
            [
                51.801256354266194, 49.28717916195528, 50.315694527736355, 76.0148485211352,
                72.10058675607713, 6.141250048062721e-13,
            ]
        ),
        (
            (3, 40, 800, 20000),
            [
                0.927418316110602, 0.3919970822659815, 0.8423948444348183, 1.1418955331404033,
                0.4511652555428205, 0.33553467377960333,
            ]
        ),
        (
            (0, 12, 500, 9000),
            [
                -1.2984561452995471, -0.03109669930109693, -1.0267227588120422, -0.6675098369870713,
                -0.02897178111923053, 0.2544954190802015,
            ]
        ),
        (
            (7, 0, 300, 4000),
            [
                37.42944677642646, 31.21402403771775, 27.86885564339634, 93.48551906203899,
                79.68000926203233, 9.47802554243138e-10,
            ]
        ),
        (
            (120, 300, 50000, 400000),
            [
                95.57843047833319, 94.41655180647874, 95.23358633823605, 129.76397018169342,
                128.0004939133668, 1.4214674626514445e-22,
            ]
        ),
    ]

    static func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(1, abs(y)) }

    @Test(arguments: references)
    func statisticsMatchSciPy(counts: (Int, Int, Int, Int), expected: [Double]) {
        let (a, b, t, r) = counts
        let values = [
            KeynessStatistics.g2(a: a, b: b, targetTokens: t, referenceTokens: r),
            KeynessStatistics.g2(a: a, b: b, targetTokens: t, referenceTokens: r, correction: .yates),
            KeynessStatistics.g2(a: a, b: b, targetTokens: t, referenceTokens: r, correction: .williams),
            KeynessStatistics.chi2(a: a, b: b, targetTokens: t, referenceTokens: r),
            KeynessStatistics.chi2(a: a, b: b, targetTokens: t, referenceTokens: r, correction: .yates),
            KeynessStatistics.pValue(chiSquare: KeynessStatistics.g2(a: a, b: b, targetTokens: t, referenceTokens: r)),
        ]
        for (value, reference) in zip(values, expected) {
            // p-values this small are compared relatively (erfc and SciPy's series agree to ~1e-9).
            #expect(Self.close(value, reference), "\(counts): \(value) vs SciPy \(reference)")
        }
    }

    @Test func benjaminiHochbergMatchesSciPy() {
        let q = KeynessStatistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.2, 0.0005])
        for (value, reference) in zip(q, [0.025, 0.05, 0.05, 0.2, 0.0025]) { #expect(Self.close(value, reference)) }
    }

    @Test func absentTermsGiveFiniteNumbersNeverNaN() {
        // A term seen only in the reference, only in the target, and a target of one token.
        for (a, b, t, r) in [(0, 50, 1000, 1000), (9, 0, 10, 100_000), (1, 0, 1, 1), (0, 0, 0, 0)] {
            let values = [
                KeynessStatistics.g2(a: a, b: b, targetTokens: t, referenceTokens: r, correction: .williams),
                KeynessStatistics.chi2(a: a, b: b, targetTokens: t, referenceTokens: r, correction: .yates),
                KeynessStatistics.logRatio(a: a, b: b, targetTokens: t, referenceTokens: r),
                KeynessStatistics.pmi(a: a, b: b, targetTokens: t, referenceTokens: r),
            ]
            #expect(values.allSatisfy { $0.isFinite }, "\((a, b, t, r)): \(values)")
        }
        #expect(KeynessStatistics.logRatio(a: 0, b: 50, targetTokens: 1000, referenceTokens: 1000) < -5)
        #expect(KeynessStatistics.g2(a: 0, b: 50, targetTokens: 1000, referenceTokens: 1000) < 0)
    }
}

@Suite struct ScopeTests {
    static let book = try! BuiltInCodebooks.load("ai-discourse")

    @Test func pairsQuotesAndDates() throws {
        let scope = try Scope(
            "code:ai  q:\"state-led model\" from:2024-10 to:2024-10 outlet:kcna lang:en", codebook: Self.book)
        #expect(scope.filter.code == "ai" && scope.filter.codebook == Self.book.name)
        #expect(scope.query == "state-led model")
        #expect(scope.filter.from?.isoString == "2024-10-01")
        #expect(scope.filter.to?.isoString == "2024-10-31")
        #expect(scope.filter.outlet?.rawValue == "kcna" && scope.filter.language == "en")
        #expect(try Scope("", codebook: Self.book).description == "the whole corpus")
    }

    @Test func badScopesSayWhatIsWrong() {
        #expect(throws: ScopeError.notAPair("drone")) { try Scope("drone", codebook: Self.book) }
        #expect(throws: ScopeError.unknownKey("year")) { try Scope("year:2024", codebook: Self.book) }
        #expect(throws: ScopeError.badDate(key: "from", value: "yesterday")) {
            try Scope("from:yesterday", codebook: Self.book)
        }
        #expect(throws: ScopeError.unclosedQuote("q")) { try Scope("q:\"open", codebook: Self.book) }
        #expect(throws: ScopeError.emptyValue("outlet")) { try Scope("outlet: lang:ko", codebook: Self.book) }
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct KeynessOnRealDataTests {
    /// KCNA 2024 alone, analysed (English needs no MeCab).
    static let kcna: Result<CorpusStore, Error> = Result {
        let store = try CorpusStore(path: Scratch.path("kcna-keyness.sqlite"))
        _ = try store.importArchive(SharedCorpus.kcna)
        _ = try store.analyze(with: WordAnalyzer(dicdir: nil))
        return store
    }

    static let book = try! BuiltInCodebooks.load("ai-discourse")

    @Test func octoberAgainstTheRestSurfacesTheDroneIncursion() throws {
        let store = try Self.kcna.get()
        let table = try store.keyness(
            target: try Scope("from:2024-10 to:2024-10", codebook: Self.book), reference: nil,
            options: KeynessOptions(limit: 20))
        let lemmas = table.rows.map(\.lemma)
        // The October 2024 drone incursion over Pyongyang, blamed on the ROK military.
        #expect(lemmas.contains("drone") && lemmas.contains("ROK".lowercased()) && lemmas.contains("provocation"))
        #expect(!lemmas.contains("the") && !lemmas.contains("of"))
        let drone = try #require(table.rows.first { $0.lemma == "drone" })
        #expect(drone.targetTokens == table.rows[0].targetTokens && drone.referenceTokens > drone.targetTokens)
        #expect(drone.g2 > 10 && drone.q < 0.001 && drone.logRatio > 1 && drone.direction == "over")
        // The row recomputes: its counts give its statistics.
        #expect(
            KeynessStatisticsTests.close(
                drone.g2,
                KeynessStatistics.g2(
                    a: drone.targetCount, b: drone.referenceCount, targetTokens: drone.targetTokens,
                    referenceTokens: drone.referenceTokens)))
        #expect(drone.examples.count == 3)
        for example in drone.examples {
            #expect(example.sentence.lowercased().contains("drone"))
            #expect((example.date ?? "").hasPrefix("2024-10"))
        }
        #expect(table.rows.allSatisfy { $0.g2.isFinite && $0.p.isFinite && $0.q.isFinite && $0.logRatio.isFinite })
    }

    /// Examples read in batches, as emerging terms reads a period's articles, are those of the
    /// articles read at once: the same sentences of the same articles, for frequent terms (found
    /// in the first batch) and rare ones (found batches later, or not at all).
    @Test func examplesReadInBatchesEqualThoseReadAtOnce() throws {
        let store = try Self.kcna.get()
        let rows = try store.articles(in: try Scope("", codebook: Self.book))
        var oldestFirst: [Int64] = []
        try store.forEachTermCounts(of: rows) { row, _, _, _, _ in oldestFirst.append(row) }
        let tally = try store.termTally(of: rows)
        let byCount = tally.terms.sorted { ($0.value.tokens, $0.key) > ($1.value.tokens, $1.key) }.map(\.key)
        let entries = try store.termEntries(Array(byCount.prefix(30) + byCount.suffix(30)))
        #expect(entries.count == 60)
        let atOnce = try KeynessExamples(store: store, articles: rows)
        let inBatches = KeynessExamples(store: store, newestFirst: oldestFirst.reversed(), batch: 7)
        let firstBatch = Set(try store.articleTexts(Set(oldestFirst.suffix(7))).map(\.title))
        var deep = 0
        for entry in entries.values.sorted(by: { $0.key < $1.key }) {
            let expected = try atOnce.sentences(using: entry.forms, lang: entry.lang, limit: 3)
            let found = try inBatches.sentences(using: entry.forms, lang: entry.lang, limit: 3)
            #expect(found.map(\.sentence) == expected.map(\.sentence), "\(entry.key)")
            #expect(found.map(\.date) == expected.map(\.date) && found.map(\.title) == expected.map(\.title))
            // A rare term's example lies past the first batch.
            if let title = found.first?.title, !firstBatch.contains(title) { deep += 1 }
        }
        #expect(deep > 10)
    }

    @Test func jsonRowsHaveExactlyTheContractKeys() throws {
        let store = try Self.kcna.get()
        let table = try store.keyness(
            target: try Scope("from:2024-10 to:2024-10", codebook: Self.book), reference: nil,
            options: KeynessOptions(limit: 3))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(table.rows)) as! [[String: Any]]
        let keys: Set<String> = [
            "term", "lemma", "pos", "lang", "targetCount", "referenceCount", "targetTokens", "referenceTokens",
            "targetDocs", "referenceDocs", "g2", "chi2", "p", "q", "logRatio", "examples",
        ]
        #expect(object.count == 3)
        for row in object {
            #expect(Set(row.keys) == keys)
            for example in row["examples"] as! [[String: Any]] {
                #expect(Set(example.keys).isSubset(of: ["date", "title", "sentence"]))
            }
        }
    }

    @Test func emptyOneDocumentAndOverlappingScopesAreSaidInWords() throws {
        let store = try Self.kcna.get()
        #expect(throws: KeynessError.noAnalysedArticles(scope: "from:2030-01", articles: 0)) {
            try store.keyness(target: try Scope("from:2030-01", codebook: Self.book), reference: nil)
        }
        #expect(throws: KeynessError.overlappingScopes(shared: 327)) {
            try store.keyness(
                target: try Scope("from:2024-10 to:2024-10", codebook: Self.book),
                reference: try Scope("from:2024-09", codebook: Self.book))
        }
        // One article against the rest: every number finite, a term it lacks keyed "under".
        let one = try store.keyness(
            target: try Scope("from:2024-10-31 to:2024-10-31 q:\"Zardari\"", codebook: Self.book),
            reference: nil, options: KeynessOptions(minCount: 50, limit: 0, examples: 0))
        #expect(one.targetDocuments == 1)
        #expect(one.rows.allSatisfy { $0.g2.isFinite && $0.chi2.isFinite && $0.logRatio.isFinite && !$0.q.isNaN })
        #expect(one.rows.contains { $0.targetCount == 0 && $0.direction == "under" && $0.g2 < 0 })
    }

    @Test func theCommandWritesTableJSONAndCSV() throws {
        let db = try Self.kcna.get().path
        let text = try SinmunProcess.run(["keyness", "--db", db, "--target", "from:2024-10 to:2024-10", "--limit", "5"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("reference  rest: 948 analysed article(s)"))
        let json = try SinmunProcess.run([
            "keyness", "--db", db, "--target", "from:2024-10 to:2024-10", "--limit", "5", "--json",
        ])
        let rows = try JSONDecoder().decode([KeynessRow].self, from: Data(json.stdout.utf8))
        #expect(rows.count == 5)
        let csv = try SinmunProcess.run(["keyness", "--db", db, "--target", "from:2024-10 to:2024-10", "--csv"])
        #expect(csv.stdout.hasPrefix("term,lemma,pos,lang,targetCount,referenceCount"))
        let bad = try SinmunProcess.run(["keyness", "--db", db, "--target", "from:2030"])
        #expect(bad.status != 0 && bad.stderr.contains("no article is in the scope from:2030"))
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct EmergingTermsAndNetworkTests {
    static let book = try! BuiltInCodebooks.load("ai-discourse")

    /// The New Year addresses, analysed (Korean: needs MeCab with NK-HanDic, which CI installs).
    static let addresses: Result<CorpusStore, Error> = Result {
        let store = try CorpusStore(path: Scratch.path("addresses-terms.sqlite"))
        _ = try store.importArchive(SharedCorpus.newYear)
        _ = try store.analyze(with: WordAnalyzer(korean: try Analyzers.require()))
        return store
    }

    @Test(.enabled(if: Analyzers.mustRun, Analyzers.skipMessage))
    func newAndSurgingTermsOfTheAddressesMatchTheirHistory() throws {
        let store = try Self.addresses.get()
        let terms = try store.emergingTerms(
            in: try Scope("", codebook: Self.book), by: .year, options: KeynessOptions(minCount: 3, limit: 10))
        #expect(terms.periods.first?.earlierDocuments == 0)
        #expect(terms.periods.count == 73)
        func period(_ year: String) -> EmergingTerms.PeriodTerms? { terms.periods.first { $0.period == year } }
        // 2017: the address's new slogan of self-reliance (자력자강), never printed before.
        #expect(period("2017")?.new.contains { $0.lemma == "자력자강" } == true)
        // 2018: nuclear weapons surge, and 2019 turns to the peninsula and inter-Korean relations.
        #expect(period("2018")?.surging.contains { $0.lemma == "핵" } == true)
        #expect(period("2019")?.surging.contains { $0.lemma == "조선반도" } == true)
        for entry in terms.periods {
            #expect(entry.new.allSatisfy { $0.referenceCount == 0 && $0.targetCount >= 3 })
            #expect(entry.surging.allSatisfy { $0.g2 > 0 && $0.logRatio > 0 })
        }
    }

    @Test(.enabled(if: Analyzers.mustRun, Analyzers.skipMessage))
    func theLatestPeriodAloneEqualsTheLastOfAllPeriods() throws {
        let store = try Self.addresses.get()
        let options = KeynessOptions(minCount: 2, limit: 10, examples: 1)
        let everyone = try Scope("", codebook: Self.book)
        let all = try store.emergingTerms(in: everyone, by: .year, options: options)
        let latest = try #require(try store.latestEmergingTerms(in: everyone, by: .year, options: options))
        let last = try #require(all.periods.last)
        #expect(latest.period == "2019" && !latest.surging.isEmpty && !latest.new.isEmpty)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(latest) == encoder.encode(last))
        // One address alone has nothing earlier to surge against.
        let one = try Scope("from:2019-01-01", codebook: Self.book)
        #expect(try store.latestEmergingTerms(in: one, by: .year, options: options) == nil)
    }

    @Test func coOccurrenceIsCountedPerSentenceAndDrawnTheSameWayTwice() throws {
        // Three sentences: drone and sovereignty share two, drone and rice one.
        let sets: [Set<String>] = [
            ["en:drone", "en:sovereignty"], ["en:drone", "en:sovereignty", "en:rice"], ["en:rice"],
        ]
        let network = CorpusStore.network(
            sets, lemmas: ["en:drone": "drone", "en:sovereignty": "sovereignty", "en:rice": "rice"], code: "ai",
            scope: "test", options: CoOccurrenceOptions(minCount: 2))
        #expect(network.sentences == 3)
        #expect(network.edges.count == 1)
        let edge = try #require(network.edges.first)
        #expect(edge.together == 2 && Set([edge.source, edge.target]) == ["en:drone", "en:sovereignty"])
        // PMI = ln(2·3 / (2·2)).
        #expect(abs(edge.pmi - log(1.5)) < 1e-12)
        #expect(
            edge.g2 == KeynessStatistics.g2(a: 2, b: 0, targetTokens: 2, referenceTokens: 1))
        let picture = NetworkChart.svg(network, title: "t")
        #expect(picture == NetworkChart.svg(network, title: "t"))
        #expect(picture.contains(">drone</text>") && picture.hasPrefix("<svg"))
    }

    @Test func theReportSaysWhatChangedInKCNA() throws {
        let store = try KeynessOnRealDataTests.kcna.get()
        _ = try store.code(with: Self.book)
        let report = try store.studyReport(
            codebook: Self.book, options: ReportOptions(generatedAt: "t", analyzer: WordAnalyzer(dicdir: nil)))
        let section = try #require(report.whatChanged)
        let last = try #require(section.lastPeriod)
        #expect(last.targetDocuments >= 1 && last.referenceDocuments >= 1)
        #expect(!last.rows.isEmpty && last.rows.allSatisfy { $0.targetCount >= 1 })
        let html = try ReportRenderer.html(report)
        #expect(html.contains("<h2 id=\"what-changed\">What changed</h2>"))
    }
}

@Suite struct KeynessBenchmarkTests {
    @Test func theBenchmarkRunsAndAgreesWithPython() throws {
        let workdir = URL(fileURLWithPath: Scratch.path("keyness-bench"))
        let result = try KeynessBenchmark(articles: 2000, vocabulary: 3000, workdir: workdir).run { _ in }
        #expect(result.articles == 2000 && result.targetArticles > 0 && result.sinmunSeconds > 0)
        // The baseline needs NumPy and SciPy; where they are, both must name the same terms.
        if let same = result.sameTopTerms { #expect(same) } else { #expect(result.note != nil) }
    }
}
