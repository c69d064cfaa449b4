import Foundation
import PropertyBased
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore
import Testing

/// The Korean analyser (MeCab + NK-HanDic), found as a user's machine finds it. Where it is
/// missing the tests that need it are skipped with a message — except in CI (`CI` set),
/// where `.ci/run` installs it and its absence is a failure.
enum Analyzers {
    static let korean: Result<KoreanAnalyzer, AnalyzerError> = Result { () throws(AnalyzerError) in try KoreanAnalyzer()
    }
    static var available: Bool { (try? korean.get()) != nil }
    static var mustRun: Bool { available || ProcessInfo.processInfo.environment["CI"] != nil }
    static let skipMessage: Comment =
        "MeCab or NK-HanDic is missing (apt-get install libmecab2; pip install nkhandic): analyser test skipped"

    static func require() throws -> KoreanAnalyzer {
        switch korean {
        case .success(let analyzer): return analyzer
        case .failure(let error):
            Issue.record("the Korean analyser is required here: \(error)")
            throw error
        }
    }

    /// The token property the brief fixes: text order; each span the smallest run of whole
    /// characters whose NFD contains the surface's NFD; nothing but whitespace uncovered.
    static func checkProperty(_ tokens: [WordToken], in text: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        let utf8 = Array(text.utf8)
        var boundaries: [Int] = [0]
        var characters: [(start: Int, end: Int, character: Character)] = []
        var offset = 0
        for character in text {
            let length = String(character).utf8.count
            characters.append((offset, offset + length, character))
            offset += length
            boundaries.append(offset)
        }
        let boundarySet = Set(boundaries)
        func nfd(_ start: Int, _ end: Int) -> [Unicode.Scalar] {
            Array(
                String(decoding: utf8[start..<end], as: UTF8.self).decomposedStringWithCanonicalMapping.unicodeScalars)
        }
        func contains(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
            guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
            return (0...(haystack.count - needle.count)).contains {
                Array(haystack[$0..<($0 + needle.count)]) == needle
            }
        }
        var previousStart = 0
        for token in tokens {
            #expect(token.start >= previousStart, "tokens out of order at \(token)", sourceLocation: sourceLocation)
            previousStart = token.start
            #expect(
                token.start < token.end && boundarySet.contains(token.start) && boundarySet.contains(token.end),
                "span not on character boundaries: \(token)", sourceLocation: sourceLocation)
            guard boundarySet.contains(token.start), boundarySet.contains(token.end), token.start < token.end else {
                continue
            }
            let surface = Array(token.surface.decomposedStringWithCanonicalMapping.unicodeScalars)
            #expect(
                contains(nfd(token.start, token.end), surface), "span does not hold the surface: \(token)",
                sourceLocation: sourceLocation)
            // Smallest: dropping the first or the last character loses the surface.
            let first = characters.firstIndex { $0.start == token.start }!
            let last = characters.lastIndex { $0.end == token.end }!
            if first < last {
                #expect(
                    !contains(nfd(characters[first + 1].start, token.end), surface), "span not smallest: \(token)",
                    sourceLocation: sourceLocation)
                #expect(
                    !contains(nfd(token.start, characters[last - 1].end), surface), "span not smallest: \(token)",
                    sourceLocation: sourceLocation)
            }
        }
        for entry in characters where !entry.character.isWhitespace {
            let scalars = entry.character.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(
                tokens.contains { $0.start <= entry.start && entry.end <= $0.end },
                "character \(scalars) at \(entry.start) is in no token",
                sourceLocation: sourceLocation)
        }
    }
}

@Suite(.enabled(if: Analyzers.mustRun, Analyzers.skipMessage)) struct KoreanAnalyzerTests {
    @Test func analysesTheIssueSentence() throws {
        let analyzer = try Analyzers.require()
        let text = "조선로동당 중앙위원회는 인공지능기술을 적극 받아들여"
        let tokens = analyzer.tokens(in: text)
        let summary = tokens.map { "\($0.surface)/\($0.lemma)/\($0.pos)" }
        #expect(
            summary == [
                "조선로동당/조선로동당/NNP", "중앙/중앙/NNG", "위원회/위원회/NNG", "는/는/JX", "인공/인공/NNG", "지능/지능/NNG",
                "기술/기술/NNG", "을/을/JKO", "적극/적극/MAG", "받아들여/받아들이다/VV",
            ])
        #expect(tokens[0].northern == true && tokens[0].hanja == "朝鮮勞動黨")
        #expect(tokens[1].northern == nil)
        Analyzers.checkProperty(tokens, in: text)
        // The compound printed as one word is a term too, beside its parts.
        let keys = Set(TermExtraction.occurrences(tokens, text: text).map(\.key))
        #expect(
            keys.isSuperset(of: [
                "ko:인공지능기술/NNG", "ko:인공지능/NNG", "ko:인공/NNG", "ko:기술/NNG", "ko:받아들이다/VV", "ko:조선노동당/NNP",
            ]))
    }

    @Test func tokensCanShareASyllable() throws {
        let analyzer = try Analyzers.require()
        // 고함 → 고하 + ᆷ and 강조하였다 → 강조 + 하여 + ᆻ + 다: MeCab ends tokens inside syllables.
        let text = "고함 강조하였다"
        let tokens = analyzer.tokens(in: text)
        let strings = tokens.map { "\($0.surface)/\($0.pos)/\($0.start)-\($0.end)" }
        #expect(strings.contains("강조/NNG/7-13"))
        #expect(strings.contains("하여/XSV/13-19"))
        #expect(strings.contains("ᆻ/EP/16-19"))
        #expect(tokens.first { $0.surface == "하여" }?.lemma == "하다")
        Analyzers.checkProperty(tokens, in: text)
        // The derived verb is a term: lemma:강조하다 finds 강조하였다.
        #expect(TermExtraction.occurrences(tokens, text: text).contains { $0.key == "ko:강조하다/VV" })
    }

    @Test func holdsThePropertyOnHostileText() async throws {
        let analyzer = try Analyzers.require()
        let pieces =
            MultiPatternMatcherTests.pieces + [
                "받아들여", "강조하였다", "고함", "력사적인", "\u{1100}\u{1161}\u{11A8}", "\u{AC00}\u{11A8}",
                "\u{1161}", "\u{11AB}", "ｶﾞ", "\r\n", "\u{FEFF}", "\u{E000}", "👨‍👩‍👧", "a\u{0308}\u{0323}",
            ]
        let text = Gen.element(of: pieces).array(of: 0...30).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 300, input: text) { text in
            Analyzers.checkProperty(analyzer.tokens(in: text), in: text)
        }
        // The same text as NFD jamo gives the same words.
        let composed = "인공지능기술을 적극 받아들여"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        let a = analyzer.tokens(in: composed).map { "\($0.surface)/\($0.lemma)/\($0.pos)" }
        let b = analyzer.tokens(in: decomposed).map { "\($0.surface)/\($0.lemma)/\($0.pos)" }
        #expect(a == b)
        Analyzers.checkProperty(analyzer.tokens(in: decomposed), in: decomposed)
    }

    @Test func survivesHugeAndSymbolOnlyText() throws {
        let analyzer = try Analyzers.require()
        // 5 MB in one line without a line break: cut into pieces MeCab can take.
        let sentence = "인공지능기술을 적극 받아들여 생산을 늘이였다. "
        let huge = String(repeating: sentence, count: 5_000_000 / sentence.utf8.count + 1)
        let tokens = analyzer.tokens(in: huge)
        #expect(tokens.filter { $0.lemma == "받아들이다" }.count == 5_000_000 / sentence.utf8.count + 1)
        #expect(tokens.last!.end == huge.utf8.count - 1)
        let symbols = "※★◆…《》——%%%$#@!~^&*()[]{}"
        let symbolTokens = analyzer.tokens(in: symbols)
        Analyzers.checkProperty(symbolTokens, in: symbols)
        #expect(analyzer.tokens(in: "").isEmpty && analyzer.tokens(in: " \n\t").isEmpty)
    }

    /// 112 tokens of real text checked by hand (Labels/nkhandic-tokens.tsv): the New Year
    /// addresses and the 2026 Korean sample, with initial-ㄹ spellings, loanwords, -였다
    /// endings, inflected verbs and proper nouns.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage)) func matchesHandCheckedTokens() throws {
        let analyzer = try Analyzers.require()
        let labels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Labels/nkhandic-tokens.tsv")
        let rows = try String(contentsOf: labels, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.count >= 60)
        var notes: [String: Int] = [:]
        var texts: [String: String] = [:]
        for row in rows {
            let (source, word, occurrence, surface, lemma, pos) = (row[0], row[1], Int(row[2])!, row[3], row[4], row[5])
            notes[row[6], default: 0] += 1
            if texts[source] == nil { texts[source] = try Self.text(of: source) }
            let text = texts[source]!
            // The N-th occurrence of the word, and the line around it.
            var searchFrom = text.startIndex
            var found: Range<String.Index>?
            for _ in 0..<occurrence {
                guard let range = text.range(of: word, range: searchFrom..<text.endIndex) else {
                    found = nil
                    break
                }
                found = range
                searchFrom = text.index(after: range.lowerBound)
            }
            guard let wordRange = found else {
                Issue.record("\(source): '\(word)' #\(occurrence) not found")
                continue
            }
            let lineStart =
                text[..<wordRange.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            let lineEnd = text[wordRange.upperBound...].firstIndex(of: "\n") ?? text.endIndex
            let line = String(text[lineStart..<lineEnd])
            let base = text.utf8.distance(from: lineStart, to: wordRange.lowerBound)
            let span = base..<(base + word.utf8.count)
            let tokens = analyzer.tokens(in: line).filter { span.contains($0.start) }
            let got = tokens.map { "\($0.surface)/\($0.lemma)/\($0.pos)" }
            #expect(
                tokens.contains { $0.surface == surface && $0.lemma == lemma && $0.pos == pos },
                "\(source) '\(word)': expected \(surface)/\(lemma)/\(pos), got \(got)")
        }
        #expect((notes["initial-ㄹ"] ?? 0) >= 10 && (notes["loanword"] ?? 0) >= 5 && (notes["였다-ending"] ?? 0) >= 10)
    }

    static func text(of source: String) throws -> String {
        let parts = source.split(separator: "#", maxSplits: 1).map(String.init)
        let url = SharedCorpus.root.appendingPathComponent(parts[0])
        let contents = try String(contentsOf: url, encoding: .utf8)
        guard parts.count == 2 else { return contents }
        for line in contents.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            if (object["id"] as? String) == parts[1] { return object["body"] as? String ?? "" }
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    @Test func commandsWriteTheFixedShapeAndSayWhatToInstall() throws {
        _ = try Analyzers.require()
        let output = try SinmunProcess.run(["tokens", "--json", "조선로동당은 력사를 받아들여 AI"])
        #expect(output.status == 0)
        let list = try #require(try output.json() as? [[String: Any]])
        #expect(list.count == 6)
        for token in list {
            #expect(Set(token.keys).isSubset(of: ["surface", "lemma", "pos", "start", "end", "hanja", "northern"]))
            #expect(Set(["surface", "lemma", "pos", "start", "end"]).isSubset(of: Set(token.keys)))
        }
        #expect(list[0]["northern"] as? Bool == true && list[0]["hanja"] as? String == "朝鮮勞動黨")
        #expect(try SinmunProcess.run(["doctor"]).status == 0)
        // Without the dictionary: one line naming what to install, and a failure status.
        let missing = try SinmunProcess.run(["tokens", "인공지능", "--dicdir", "/nonexistent"])
        #expect(missing.status != 0 && missing.stderr.contains("pip install nkhandic"))
        // English needs nothing.
        let english = try SinmunProcess.run(["tokens", "--json", "Drones flew.", "--dicdir", "/nonexistent"])
        #expect(english.status == 0 && english.stdout.contains("\"lemma\" : \"drone\""))
    }

    @Test func findsTheDictionaryAsAUserWould() throws {
        _ = try Analyzers.require()
        let found = try NKHanDic.locate()
        #expect(FileManager.default.fileExists(atPath: found.path + "/sys.dic"))
        #expect(found.version != nil)
        // --dicdir beats the environment; a folder without a dictionary is named in the error.
        let explicit = try NKHanDic.locate(option: found.path, environment: ["SINMUN_NKHANDIC": "/nonexistent"])
        #expect(explicit.foundBy == "--dicdir")
        #expect(throws: AnalyzerError.notADictionary("/nonexistent")) {
            try NKHanDic.locate(environment: ["SINMUN_NKHANDIC": "/nonexistent"])
        }
        #expect(throws: AnalyzerError.self) {
            try NKHanDic.locate(environment: ["PATH": "/nonexistent/bin", "HOME": "/nonexistent"])
        }
    }
}

@Suite struct TermIndexTests {
    /// A store with eight New Year addresses (1,2 MB would take minutes in a debug build).
    static func newYearStore(years: [Int] = [1950, 1970, 1987, 1995, 2000, 2013, 2017, 2018]) throws -> CorpusStore {
        let folder = Scratch.directory.appendingPathComponent("ny-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for year in years {
            try FileManager.default.copyItem(
                at: SharedCorpus.newYear.appendingPathComponent("\(year).txt"),
                to: folder.appendingPathComponent("\(year).txt"))
        }
        let store = try Scratch.store()
        _ = try store.importArchive(folder)
        return store
    }

    /// Every article's stored counts add up to the terms' corpus and per-period totals.
    static func checkTotals(_ store: CorpusStore) throws {
        try store.read { db in
            let mismatched =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM term t
                        WHERE t.docs != coalesce((SELECT sum(docs) FROM term_period p WHERE p.term_id = t.id), 0)
                           OR t.tokens != coalesce((SELECT sum(tokens) FROM term_period p WHERE p.term_id = t.id), 0)
                        """) ?? -1
            #expect(mismatched == 0)
            let occurrences = try Int.fetchOne(db, sql: "SELECT sum(tokens) FROM article_terms") ?? 0
            let termTotal = try Int.fetchOne(db, sql: "SELECT sum(tokens) FROM term") ?? 0
            #expect(occurrences == termTotal && occurrences > 0)
        }
    }

    @Test(.enabled(if: Analyzers.mustRun, Analyzers.skipMessage))
    func aLemmaListingIsNewestPublishedFirst() throws {
        let analyzer = WordAnalyzer(korean: try Analyzers.require())
        let store = try Scratch.store()
        // Added out of publication order, one undated; texts of this test's own.
        let records: [(date: String?, body: String)] = [
            ("2024-03-01", "공장에서는 힘든 로동을 덜기 위하여 새 기계를 설치하였다."),
            ("2024-05-01", "농장에서는 로동의 성과를 자랑하며 모내기를 끝냈다."),
            (nil, "탄광에서는 로동과 휴식의 시간을 새로 정하고 석탄을 더 캐냈다."),
            ("2024-04-01", "철도에서는 로동에 참가한 청년들이 새 선로를 깔았다."),
        ]
        let lines = records.enumerated().map { i, record in
            let date = record.date.map { #""date": "\#($0)", "# } ?? ""
            return #"{"title": "기사 \#(i)", "body": "\#(record.body)", \#(date)"url": "http://k/l\#(i)", "lang": "ko"}"#
        }
        _ = try store.importArchive(try Scratch.file("lemma-order.jsonl", lines.joined(separator: "\n")))
        _ = try store.analyze(with: analyzer)
        let listed = try store.search(SearchQuery(typed: "lemma:로동"), limit: 10)
        #expect(listed.total == 4)
        #expect(listed.hits.map(\.date) == ["2024-05-01", "2024-04-01", "2024-03-01", nil])
    }

    @Test(.enabled(if: SharedCorpus.available && Analyzers.mustRun, "needs ../shared/corpora and the Korean analyser"))
    func lemmaSearchFindsEveryInflectedForm() throws {
        let analyzer = WordAnalyzer(korean: try Analyzers.require())
        let store = try Self.newYearStore()
        let first = try store.analyze(with: analyzer)
        #expect(first.analysed == 8 && first.skippedKorean == 0 && first.termOccurrences > 10_000)
        let again = try store.analyze(with: analyzer)
        #expect(again.analysed == 0 && again.upToDate == 8)
        try Self.checkTotals(store)
        // Every article printing a form of 받아들이다 (받아들여, 받아들이며 …) and only those.
        let hits = try store.search(SearchQuery(typed: "lemma:받아들이다"), limit: 50)
        var expected = Set<String>()
        for hit in try store.listArticles(filter: ArticleFilter(), limit: 50).hits {
            if try store.article(id: hit.id)!.body.contains("받아들") { expected.insert(hit.id) }
        }
        #expect(!expected.isEmpty)
        #expect(Set(hits.hits.map(\.id)) == expected && hits.total == expected.count)
        #expect(hits.hits.allSatisfy { $0.snippet.highlights.count > 0 })
        // North and South spellings are one key; a tag narrows.
        let north = try store.search(SearchQuery(typed: "lemma:로동"), limit: 50)
        let south = try store.search(SearchQuery(typed: "lemma:노동"), limit: 50)
        #expect(north.total > 0 && north.total == south.total)
        #expect(try store.search(SearchQuery(typed: "lemma:로동/VV"), limit: 50).total == 0)
        // Lemma and word clauses together.
        let both = try store.search(SearchQuery(typed: "lemma:받아들이다 과학"), limit: 50)
        #expect(both.total > 0 && both.total <= hits.total)
        // Document frequencies by period sum to the term's.
        let terms = try store.terms(fold: "노동")
        #expect(terms.contains { $0.forms.contains("로동") })
        let perYear = try store.documentFrequencies(key: "ko:노동/NNG")
        #expect(perYear.reduce(0) { $0 + $1.docs } == terms.first { $0.key == "ko:노동/NNG" }?.docs)
    }

    @Test(.enabled(if: SharedCorpus.available && Analyzers.mustRun, "needs ../shared/corpora and the Korean analyser"))
    func aChangedArticleMovesItsCounts() throws {
        let analyzer = WordAnalyzer(korean: try Analyzers.require())
        let store = try Self.newYearStore(years: [1987, 2018])
        _ = try store.analyze(with: analyzer)
        let before = try store.search(SearchQuery(typed: "lemma:받아들이다")).total
        // The site edits an article: new text, new hash. Only it is analysed again, and the
        // totals stay the sums of the articles' counts.
        try store.write { db in
            try db.execute(
                sql: """
                    UPDATE article SET body = '인공지능기술을 받아들여 로동을 늘이였다.', content_hash = 'edited'
                    WHERE id = (SELECT min(id) FROM article)
                    """)
        }
        let report = try store.analyze(with: analyzer)
        #expect(report.analysed == 1)
        try Self.checkTotals(store)
        #expect(try store.search(SearchQuery(typed: "lemma:인공지능")).total == 1)
        #expect(try store.search(SearchQuery(typed: "lemma:받아들이다")).total >= 1 && before >= 1)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func englishNeedsNoMeCab() throws {
        // As on a machine without MeCab: English is analysed, Korean left and counted.
        let analyzer = WordAnalyzer(dicdir: "/nonexistent")
        #expect(analyzer.korean == nil)
        let store = try Scratch.store()
        _ = try store.importArchive(SharedCorpus.kcna)
        _ = try store.importArchive(SharedCorpus.korean2026)
        let report = try store.analyze(with: analyzer)
        #expect(report.skippedKorean == 26)
        #expect(report.analysed == (try store.statistics().articles) - 26)
        let drones = try store.search(SearchQuery(typed: "lemma:drone"), limit: 1000)
        let words = try store.search(SearchQuery(typed: "drone"), limit: 1)
        #expect(drones.total > 0)
        // The stem key finds drone and drones; the FTS Porter stemmer may find more (droned).
        #expect(drones.total <= words.total)
        try Self.checkTotals(store)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func batchesStoredTogetherEqualBatchesStoredOneByOne() throws {
        // KCNA's English articles: several reading batches of 400, stored in one transaction
        // each, or kept back and stored together.
        let analyzer = WordAnalyzer(dicdir: "/nonexistent")
        let oneByOne = try Scratch.store()
        let together = try Scratch.store()
        for store in [oneByOne, together] { _ = try store.importArchive(SharedCorpus.kcna) }
        let single = try oneByOne.analyze(with: analyzer, articlesPerTransaction: 1)
        let kept = try together.analyze(with: analyzer, articlesPerTransaction: 2000)
        #expect(single.analysed > 800 && kept.analysed == single.analysed)
        #expect(try together.corpusTermTally() == oneByOne.corpusTermTally())
        let ids = try oneByOne.articleIDs(filter: ArticleFilter())
        #expect(try together.documentTerms(of: ids) == oneByOne.documentTerms(of: ids))
        func perMonth(_ store: CorpusStore) throws -> [String] {
            try store.documentFrequencies(key: "en:drone").map { "\($0.period) \($0.docs) \($0.tokens)" }
        }
        #expect(try !perMonth(oneByOne).isEmpty && perMonth(together) == perMonth(oneByOne))
        try Self.checkTotals(together)
    }

    @Test(.enabled(if: SharedCorpus.available && Analyzers.mustRun, "needs ../shared/corpora and the Korean analyser"))
    func codebookLemmasFindInflectedForms() throws {
        let store = try Self.newYearStore(years: [1987, 2017, 2018])
        let yaml = """
            codebook: lemmas-test
            codes:
              accept:
                group: concept
                lemmas: [받아들이다]
              labour:
                group: concept
                terms: ["lemma:노동/NNG"]
            """
        let codebook = try CodebookParser.parse(yaml, file: "lemmas-test.yaml")
        #expect(codebook.usesKoreanLemmas)
        _ = try store.code(with: codebook, words: WordAnalyzer(korean: try Analyzers.require()))
        var accepted = 0
        try store.codedArticles(codebook: "lemmas-test") { article in
            guard let code = article.codes["accept"] else { return }
            accepted += 1
            for evidence in code.evidence {
                #expect(evidence.matches.allSatisfy { $0.text.hasPrefix("받아들") })
            }
        }
        #expect(accepted >= 2)
    }
}
