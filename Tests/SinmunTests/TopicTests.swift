import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunRead
import SinmunStore
import Testing

/// The factorization, the topic matching and the topic model on planted data.
@Suite struct TopicModelTests {
    /// Two topics with disjoint terms (columns 0–2 and 3–5), six documents mixing them.
    static let plantedW: [[Double]] = [[1, 0], [0.8, 0.1], [0.5, 0.5], [0.1, 0.9], [0, 1.2], [2, 0]]
    static let plantedH: [[Double]] = [[0.6, 0.3, 0.1, 0, 0, 0], [0, 0, 0, 0.2, 0.5, 0.3]]
    static var planted: [[Double]] {
        plantedW.map { w in (0..<6).map { j in w[0] * plantedH[0][j] + w[1] * plantedH[1][j] } }
    }

    @Test func factorizationReconstructsAPlantedTwoTopicMatrix() {
        let x = SparseMatrix(dense: Self.planted)
        let fit = NonnegativeMatrixFactorization.fit(x, rank: 2, seed: 7, maxIterations: 2000, tolerance: 1e-12)
        #expect(fit.relativeError < 1e-4, "relative error \(fit.relativeError)")
        for i in 0..<6 {
            for j in 0..<6 {
                let value = (0..<2).reduce(0.0) { $0 + fit.w[i * 2 + $1] * fit.ht[j * 2 + $1] }
                #expect(abs(value - Self.planted[i][j]) < 1e-3, "(\(i), \(j)): \(value) vs \(Self.planted[i][j])")
            }
        }
        // The planted term vectors come back, in some order.
        let matched = TopicAlignment.match(Self.plantedH, [fit.factor(0), fit.factor(1)])
        #expect(Set(matched.map(\.partner)) == [0, 1])
        #expect(matched.allSatisfy { $0.cosine > 0.999 }, "\(matched)")
    }

    @Test func theSameSeedGivesTheSameNumbersAndAnotherSeedAnotherStart() {
        let x = SparseMatrix(dense: Self.planted)
        let a = NonnegativeMatrixFactorization.fit(x, rank: 2, seed: 3)
        #expect(a == NonnegativeMatrixFactorization.fit(x, rank: 2, seed: 3))
        #expect(a != NonnegativeMatrixFactorization.fit(x, rank: 2, seed: 4))
        #expect(a.iterations > 0 && a.iterations <= 200)
    }

    @Test func hungarianAssignmentIsTheCheapestPermutation() {
        var generator = SplitMix64(seed: 15)
        for size in 1...6 {
            let cost = (0..<size).map { _ in (0..<size).map { _ in Double(generator.next() % 1000) / 100 } }
            let assignment = TopicAlignment.assignment(cost: cost)
            #expect(Set(assignment) == Set(0..<size))
            let total = assignment.enumerated().reduce(0.0) { $0 + cost[$1.offset][$1.element] }
            #expect(abs(total - Self.cheapest(cost)) < 1e-9, "size \(size): \(total) vs \(Self.cheapest(cost))")
        }
    }

    /// The cheapest assignment by trying every permutation.
    static func cheapest(_ cost: [[Double]]) -> Double {
        func search(_ row: Int, _ used: Set<Int>) -> Double {
            guard row < cost.count else { return 0 }
            return (0..<cost.count).filter { !used.contains($0) }
                .map { cost[row][$0] + search(row + 1, used.union([$0])) }.min()!
        }
        return search(0, [])
    }

    @Test func tfIdfRowsHaveUnitLengthAndDropRareCommonAndFunctionWords() {
        let documents = (0..<4).map { index in
            // Term 1 is in every document (over half), term 9 in one (under two), term 5 excluded.
            DocumentTerms(
                rowID: Int64(index), uid: "d\(index)", date: "2024-01-0\(index + 1)", precision: "day",
                terms: zip(index == 0 ? [1, 2, 5, 9] : [1, 2 + Int64(index % 2), 4, 5], [3, 1, 2, 1]).map { ($0, $1) })
        }
        let matrix = DocumentTermMatrix.build(documents, excluded: [5], minDocuments: 2, maxDocumentShare: 0.5)
        #expect(matrix.terms == [2, 3])
        #expect(matrix.documentFrequency == [2, 2])
        for i in 0..<matrix.matrix.rows {
            let length = (matrix.matrix.rowStart[i]..<matrix.matrix.rowStart[i + 1])
                .reduce(0.0) { $0 + matrix.matrix.values[$1] * matrix.matrix.values[$1] }
            #expect(abs(length - 1) < 1e-12)
        }
    }

    /// Twenty-four English articles over eight months, half about farming, half about missiles.
    static func plantedFeed() -> String {
        let farm = "farm wheat harvest tractor field rice irrigation soil barley crop maize orchard".split(
            separator: " ")
        let arms = "missile launch rocket warhead test radar artillery drill submarine cruise ballistic firing"
            .split(separator: " ")
        var generator = SplitMix64(seed: 42)
        return (0..<24).map { index in
            let words = index % 2 == 0 ? farm : arms
            let body = (0..<40).map { _ in String(words[Int(generator.next() % UInt64(words.count))]) }
            let date = String(format: "2024-%02d-%02d", index % 8 + 1, index + 1)
            let title = "Report \(index) \(words[index % words.count])"
            return "{\"title\": \"\(title)\", \"body\": \"The \(body.joined(separator: " ")).\", "
                + "\"date\": \"\(date)\", \"outlet\": \"demo\", \"url\": \"http://example.org/\(index)\"}"
        }.joined(separator: "\n")
    }

    static func plantedStore() throws -> CorpusStore {
        let store = try Scratch.store()
        _ = try store.importArchive(try Scratch.file("planted.jsonl", plantedFeed()))
        _ = try store.analyze(with: WordAnalyzer(dicdir: nil))
        return store
    }

    @Test func plantedTopicsAreFoundAndEveryDocumentAssigned() throws {
        let store = try Self.plantedStore()
        let book = try BuiltInCodebooks.load("ai-discourse")
        let result = try store.topics(
            in: try Scope("", codebook: book), options: TopicOptions(topics: 2, examples: 1, assignments: true))
        #expect(result.documents == 24 && result.topics == 2 && result.chosenBy == "topics")
        let labels = result.topicList.map { $0.terms.map(\.lemma) }
        #expect(labels.contains { $0.contains("missil") || $0.contains("missile") }, "\(labels)")
        #expect(labels.contains { $0.contains("harvest") }, "\(labels)")
        #expect(result.topicList.map(\.documents) == [12, 12])
        #expect(result.stability > 0.99, "stability \(result.stability)")
        let assignments = try #require(result.assignments)
        #expect(assignments.count == 24 && Set(assignments.map(\.article)).count == 24)
        #expect(assignments.allSatisfy { (1...2).contains($0.topic) && $0.weight > 0.5 && $0.weight <= 1 })
        #expect(result.period == .month && result.periods == (1...8).map { String(format: "2024-%02d", $0) })
        for topic in result.topicList {
            #expect(topic.examples.count == 1 && topic.label.split(separator: "/").count == 3)
        }
    }

    @Test func emptyScopesAndImpossibleCountsAreSaidInWords() throws {
        let store = try Self.plantedStore()
        let book = try BuiltInCodebooks.load("ai-discourse")
        #expect(throws: TopicError.noAnalysedArticles(scope: "from:2030", articles: 0)) {
            try store.topics(in: try Scope("from:2030", codebook: book))
        }
        #expect(throws: TopicError.badTopicCount(1)) {
            try store.topics(in: try Scope("", codebook: book), options: TopicOptions(topics: 1))
        }
        #expect(throws: TopicError.tooFewDocuments(scope: "from:2024-01 to:2024-01", documents: 3, terms: 0, topics: 5))
        {
            try store.topics(in: try Scope("from:2024-01 to:2024-01", codebook: book))
        }
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct TopicsOnRealDataTests {
    /// KCNA 2024 alone, analysed (English needs no MeCab).
    static let kcna: Result<CorpusStore, Error> = Result {
        let store = try CorpusStore(path: Scratch.path("kcna-topics.sqlite"))
        _ = try store.importArchive(SharedCorpus.kcna)
        _ = try store.analyze(with: WordAnalyzer(dicdir: nil))
        return store
    }

    /// The default model of the whole of KCNA 2024 (the number of topics chosen by stability).
    static let model: Result<TopicModelResult, Error> = Result {
        try kcna.get().topics(
            in: try Scope("", codebook: book), options: TopicOptions(terms: 20, assignments: true))
    }

    static let book = try! BuiltInCodebooks.load("ai-discourse")

    @Test func kcna2024HasAConfrontationTopicAndStableTopics() throws {
        let result = try Self.model.get()
        #expect(result.documents == 1275 && result.chosenBy == "stability")
        #expect(result.candidates.map(\.topics) == [5, 8, 10, 12])
        #expect(result.stability == result.candidates.map(\.stability).max())
        #expect(result.candidates.allSatisfy { $0.stability > 0.5 && $0.stability <= 1 + 1e-9 })
        let terms = result.topicList.map { Set($0.terms.map(\.lemma)) }
        // The United States, the ROK and nuclear war: the confrontation topic of 2024.
        let confrontation = try #require(terms.firstIndex { $0.isSuperset(of: ["nuclear", "military", "rok"]) })
        #expect(result.topicList[confrontation].stability > 0.9)
        // Its share of October's articles (the drone incursion over Pyongyang) is above September's,
        // the two 95% intervals apart.
        let shares = result.topicList[confrontation].perPeriod
        let september = try #require(shares.first { $0.period == "2024-09" })
        let october = try #require(shares.first { $0.period == "2024-10" })
        #expect(october.lower! > september.upper!, "\(september) \(october)")
        // Greetings to and from foreign leaders, and the Rodong Sinmun digest, are topics of their own.
        #expect(terms.contains { $0.isSuperset(of: ["message", "greeting"]) })
        #expect(terms.contains { $0.isSuperset(of: ["rodong", "sinmun"]) })
        #expect(!terms.contains { $0.contains("the") || $0.contains("of") })
        for topic in result.topicList {
            #expect(topic.examples.count == 3)
            #expect(
                topic.examples.allSatisfy { example in
                    topic.terms.prefix(20).contains { example.sentence.lowercased().contains($0.lemma.prefix(4)) }
                })
        }
    }

    @Test func everyDocumentIsAssignedAndPeriodSharesSumToOne() throws {
        let result = try Self.model.get()
        let assignments = try #require(result.assignments)
        #expect(assignments.count == result.documents)
        #expect(result.topicList.map(\.documents).reduce(0, +) == result.documents)
        #expect(assignments.allSatisfy { $0.weight > 0 && $0.weight <= 1 })
        #expect(abs(result.topicList.map(\.share).reduce(0, +) - 1) < 1e-9)
        #expect(result.period == .month && result.periods.first == "2023-12" && result.periods.last == "2024-11")
        for (index, period) in result.periods.enumerated() {
            let cells = result.topicList.map { $0.perPeriod[index] }
            #expect(cells.allSatisfy { $0.period == period && $0.documents == cells[0].documents })
            guard cells[0].documents > 0 else { continue }
            #expect(abs(cells.compactMap(\.share).reduce(0, +) - 1) < 1e-9, "\(period)")
            #expect(cells.map(\.count).reduce(0, +) == cells[0].documents)
            #expect(cells.allSatisfy { $0.lower! <= $0.share! && $0.share! <= $0.upper! })
        }
        #expect(result.periods.indices.map { result.topicList[0].perPeriod[$0].documents }.reduce(0, +) == 1275)
    }

    @Test func theSameSeedGivesTheSameBytesAndSeedsAreCompared() throws {
        let store = try Self.kcna.get()
        let scope = try Scope("from:2024-10 to:2024-10", codebook: Self.book)
        let options = TopicOptions(topics: 8, seed: 5, assignments: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let first = try encoder.encode(store.topics(in: scope, options: options))
        #expect(first == (try encoder.encode(store.topics(in: scope, options: options))))
        let result = try JSONDecoder().decode(TopicModelResult.self, from: first)
        #expect(result.documents == 327 && result.seed == 5 && result.candidates.count == 1)
        #expect(result.stability > 0 && result.stability <= 1 + 1e-9)
        #expect(result.topicList.allSatisfy { $0.stability >= 0 && $0.stability <= 1 + 1e-9 })
        // October 2024: the drone incursion over Pyongyang, blamed on the ROK, is a topic of its own.
        #expect(result.topicList.contains { Set($0.terms.map(\.lemma)).isSuperset(of: ["drone", "rok"]) })
    }

    @Test(.enabled(if: Analyzers.mustRun, "needs the Korean analyser"))
    func newYearAddressesFallIntoEras() throws {
        let store = try CorpusStore(path: Scratch.path("new-year-topics.sqlite"))
        _ = try store.importArchive(SharedCorpus.newYear)
        _ = try store.analyze(with: WordAnalyzer(korean: try Analyzers.require()))
        let result = try store.topics(
            in: try Scope("", codebook: Self.book), options: TopicOptions(topics: 12, examples: 1))
        #expect(result.documents == 73 && result.period == .year && result.periods.count == 74)
        // Each year's one address, by topic; 1957 has none (a gap).
        let topicOfYear = result.periods.indices.map { index in
            result.topicList.first { $0.perPeriod[index].count == 1 }?.id
        }
        #expect(topicOfYear.filter { $0 == nil }.count == 1)
        // The model is given no dates, yet neighbouring years share a topic: eras.
        let pairs = zip(topicOfYear, topicOfYear.dropFirst()).filter { $0.0 != nil && $0.1 != nil }
        #expect(Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count) >= 0.75)
        // The addresses of the Korean War (1951–1953) share a topic naming the People's Army.
        let war = try #require(topicOfYear[result.periods.firstIndex(of: "1951")!])
        #expect(result.periods.filter { ["1951", "1952", "1953"].contains($0) }.count == 3)
        #expect(["1952", "1953"].allSatisfy { topicOfYear[result.periods.firstIndex(of: $0)!] == war })
        let warTerms = result.topicList[war - 1].terms.map(\.lemma)
        #expect(warTerms.contains("조선인민군"), "\(warTerms)")
        // Labels name each compound once, not its parts beside it (김정일동지, not 정일동지 / 김정일동지).
        for topic in result.topicList {
            let parts = topic.label.components(separatedBy: " / ")
            #expect(parts.count == 3)
            #expect(!parts.contains { part in parts.contains { $0 != part && $0.contains(part) } }, "\(topic.label)")
        }
    }

    @Test func theCommandWritesTextAndJSON() throws {
        let db = try Self.kcna.get().path
        let text = try SinmunProcess.run(["topics", "from:2024-10 to:2024-10", "--db", db, "--topics", "6"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("scope  from:2024-10 to:2024-10: 327 analysed article(s)"))
        #expect(text.stdout.contains("6 topics (given); stability"))
        #expect(text.stdout.contains("over 3 refits from other seeds"))
        #expect(text.stdout.contains("share of each month's articles by topic (%)"))
        let json = try SinmunProcess.run([
            "topics", "from:2024-10 to:2024-10", "--db", db, "--topics", "6", "--json", "--assignments",
        ])
        let object = try #require(try json.json() as? [String: Any])
        #expect(
            Set(object.keys) == [
                "scope", "documents", "vocabulary", "topics", "seed", "stability", "refits", "chosenBy", "candidates",
                "period", "periods", "undated", "reconstructionError", "topicList", "assignments",
            ])
        let topics = try #require(object["topicList"] as? [[String: Any]])
        #expect(topics.count == 6)
        #expect(
            Set(topics[0].keys) == [
                "id", "label", "terms", "examples", "documents", "share", "stability", "perPeriod",
            ])
        #expect((object["assignments"] as? [[String: Any]])?.count == 327)
        let bad = try SinmunProcess.run(["topics", "from:2030", "--db", db])
        #expect(bad.status != 0 && bad.stderr.contains("no article is in the scope from:2030"))
    }
}
