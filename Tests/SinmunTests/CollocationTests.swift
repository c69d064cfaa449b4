import Foundation
import SinmunCode
import SinmunMeasure
import SinmunRead
import SinmunStore
import Testing

/// λ and z on hand-made English text against an independent computation in Python.
///
/// The two articles below read, sentence by sentence, as these runs of content words (stems;
/// `the`, `and`, `are` and punctuation break a run):
///
///     A title   [artificial intelligence] [economy]
///     A 1       [artificial intelligence serve] [national economy]
///     A 2       [national economy need artificial intelligence] [science] [technology]
///     A 3       [science] [technology develop] [national economy]
///     B title   [missile test]
///     B 1       [ballistic missile flew]
///     B 2       [ballistic missile] [powerful weapon]
///     B 3       [national defence need ballistic missile] [artificial intelligence]
///
/// Python 3, scanning every n-gram position for each candidate (no inclusion–exclusion):
///
///     def score(cand):
///         n = len(cand)
///         positions = [tuple(r[i:i + n]) for r in runs for i in range(len(r) - n + 1)]
///         cells = {}
///         for p in positions:
///             key = tuple(int(a == b) for a, b in zip(p, cand))
///             cells[key] = cells.get(key, 0) + 1
///         lam = sig = 0.0
///         for key in itertools.product([0, 1], repeat=n):
///             c = cells.get(key, 0) + 0.5
///             lam += (-1) ** (n - sum(key)) * math.log(c)
///             sig += 1 / c
///         return len(positions), cells.get((1,) * n, 0), lam, lam / math.sqrt(sig)
///
/// gives the positions (20 bigrams, 8 trigrams, 4 four-grams) and the numbers in `expected`.
@Suite struct CollocationStatisticsTests {
    static let texts: [(date: String?, title: String, body: String, language: String?)] = [
        (
            "2024-02-01", "Missile Test",
            "The ballistic missile flew. Ballistic missiles are powerful weapons. "
                + "The national defence needs ballistic missiles and artificial intelligence.", "en"
        ),
        (
            "2024-03-01", "Artificial Intelligence and the Economy",
            "Artificial intelligence serves the national economy. The national economy needs artificial "
                + "intelligence, science and technology. Science and technology develop the national economy.", "en"
        ),
    ]

    /// (lemmas, count, λ, z) from the Python above.
    static let expected: [([String], Int, Double, Double)] = [
        (["artificial", "intelligence"], 4, 5.6937321388027, 2.751260423490598),
        (["national", "economy"], 3, 4.343805421853684, 2.5024864418018304),
        (["ballistic", "missile"], 3, 5.501258210544727, 2.6398196540124745),
        (["need", "artificial"], 1, 3.610917912644225, 1.9619375648018407),
        (["ballistic", "missile", "flew"], 1, -1.6094379124341003, -0.4498515722210003),
        (["national", "economy", "need"], 1, -2.5649493574615363, -0.7567842608804769),
        (["economy", "need", "artificial", "intelligence"], 1, 1.6094379124341005, 0.3056139623998066),
    ]

    static func table(_ options: CollocationOptions) throws -> CollocationTable {
        try Collocations.table(of: texts, analyzer: WordAnalyzer(dicdir: nil), scope: "hand-made", options: options)
    }

    @Test func lambdaAndZMatchANaiveScanInPython() throws {
        let table = try Self.table(CollocationOptions(sizes: 2...4, minCount: 1, limit: 0, examples: 0))
        #expect(table.positions == [2: 20, 3: 8, 4: 4])
        #expect(table.documents == 2 && table.sentences == 8)
        for (lemmas, count, lambda, z) in Self.expected {
            let row = try #require(table.rows.first { $0.lemmas == lemmas }, "\(lemmas)")
            #expect(row.count == count && row.size == lemmas.count)
            #expect(KeynessStatisticsTests.close(row.lambda, lambda), "\(lemmas): λ \(row.lambda) vs \(lambda)")
            #expect(KeynessStatisticsTests.close(row.z, z), "\(lemmas): z \(row.z) vs \(z)")
        }
        #expect(zip(table.rows, table.rows.dropFirst()).allSatisfy { $0.z >= $1.z })
        #expect(table.rows.allSatisfy { $0.lambda.isFinite && $0.z.isFinite })
    }

    @Test func functionWordsPunctuationAndSentenceEndsBreakSequences() throws {
        let table = try Self.table(CollocationOptions(sizes: 2...2, minCount: 1, limit: 0, examples: 0))
        let pairs = Set(table.rows.map { $0.lemmas.joined(separator: " ") })
        // "science and technology", "intelligence, science", "flew. Ballistic", "test" + "The ballistic".
        for spanned in ["science technology", "intelligence science", "flew ballistic", "test ballistic"] {
            #expect(!pairs.contains(spanned), "\(spanned) spans a break")
        }
        #expect(pairs.contains("technology develop") && pairs.contains("powerful weapon"))
        // The most frequent printed form; stems count "missile" and "missiles" as one word.
        let missile = try #require(table.rows.first { $0.lemmas == ["ballistic", "missile"] })
        #expect(missile.collocation == "ballistic missiles" && missile.count == 3)
    }

    @Test func examplesAreNewestFirstOnePerArticleWithTheWordsMarked() throws {
        let table = try Self.table(CollocationOptions(sizes: 2...2, minCount: 2, limit: 3, examples: 3))
        let row = try #require(table.rows.first { $0.lemmas == ["artificial", "intelligence"] })
        #expect(row.examples.map(\.date) == ["2024-03-01", "2024-02-01"])
        #expect(row.examples[0].sentence == "Artificial Intelligence and the Economy")
        for example in row.examples {
            let bytes = Array(example.sentence.utf8)
            let match = try #require(example.match)
            #expect(String(decoding: bytes[match], as: UTF8.self).lowercased() == "artificial intelligence")
        }
    }

    @Test func pluralPossessivesJoinAndInclusionExclusionIsExact() throws {
        let texts: [(date: String?, title: String, body: String, language: String?)] = [
            (nil, "The Workers' Party", "The Workers' Party of Korea. The workers' party met.", "en")
        ]
        let table = try Collocations.table(
            of: texts, analyzer: WordAnalyzer(dicdir: nil), scope: "one", options: CollocationOptions(minCount: 2))
        let row = try #require(table.rows.first)
        #expect(row.lemmas == ["worker", "party"] && row.count == 3 && row.collocation == "Workers' Party")
        // Agreeing counts (every position, slot 0, slot 1, both) → exact cells (neither, 0 only, 1 only, both).
        #expect(CollocationStatistics.exactCounts(agreeing: [20, 7, 5, 4]) == [12, 3, 1, 4])
        // Three slots: the agreeing counts summed from the cells [2, 1, 1, 0, 2, 1, 0, 1] give them back.
        #expect(CollocationStatistics.exactCounts(agreeing: [8, 3, 2, 1, 4, 2, 1, 1]) == [2, 1, 1, 0, 2, 1, 0, 1])
    }

    @Test func emptyScopesAndUnreachedCountsAreSaidInWords() throws {
        #expect(throws: CollocationError.noArticles(scope: "nothing")) {
            try Collocations.table(of: [], analyzer: WordAnalyzer(dicdir: nil), scope: "nothing")
        }
        #expect(throws: CollocationError.unsupportedSizes(lower: 2, upper: 5)) {
            try Self.table(CollocationOptions(sizes: 2...5))
        }
        let none = try Self.table(CollocationOptions(minCount: 100))
        #expect(none.rows.isEmpty && none.scored == 0 && none.positions[2] == 20)
    }
}

/// The Korean New Year addresses (1946–2019): the set phrases of the genre come first.
@Suite(.enabled(if: SharedCorpus.available && Analyzers.mustRun, "needs ../shared/corpora and the Korean analyser"))
struct CollocationsOnNewYearAddressesTests {
    static let table: Result<CollocationTable, Error> = Result {
        let store = try CorpusStore(path: Scratch.path("new-year-collocations.sqlite"))
        _ = try store.importArchive(SharedCorpus.newYear)
        return try store.collocations(
            in: try Scope("", codebook: KeynessOnRealDataTests.book), analyzer: WordAnalyzer(dicdir: nil),
            options: CollocationOptions(sizes: 2...3, limit: 0, examples: 0))
    }

    static func top(_ table: CollocationTable, size: Int, _ count: Int) -> [String] {
        table.rows.filter { $0.size == size }.prefix(count).map { $0.lemmas.joined(separator: " ") }
    }

    @Test func setPhrasesOfTheAddressesLead() throws {
        let table = try Self.table.get()
        #expect(table.documents == 73)
        let bigrams = Self.top(table, size: 2, 20)
        // Reunification, socialist and economic construction, science and technology, the people's
        // army and livelihood, the government of the Republic, "thoroughly carry out".
        for phrase in ["조국 통일", "사회주의 건설", "경제 건설", "과학 기술", "인민 군대", "인민 생활", "공화국 정부", "철저히 관철"] {
            #expect(bigrams.contains(phrase), "\(phrase) not in the top 20: \(bigrams)")
        }
        #expect(bigrams.first == "조국 통일")
        // Trigrams rank among themselves: socialist economic construction, the Juche revolutionary
        // cause, the Fatherland Liberation War.
        let trigrams = Self.top(table, size: 3, 10)
        #expect(trigrams.first == "사회주의 경제 건설")
        #expect(trigrams.contains("주체 혁명 위업") && trigrams.contains("조국 해방 전쟁"), "\(trigrams)")
        #expect(table.rows.allSatisfy { $0.lambda.isFinite && $0.z.isFinite })
    }

    @Test func lemmasAreFoldedAndShownAsPrinted() throws {
        let table = try Self.table.get()
        // 로동 is counted as 노동 and shown as the addresses print it.
        let workingClass = try #require(table.rows.first { $0.lemmas == ["노동", "계급"] })
        #expect(workingClass.collocation == "로동 계급")
        #expect(table.rows.contains { $0.lemmas == ["조선노동당", "중앙"] && $0.collocation == "조선로동당 중앙" })
        // A particle breaks a run: nothing ends in 은/는/을/를.
        #expect(!table.rows.contains { $0.lemmas.contains("을") || $0.lemmas.contains("는") })
    }
}

/// KCNA's English of 2024: names, titles and weapons.
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct CollocationsOnKCNATests {
    @Test func namesTitlesAndWeaponsAreFound() throws {
        let store = try KeynessOnRealDataTests.kcna.get()
        let table = try store.collocations(
            in: try Scope("", codebook: KeynessOnRealDataTests.book), analyzer: WordAnalyzer(dicdir: nil),
            options: CollocationOptions(sizes: 2...3, minCount: 2, limit: 0, examples: 0))
        let bigrams = CollocationsOnNewYearAddressesTests.top(table, size: 2, 15)
        for phrase in ["kim jong", "central committee", "general secretary", "worker party", "foreign minister"] {
            #expect(bigrams.contains(phrase), "\(phrase) not in the top 15: \(bigrams)")
        }
        let leader = try #require(table.rows.first { $0.lemmas == ["kim", "jong", "un"] })
        #expect(leader.count > 900 && leader.collocation == "Kim Jong Un" && leader.lambda > 3)
        let missile = try #require(table.rows.first { $0.lemmas == ["ballistic", "missile"] })
        #expect(missile.count >= 15 && missile.z > 5)
        // Rare in KCNA's 2024 English (three times), and still a strong collocation.
        let ai = try #require(table.rows.first { $0.lemmas == ["artificial", "intelligence"] })
        #expect(ai.count == 3 && ai.lambda > 8 && ai.z > 5)
    }

    @Test func theCommandWritesJSONAndSaysWhatIsMissing() throws {
        let db = try KeynessOnRealDataTests.kcna.get().path
        let json = try SinmunProcess.run([
            "collocations", "--db", db, "from:2024-10 to:2024-10", "--limit", "5", "--json",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try json.json() as? [[String: Any]])
        #expect(object.count == 5)
        for row in object {
            #expect(Set(row.keys) == ["collocation", "lemmas", "size", "count", "lambda", "z", "examples"])
            #expect((row["lemmas"] as? [String])?.count == row["size"] as? Int)
            for example in try #require(row["examples"] as? [[String: Any]]) {
                #expect(Set(example.keys).isSubset(of: ["date", "title", "sentence"]))
            }
        }
        let rows = try JSONDecoder().decode([Collocation].self, from: Data(json.stdout.utf8))
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.z >= $1.z })
        let text = try SinmunProcess.run(["collocations", "--db", db, "from:2024-10 to:2024-10", "--limit", "3"])
        #expect(text.status == 0 && text.stdout.contains("scope  from:2024-10 to:2024-10: 327 article(s)"))
        let unreached = try SinmunProcess.run(["collocations", "--db", db, "from:2024-10-31", "--min-count", "9999"])
        #expect(unreached.stdout.contains("no expression of 2 words is seen 9999 times or more in the scope"))
        let empty = try SinmunProcess.run(["collocations", "--db", db, "from:2030"])
        #expect(empty.status != 0 && empty.stderr.contains("no article is in the scope from:2030"))
        let bad = try SinmunProcess.run(["collocations", "--db", db, "--size", "5"])
        #expect(bad.status != 0 && bad.stderr.contains("--size must be 2, 3 or 4"))
    }
}
