import Foundation
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore
import Testing

@Suite struct CodebookParserTests {
    let minimal = """
        codebook: test
        codes:
          ai:
            group: concept
            terms: {ko: [인공지능], en: [artificial intelligence, AI]}
          military:
            group: frame
            terms: [drone]
            context: {codes: [ai], sentences: 0}
            article_requires: [ai]
        """

    @Test func parsesAndOrdersCodes() throws {
        let book = try CodebookParser.parse(minimal, file: "test.yaml")
        #expect(book.name == "test")
        #expect(book.codes.map(\.name) == ["ai", "military"])
        #expect(book.codes[0].patterns == [.term("인공지능"), .term("artificial intelligence"), .term("AI")])
        #expect(book.codes[1].context == ContextRule(codes: ["ai"], sentences: 0, words: nil))
        // The text and the version of the coder's reported-speech rules.
        #expect(book.hash == Fingerprint.sha256Hex(minimal + "\n# coder rules \(ReportedSpeech.rulesVersion)"))
        // Dependencies come first whatever the file's order.
        let reversed = try CodebookParser.parse(
            """
            codebook: r
            codes:
              frame: {terms: [x], article_requires: [base]}
              base: {terms: [y]}
            """, file: "r.yaml")
        #expect(reversed.codes.map(\.name) == ["base", "frame"])
    }

    @Test func builtInCodebookIsValid() throws {
        let book = try BuiltInCodebooks.load("ai-discourse")
        #expect(book.codes.first?.name == "ai")
        let groups = Dictionary(grouping: book.codes, by: \.group).mapValues(\.count)
        #expect(groups[.frame] == 9)
        #expect(groups[.actor] == 6)
        #expect(groups[.indicator] == 4)
        #expect(book.codes.filter { $0.group != .concept }.allSatisfy { $0.articleRequires == ["ai"] })
    }

    func error(_ yaml: String) -> CodebookError? {
        do {
            _ = try CodebookParser.parse(yaml, file: "bad.yaml")
            return nil
        } catch let error as CodebookError {
            return error
        } catch {
            return nil
        }
    }

    @Test func yamlErrorsNameTheLine() throws {
        let e = try #require(error("codebook: x\ncodes:\n  ai:\n    terms: [unclosed\n"))
        #expect(e.file == "bad.yaml")
        #expect(e.line != nil)
        #expect(e.message.hasPrefix("YAML error"))
    }

    @Test func unknownKeysAreRejected() throws {
        let e = try #require(error("codebook: x\ncodes:\n  ai:\n    terms: [a]\n    contxt: {codes: [ai]}\n"))
        #expect(e.line == 5)
        #expect(e.code == "ai")
        #expect(e.message.contains("unknown key 'contxt'"))
        #expect(e.description.hasPrefix("bad.yaml:5: code 'ai': unknown key"))
        let top = try #require(error("codebook: x\ncode: {}\n"))
        #expect(top.message.contains("unknown key 'code'"))
    }

    @Test func invalidRegularExpression() throws {
        let e = try #require(error("codebook: x\ncodes:\n  ai:\n    terms: [\"re:(unclosed\"]\n"))
        #expect(e.line == 4)
        #expect(e.message.contains("invalid regular expression"))
    }

    @Test func missingCodeAndCycles() throws {
        let missing = try #require(error("codebook: x\ncodes:\n  a:\n    terms: [x]\n    context: {codes: [nope]}\n"))
        #expect(missing.code == "a")
        #expect(missing.message.contains("missing code 'nope'"))
        let cycle = try #require(
            error(
                "codebook: x\ncodes:\n  a: {terms: [x], article_requires: [b]}\n"
                    + "  b: {terms: [y], context: {codes: [a]}}\n"))
        #expect(cycle.message.contains("cycle"))
        let selfCycle = try #require(error("codebook: x\ncodes:\n  a: {terms: [x], context: {codes: [a]}}\n"))
        #expect(selfCycle.message.contains("cycle"))
    }

    @Test func otherSchemaErrors() {
        #expect(error("codebook: x\ncodes:\n  a: {terms: []}\n")?.message.contains("empty") == true)
        #expect(
            error("codebook: x\ncodes:\n  a: {group: topic, terms: [x]}\n")?.message.contains("unknown group") == true)
        #expect(error("codebook: x\ncodes:\n  a: {label: no terms}\n")?.message.contains("missing 'terms'") == true)
        #expect(
            error("codebook: x\ncodes:\n  a: {terms: [x], rollup: {mention: 3, focus: 2}}\n")?.message.contains(
                "mention <= focus") == true)
        #expect(
            error(
                "codebook: x\ncodes:\n  a: {terms: [x], context: {codes: [a2], sentences: 1, words: 3}}\n"
                    + "  a2: {terms: [y]}\n")?.message.contains("sentences: 0") == true)
        #expect(error("")?.message.contains("empty") == true)
    }

    @Test func quantedaDictionary() throws {
        let book = try CodebookParser.parse(
            """
            technology:
              ai: [artificial intelligence, "machine learn*"]
              drones: [drone]
            russia: [Russia, Putin]
            """, file: "/tmp/dict.yml")
        #expect(book.name == "dict")
        #expect(book.codes.map(\.name) == ["technology.ai", "technology.drones", "russia"])
        #expect(book.codes[0].patterns == [.term("artificial intelligence"), .glob("machine learn*")])
    }
}

@Suite struct ArticleCoderTests {
    func coder(_ yaml: String) throws -> ArticleCoder {
        ArticleCoder(codebook: try CodebookParser.parse("codebook: t\n" + yaml, file: "t.yaml"))
    }

    func codes(_ coder: ArticleCoder, title: String = "", _ body: String) -> [String: StoredCode] {
        Dictionary(uniqueKeysWithValues: coder.code(title: title, body: body).map { ($0.code, $0) })
    }

    @Test func koreanTermsFoldSpellingAndSpacing() throws {
        let c = try coder("codes:\n  labour: {terms: [노동, 국가주도]}\n")
        let result = codes(c, "조선로동당의 정책이다. 국가 주도로 나아간다. 관계없는 문장이다.")
        let evidence = try #require(result["labour"]).evidence
        #expect(evidence.flatMap(\.matches).map(\.text) == ["로동", "국가 주도"])
    }

    @Test("a Hangul literal after a Hangul lookbehind runs in the automaton with the regex's meaning")
    func literalAfterNonHangul() throws {
        let c = try coder("codes:\n  iran: {terms: [\"re:(?<![가-힣])이란\"]}\n  other: {terms: [\"re:이란\"]}\n")
        let result = codes(c, "이란 대통령이 방문하였다. 그것이란 무엇인가. (이란은 제재를 규탄하였다.)")
        let iran = try #require(result["iran"])
        // Two sentences mention Iran; "그것이란" (the particle) is not one of them.
        #expect(iran.evidence.map(\.sentence) == ["이란 대통령이 방문하였다.", "(이란은 제재를 규탄하였다.)"])
        // The plain regex still runs in ICU and finds all three.
        #expect(try #require(result["other"]).evidence.count == 3)
    }

    @Test func englishWordsPluralsAndAcronyms() throws {
        let c = try coder("codes:\n  ai: {terms: [AI, drone, policy]}\n")
        let result = try #require(codes(c, "The MAIN drones flew. Ai is not AI. New policies were set.")["ai"])
        #expect(result.evidence.flatMap(\.matches).map(\.text) == ["drones", "AI", "policies"])
    }

    @Test func globsAndRegularExpressions() throws {
        let c = try coder("codes:\n  a: {terms: [\"intelligen*\", \"re:\\\\bK[0-9]+\\\\b\"]}\n")
        let result = try #require(codes(c, "Intelligentization rose. Model K17 was shown. Unintelligent K-9 not.")["a"])
        #expect(result.evidence.flatMap(\.matches).map(\.text) == ["Intelligentization", "K17"])
    }

    @Test func exclusionsRemoveHits() throws {
        let c = try coder(
            "codes:\n  ai: {terms: [intelligence], exclude: [military intelligence, intelligence agency]}\n")
        #expect(codes(c, "Military intelligence was shared. The intelligence agency lied.")["ai"] == nil)
        #expect(codes(c, "Artificial intelligence was shared.")["ai"] != nil)
    }

    @Test func contextRules() throws {
        let c = try coder(
            """
            codes:
              ai: {terms: [AI]}
              same: {terms: [drone], context: {codes: [ai], sentences: 0}}
              near: {terms: [drone], context: {codes: [ai], sentences: 1}}
              close: {terms: [drone], context: {codes: [ai], sentences: 0, words: 3}}
              gated: {terms: [weapon], article_requires: [ai]}
            """)
        let a = codes(c, "A drone flew. AI guides it. Another weapon.")
        #expect(a["same"] == nil)
        #expect(a["near"]?.hits == 1)
        #expect(a["gated"]?.hits == 1)
        let b = codes(c, "AI will guide the new drone. AI and a drone.")
        #expect(b["same"]?.hits == 2)
        #expect(b["close"]?.hits == 1)  // "AI will guide the new drone": four words apart
        #expect(codes(c, "A weapon without the acronym.")["gated"] == nil)
    }

    @Test func rollupLevels() throws {
        let c = try coder("codes:\n  ai: {terms: [AI]}\n")
        let filler = (1...20).map { "Sentence \($0) is about farming." }.joined(separator: " ")
        #expect(codes(c, "AI is mentioned. " + filler)["ai"]?.level == "mention")
        #expect(codes(c, title: "AI in the title", filler)["ai"]?.level == "focus")
        #expect(codes(c, "AI one. AI two. AI three. " + filler)["ai"]?.level == "focus")
        #expect(codes(c, "AI here. Short article.")["ai"]?.level == "focus")  // half the sentences
        let strict = try coder(
            "codes:\n  ai: {terms: [AI], rollup: {mention: 2, focus: 5, focus_share: 1.0, focus_title: false}}\n")
        #expect(codes(strict, "AI once. " + filler)["ai"] == nil)
        #expect(codes(strict, "AI once. AI twice. " + filler)["ai"]?.level == "mention")
    }

    @Test func evidenceOffsetsPointIntoTheText() throws {
        let c = try coder("codes:\n  ai: {terms: [인공지능, artificial intelligence]}\n")
        let body = "첫 문단이다.\n《인공지능은 중요하다.》고 하였다. Then artificial intelligence came."
        let result = try #require(codes(c, title: "제목", body)["ai"])
        let bytes = Array(body.utf8)
        for evidence in result.evidence {
            #expect(evidence.field == "body")
            #expect(String(decoding: bytes[evidence.start..<evidence.end], as: UTF8.self) == evidence.sentence)
            for match in evidence.matches {
                #expect(evidence.start <= match.start && match.end <= evidence.end)
                #expect(String(decoding: bytes[match.start..<match.end], as: UTF8.self) == match.text)
            }
        }
        #expect(result.evidence.map(\.sentence) == ["《인공지능은 중요하다.》고 하였다.", "Then artificial intelligence came."])
    }
}

@Suite struct CodingStoreTests {
    @Test func incrementalRecoding() throws {
        let store = try Scratch.store()
        _ = try store.importArchive(
            try Scratch.file(
                "a.jsonl",
                """
                {"title": "One", "body": "Artificial intelligence is discussed.", "date": "2024-01-01"}
                {"title": "Two", "body": "Nothing relevant here.", "date": "2024-01-02"}
                """))
        let book = try BuiltInCodebooks.load("ai-discourse")
        let first = try store.code(with: book)
        #expect(first.coded == 2)
        #expect(first.assigned["ai"] == 1)
        let second = try store.code(with: book)
        #expect(second.coded == 0)
        #expect(second.upToDate == 2)
        _ = try store.importArchive(
            try Scratch.file(
                "b.jsonl",
                "{\"title\": \"Three\", \"body\": \"Machine learning in farming.\", \"date\": \"2024-01-03\"}\n"))
        #expect(try store.code(with: book).coded == 1)
        // An edited codebook recodes everything.
        let edited = try CodebookParser.parse(book.source + "\n# edited\n", file: "edited.yaml")
        #expect(try store.code(with: edited).coded == 3)
        var records: [CodedArticle] = []
        try store.codedArticles(codebook: book.name) { records.append($0) }
        #expect(records.count == 3)
        #expect(records.filter { !$0.codes.isEmpty }.map(\.title) == ["One", "Three"])
        #expect(records.first { $0.title == "Two" }?.codes.isEmpty == true)
    }

    @Test func labelFileProblemsNameTheCase() throws {
        #expect(throws: ValidationFailure.unreadable(path: "/nonexistent/labels.csv")) {
            try LabelSet.load(path: "/nonexistent/labels.csv")
        }
        let empty = try Scratch.file("empty.csv", "")
        #expect(throws: ValidationFailure.empty(path: empty.path)) { try LabelSet.load(path: empty.path) }
        let noKey = try Scratch.file("nokey.csv", "title,ai\nOne,1\n")
        #expect(throws: ValidationFailure.noKeyColumn(path: noKey.path, line: 1)) {
            try LabelSet.load(path: noKey.path)
        }
        #expect(
            ValidationFailure.noKeyColumn(path: "l.csv", line: 1).description
                == "l.csv: line 1: the header needs a 'url' or 'id' column")
        #expect(throws: ValidationFailure.noLabelFiles) {
            try Scratch.store().validate(codebook: try BuiltInCodebooks.load("ai-discourse"), labelSets: [])
        }
    }
}

@Suite struct AgreementStatisticsTests {
    // Reference values computed independently with SciPy 1.17.1:
    // scipy.stats.binomtest(k, n).proportion_ci(method="wilson").
    @Test(arguments: [
        (7, 7, 0.64567, 1.0), (81, 263, 0.255289, 0.36621), (0, 10, 0.0, 0.277533), (5, 10, 0.236593, 0.763407),
    ])
    func wilsonIntervals(k: Int, n: Int, low: Double, high: Double) throws {
        let interval = try #require(AgreementStatistics.wilson(successes: k, trials: n))
        #expect(abs(interval.lowerBound - low) < 1e-5)
        #expect(abs(interval.upperBound - high) < 1e-5)
        #expect(AgreementStatistics.wilson(successes: 0, trials: 0) == nil)
    }

    @Test func precisionRecallF1ByHand() throws {
        // 6 TP, 2 FP, 3 FN, 9 TN: P = 6/8, R = 6/9, F1 = 12/17.
        let pairs: [(predicted: Bool, actual: Bool)] =
            Array(repeating: (true, true), count: 6) + Array(repeating: (true, false), count: 2)
            + Array(repeating: (false, true), count: 3) + Array(repeating: (false, false), count: 9)
        let s = AgreementStatistics.scores(pairs: pairs)
        #expect((s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives) == (6, 2, 3, 9))
        #expect(s.precision == 0.75)
        #expect(abs(s.recall! - 6.0 / 9.0) < 1e-12)
        #expect(abs(s.f1! - 12.0 / 17.0) < 1e-12)
        let f1 = try #require(s.f1Interval)
        #expect(f1[0] < s.f1! && s.f1! < f1[1])
        #expect(AgreementStatistics.scores(pairs: pairs).f1Interval == f1)  // fixed seed
    }

    @Test func cohensKappaWikipediaExample() throws {
        // Wikipedia, "Cohen's kappa", worked example: 50 proposals, 20 yes/yes, 5 yes/no,
        // 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
        let a = Array(repeating: true, count: 25) + Array(repeating: false, count: 25)
        let b =
            Array(repeating: true, count: 20) + Array(repeating: false, count: 5) + Array(repeating: true, count: 10)
            + Array(repeating: false, count: 15)
        #expect(abs(try #require(AgreementStatistics.cohensKappa(a, b)) - 0.4) < 1e-12)
    }

    @Test func krippendorffAlphaPublishedExamples() throws {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
        // four observers, twelve units, missing values; nominal alpha = 0.743.
        let rows: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        let units = (0..<12).map { unit in rows.map { $0[unit] } }
        #expect(abs(try #require(AgreementStatistics.krippendorffAlphaNominal(units)) - 0.743) < 0.0005)
        // Same paper, section A: two observers, ten units, binary data; alpha = 0.095.
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
        #expect(
            abs(try #require(AgreementStatistics.krippendorffAlphaNominal(zip(a, b).map { [$0, $1] })) - 0.095) < 0.0005
        )
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct AIDiscourseOnRealDataTests {
    static let coded: Result<CorpusStore, Error> = Result {
        let store = try CorpusStore(path: Scratch.path("coded.sqlite"))
        _ = try store.importArchive(SharedCorpus.kcna)
        _ = try store.code(with: try BuiltInCodebooks.load("ai-discourse"))
        return store
    }

    func articles() throws -> [CodedArticle] {
        var all: [CodedArticle] = []
        try Self.coded.get().codedArticles(codebook: "ai-discourse") { all.append($0) }
        return all
    }

    @Test func aiFindsTheDroneTestAndAvoidsTheTraps() throws {
        let all = try articles()
        let ai = all.filter { $0.codes["ai"] != nil }
        let droneTest = try #require(
            ai.first { $0.date == "2024-08-26" && $0.title.contains("Performance Test of Drones") })
        #expect(droneTest.codes["military"] != nil)
        #expect(droneTest.codes["actor_kim_jong_un"] != nil)
        #expect(droneTest.codes["ai"]?.evidence.first?.matches.map(\.text) == ["artificial intelligence"])
        // The October 2024 ROK drone incursion: many drone articles, none about AI.
        let incursion = all.filter { ($0.date ?? "") >= "2024-10-01" && $0.title.lowercased().contains("drone") }
        #expect(incursion.count >= 2)
        #expect(incursion.allSatisfy { $0.codes["ai"] == nil })
        // "intelligence" as espionage: the intelligence organ and operation statements.
        let espionage = all.filter {
            $0.title.contains("Press Statement of Vice Department Director of WPK Central Committee")
                || $0.title.contains("Consultative Meeting")
        }
        #expect(!espionage.isEmpty && espionage.allSatisfy { $0.codes["ai"] == nil })
        // Smart rifle-handling, automatic rifles.
        #expect(
            all.filter {
                $0.title.contains("Transfer of New-Type Tactical") || $0.title.contains("Missile Administration")
            }.allSatisfy { $0.codes["ai"] == nil })
        #expect((6...10).contains(ai.count))
    }

    @Test func devSetPrecisionAndRecall() throws {
        let labels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Labels/kcna-2024-dev.csv")
        let set = try LabelSet.load(path: labels.path)
        #expect(set.keys.count >= 150)
        #expect(set.problems.isEmpty)
        let report = try Self.coded.get().validate(
            codebook: try BuiltInCodebooks.load("ai-discourse"), labelSets: [set])
        #expect(report.unknownKeys.isEmpty)
        #expect(report.unknownCodes.isEmpty)
        let ai = try #require(report.codes.first { $0.code == "ai" })
        #expect(ai.labelled >= 150)
        #expect(ai.scores.precision! >= 0.9)
        #expect(ai.scores.recall! >= 0.9)
        #expect(ai.scores.truePositives >= 7)
    }
}
