import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunRead
import SinmunShow
import SinmunStore
import Testing

/// Reported speech on sentences written for these tests (not state-media text).
@Suite struct ReportedSpeechTests {
    static let catalogue = SpeakerCatalogue(entries: [
        .init(name: "뿌찐", actor: "actor_russia"), .init(name: "Putin", actor: "actor_russia"),
        .init(name: "김정은", actor: "actor_kim_jong_un"), .init(name: "Kim Jong Un", actor: "actor_kim_jong_un"),
        .init(name: "로씨야", actor: "actor_russia", isName: false),
        .init(name: "Russian", actor: "actor_russia", isName: false),
    ])

    static func quotes(_ text: String) -> [ReportedSpeech.Quote] {
        let ranges = SentenceSplitter.sentences(in: text).map { text.utf8Offsets(of: $0) }
        return ReportedSpeech.quotes(in: text, sentences: ranges, catalogue: catalogue)
    }

    static func words(_ quote: ReportedSpeech.Quote?, _ text: String) -> String? {
        quote?.quote.map { text.utf8Slice($0) }
    }

    @Test func koreanSpeakerBeforeTheQuote() throws {
        let text = "로씨야대통령 뿌찐은 기자회견에서 인공지능이 나라의 미래를 좌우한다고 강조하였다."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "로씨야대통령 뿌찐")
        #expect(quote.resolution == .named)
        #expect(quote.actor == "actor_russia")
        #expect(quote.verb == "강조하였다")
        // The quote runs to the quotative 고, which it leaves out.
        #expect(Self.words(quote, text) == "인공지능이 나라의 미래를 좌우한다")
    }

    @Test func koreanPostposedPronounCarriesTheLastSpeaker() throws {
        let text = "뿌찐은 두 나라가 협력할것이라고 말하였다. 과학기술이 중요하다고 그는 강조하였다."
        let quotes = Self.quotes(text)
        #expect(quotes.count == 2)
        #expect(quotes[1].resolution == .pronoun)
        #expect(quotes[1].speaker == "뿌찐")
        #expect(quotes[1].actor == "actor_russia")
        #expect(Self.words(quotes[1], text) == "과학기술이 중요하다")
    }

    @Test func koreanSayingWhileGoesOnWithTheSameSpeaker() throws {
        let text = "대변인은 회담이 진행되였다고 하면서 결과가 좋을것이라고 밝혔다."
        let quotes = Self.quotes(text)
        #expect(quotes.map(\.speaker) == ["대변인", "대변인"])
        #expect(Self.words(quotes.last, text) == "결과가 좋을것이라")
    }

    @Test func koreanAngleQuotationAndAnnouncedSpeech() throws {
        let text = "그는 《모든 부문에서 인공지능을 받아들여야 한다.》고 지적하였다."
        // The brackets and the closing full stop frame the quote; they are not in it.
        #expect(Self.words(Self.quotes(text).first, text) == "모든 부문에서 인공지능을 받아들여야 한다")
        let announced = "김정은동지께서는 다음과 같이 말씀하시였다. 《과학으로 앞길을 열어나가자.》"
        let quotes = Self.quotes(announced)
        #expect(quotes.count == 2)
        #expect(quotes.last?.speaker == "김정은동지")
        #expect(quotes.last?.actor == "actor_kim_jong_un")
        #expect(Self.words(quotes.last, announced) == "과학으로 앞길을 열어나가자.")
    }

    @Test func koreanTeachingQuotedBeforeItsSpeaker() throws {
        // `…라고 하신 위대한 수령님의 교시`: the speaker follows the adnominal saying verb.
        let text = "《과학은 힘이다.》라고 하신 위대한 수령님의 교시를 받들어 나가야 한다."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "수령님")
        #expect(Self.words(quote, text) == "과학은 힘이다")
        // A transcription's '…' paragraph after an announcement is the announced speaker's too.
        let announced = "김정은동지께서는 다음과 같이 말씀하시였다. '과학으로 앞길을 열어나가자.'"
        #expect(Self.quotes(announced).last?.actor == "actor_kim_jong_un")
    }

    @Test func koreanSpeechActAndHearsay() throws {
        let act = try #require(Self.quotes("외무성 대변인은 20일 다음과 같은 담화를 발표하였다.").first)
        #expect(act.speaker == "외무성 대변인")
        #expect(act.quote == nil)
        #expect(act.verb == "담화")
        // `…고 한다` is hearsay, and a nominaliser is nobody.
        #expect(Self.quotes("정부는 발전소를 건설할 계획이라고 한다.").isEmpty)
    }

    @Test func koreanTitleAloneIsTheDignitaryLastNamed() throws {
        let text = "로씨야대통령 뿌찐이 평양에 도착하였다. 대통령은 협력이 강화될것이라고 말하였다."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.resolution == .title)
        #expect(quote.speaker == "뿌찐")
        #expect(quote.actor == "actor_russia")
        // With two dignitaries, `대통령은` is the last one named with that title.
        let two = "로씨야대통령 뿌찐이 도착하였다. 이란대통령 뻬제슈끼안도 왔다. 대통령은 협력이 강화될것이라고 말하였다."
        let second = try #require(
            ReportedSpeech.quotes(
                in: two, sentences: SentenceSplitter.sentences(in: two).map { two.utf8Offsets(of: $0) },
                catalogue: SpeakerCatalogue(entries: [
                    .init(name: "뿌찐", actor: "actor_russia"), .init(name: "뻬제슈끼안", actor: "actor_iran"),
                ])
            ).first)
        #expect(second.speaker == "뻬제슈끼안")
        #expect(second.actor == "actor_iran")
    }

    @Test func koreanTwoSpeakersInOneSentence() throws {
        let text = "뿌찐은 협력이 중요하다고 말하였으며 김정은동지께서는 인공지능을 도입하여야 한다고 강조하시였다."
        let quotes = Self.quotes(text)
        #expect(quotes.map(\.actor) == ["actor_russia", "actor_kim_jong_un"])
        #expect(Self.words(quotes.last, text) == "인공지능을 도입하여야 한다")
    }

    @Test func englishThatClausePostposedAndAccordingTo() throws {
        let text = "Russian President Vladimir Putin said that AI would decide the future."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "Russian President Vladimir Putin")
        #expect(quote.actor == "actor_russia")
        #expect(Self.words(quote, text) == "AI would decide the future")
        let postposed = "\"We will build more drones,\" Putin said."
        #expect(Self.words(Self.quotes(postposed).first, postposed) == "We will build more drones")
        let according = "According to the Russian foreign minister, the talks went well."
        let source = try #require(Self.quotes(according).first)
        #expect(source.speaker == "the Russian foreign minister")
        #expect(source.actor == "actor_russia")
        #expect(Self.words(source, according) == "the talks went well")
    }

    @Test func englishTitlesAndPronounsResolve() throws {
        let text =
            "Premier Kim Tok Hun visited a farm. The premier stressed that harvests must grow. "
            + "He noted that machines help."
        let quotes = Self.quotes(text)
        #expect(quotes.map(\.speaker) == ["Kim Tok Hun", "Kim Tok Hun"])
        #expect(quotes.map(\.resolution) == [.title, .pronoun])
        let drone =
            "Kim Jong Un came to the workshop. Calling for artificial intelligence in every new machine, "
            + "he gave his instructions."
        let order = try #require(Self.quotes(drone).first)
        #expect(order.speaker == "Kim Jong Un")
        #expect(order.actor == "actor_kim_jong_un")
        #expect(Self.words(order, drone)?.contains("artificial intelligence") == true)
    }

    @Test func englishSpeakerPhrasesKeepAbbreviationsAndDropConjunctions() throws {
        let text = "The U.S. claimed that AUKUS targets nobody. And Biden confirmed that Japan would join."
        #expect(Self.quotes(text).map(\.speaker) == ["The U.S.", "Biden"])
    }

    @Test func englishNonSpeechIsLeftAlone() {
        for text in [
            "It is said that the weather is fine.", "A noted scientist visited the plant.",
            "I have stressed the need to build more.", "The relevant situations were reported in detail.",
        ] {
            #expect(Self.quotes(text).isEmpty, "\(text)")
        }
    }
}

/// Attribution and the Korean codebook on the shared corpora and label sets.
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct AttributionOnRealDataTests {
    static let labels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Labels")
    static let koreanDev = SharedCorpus.root.deletingLastPathComponent().appendingPathComponent(
        "labels/ko-ai-dev/sentences.csv")

    @Test func attributionDevSetMeetsItsMeasuredFloor() throws {
        let (store, _) = try SharedCorpus.allCorporaStore.get()
        let path = Self.labels.appendingPathComponent("attribution-dev.csv").path
        // Korean and English, the traps the issue names, and sentences without speech.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for kind in ["rebuttal", "title_only", "two_speakers", "pronoun", "no_speech"] {
            #expect(text.components(separatedBy: ",\(kind),").count > 3, "\(kind)")
        }
        let evaluation = try QuoteEvaluation.spans(
            path: path, store: store, catalogue: try BuiltInCodebooks.load("ai-discourse").speakerCatalogue)
        #expect(evaluation.problems.isEmpty)
        #expect(evaluation.units >= 80)
        // Measured: speech found P 1.00 R 0.94; the right speaker P 0.97 R 0.91 (issue 16 asks 0.9).
        #expect(try #require(evaluation.detection.precision) >= 0.95)
        #expect(try #require(evaluation.detection.recall) >= 0.9)
        #expect(try #require(evaluation.speaker.precision) >= 0.9)
        #expect(try #require(evaluation.speaker.recall) >= 0.9)
    }

    @Test func koreanDevSetSpeechIsFound() throws {
        let set = try LabelSet.load(path: Self.koreanDev.path)
        let evaluation = QuoteEvaluation.sentences(
            set, catalogue: try BuiltInCodebooks.load("ai-discourse").speakerCatalogue)
        // Rows whose speaker only the quoting outlet names cannot be found in the text.
        #expect(evaluation.excluded >= 20)
        #expect(try #require(evaluation.detection.precision) >= 0.9)
        #expect(try #require(evaluation.detection.recall) >= 0.9)
    }

    @Test func everyArticleOfEveryCorpusReadsCleanly() throws {
        let (store, _) = try SharedCorpus.allCorporaStore.get()
        let catalogue = try BuiltInCodebooks.load("ai-discourse").speakerCatalogue
        var quotes = 0
        var languages: Set<String> = []
        var ids: [String] = []
        try store.codedArticles(codebook: "none") { ids.append($0.id) }
        for id in ids {
            guard let article = try store.article(id: id) else { continue }
            let sentences = SentenceSplitter.sentences(in: article.body).map { article.body.utf8Offsets(of: $0) }
            for quote in ReportedSpeech.quotes(in: article.body, sentences: sentences, catalogue: catalogue) {
                quotes += 1
                languages.insert(article.lang)
                if let words = quote.quote {
                    #expect(
                        quote.sentence.lowerBound <= words.lowerBound && words.upperBound <= quote.sentence.upperBound)
                    #expect(!article.body.utf8Slice(words).contains("\u{FFFD}"))
                }
                if let speaker = quote.speakerRange { #expect(speaker.upperBound <= article.body.utf8.count) }
            }
        }
        #expect(quotes > 500)
        #expect(languages == ["en", "ko"])
    }

    @Test func koreanDevSetMeetsTheCodebookTargets() throws {
        let report = try ValidationReport.compare(
            codebook: try BuiltInCodebooks.load("ai-discourse"),
            labelSets: [try LabelSet.load(path: Self.koreanDev.path)])
        let ai = try #require(report.codes.first { $0.code == "ai" }?.scores)
        #expect(try #require(ai.precision) >= 0.9)
        #expect(try #require(ai.recall) >= 0.9)
        let frames = try #require(report.groups.first { $0.group == "frame" }?.scores)
        #expect(try #require(frames.f1) >= 0.8)
        let actors = try #require(report.groups.first { $0.group == "actor" }?.scores)
        #expect(try #require(actors.precision) >= 0.8)
        // Two of the five actor rows name their actor only outside the sentence.
        #expect(try #require(actors.recall) >= 0.6)
    }

    @Test func actorEvidenceLinksTheActorToAI() throws {
        let store = try CorpusStore(path: Scratch.path("kcna-attribution.sqlite"))
        _ = try store.importArchive(SharedCorpus.kcna)
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        var actorCodes = 0
        try store.codedArticles(codebook: book.name) { article in
            for code in article.codes.values where code.code.hasPrefix("actor_") {
                actorCodes += 1
                let evidence = try #require(code.evidence.first)
                let aiSentences = Set(article.codes["ai"]?.evidence.map(\.start) ?? [])
                // Every actor quote shown links the actor to AI, or says it is only mentioned.
                #expect(code.link == "mentioned" || aiSentences.contains(evidence.start), "\(article.title)")
                #expect(code.link == evidence.link)
            }
            if article.title.contains("Performance Test of Drones") {
                let kim = try #require(article.codes["actor_kim_jong_un"])
                #expect(kim.link == "speaks")
                #expect(kim.evidence.first?.sentence.contains("artificial intelligence") == true)
                #expect(article.quotes.contains { $0.actor == "actor_kim_jong_un" && $0.conceptInQuote })
            }
        }
        #expect(actorCodes >= 3)
        let records = try store.quoteRecords(codebook: book.name, actor: "actor_kim_jong_un", conceptOnly: true)
        #expect(records.count == 1)
        #expect(records.first?.quote?.contains("artificial intelligence") == true)
    }

    @Test func suggestionsRaiseRecallAsValidationConfirms() throws {
        // A frame with one term: the assistant must find what the labelled positives share.
        let yaml = """
            codebook: small
            codes:
              ai: {group: concept, terms: [인공지능, 지능화, 지능형, 신경망, 얼굴인식, 기계번역]}
              health:
                group: frame
                terms: [의학]
                context: {codes: [ai], sentences: 1}
                article_requires: [ai]
            """
        let book = try CodebookParser.parse(yaml, file: "small.yaml")
        let set = try LabelSet.load(path: Self.koreanDev.path)
        let report = try TermSuggestions.suggest(code: "health", codebook: book, labels: set, store: nil)
        let best = try #require(report.suggestions.first)
        #expect(try #require(best.scores.recall) > (report.baseline.recall ?? 0))
        #expect(try #require(best.f1Change) > 0)
        #expect(!best.example.isEmpty)
        // Adding the term by hand and validating gives the same figures.
        let extended = try CodebookParser.parse(
            yaml.replacingOccurrences(of: "terms: [의학]", with: "terms: [의학, \"\(best.term)\"]"), file: "x.yaml")
        let check = try ValidationReport.compare(codebook: extended, labelSets: [set])
        let health = try #require(check.codes.first { $0.code == "health" })
        #expect(health.scores.truePositives == best.scores.truePositives)
        #expect(health.scores.falsePositives == best.scores.falsePositives)
    }
}

/// Quotes through coding, storage and output, on texts written for these tests.
@Suite struct QuoteCodingTests {
    @Test func aPronounSpeakerEarnsTheActorTheLinkSpeaks() throws {
        let coder = ArticleCoder(codebook: try BuiltInCodebooks.load("ai-discourse"))
        let result = coder.coding(
            title: "",
            body: "Kim Jong Un visited the institute. The building is new. The weather was fine. "
                + "He stressed that artificial intelligence must serve the people.")
        let quote = try #require(result.quotes.first)
        #expect(quote.speaker == "Kim Jong Un")
        #expect(quote.resolution == "pronoun")
        #expect(quote.conceptInQuote)
        // His name is three sentences from AI, beyond the context rule; the quote links him.
        let kim = try #require(result.codes.first { $0.code == "actor_kim_jong_un" })
        #expect(kim.link == "speaks")
        #expect(kim.evidence.first?.sentence.hasPrefix("He stressed") == true)
        // An actor only named near AI is `mentioned`, with that sentence as evidence.
        let near = coder.coding(
            title: "", body: "Artificial intelligence was shown at the fair. Visitors came from Russia.")
        #expect(near.codes.first { $0.code == "actor_russia" }?.link == "mentioned")
    }

    @Test func quotesAreStoredListedAndRecodedWithTheRules() throws {
        let store = try Scratch.store()
        let feed = """
            {"title": "Talks", "body": "Russian President Vladimir Putin said that artificial intelligence \
            decides the future <b>&</b> more. The two leaders then met.", "date": "2024-06-19", "outlet": "kcna", \
            "url": "http://example.org/t"}
            """
        _ = try store.importArchive(try Scratch.file("talks.jsonl", feed))
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        var article: CodedArticle?
        try store.codedArticles(codebook: book.name) { article = $0 }
        let quote = try #require(article?.quotes.first)
        #expect(quote.speaker == "Russian President Vladimir Putin")
        #expect(quote.actor == "actor_russia")
        #expect(quote.conceptInQuote)
        #expect(article?.codes["actor_russia"]?.link == "speaks")
        let records = try store.quoteRecords(codebook: book.name, actor: "actor_russia", conceptOnly: true)
        #expect(records.count == 1)
        // The JSON contract of `sinmun quotes --json`.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let object = try #require(
            JSONSerialization.jsonObject(with: try encoder.encode(records[0])) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "article", "date", "title", "speaker", "actor", "sentence", "quote", "verb", "conceptInQuote", "start",
                "end",
            ])
        #expect(object["quote"] as? String == "artificial intelligence decides the future <b>&</b> more")
        #expect(
            records[0].end - records[0].start == "artificial intelligence decides the future <b>&</b> more".utf8.count)
        // `codes --json` carries the quotes with the article.
        let json = String(decoding: try encoder.encode(article), as: UTF8.self)
        #expect(json.contains("\"quotes\":[{"))
        // The coder's rules are part of the codebook's version: an unchanged corpus stays coded.
        #expect(try store.code(with: book).coded == 0)
    }

    @Test func layeredMarkupNestsAndEscapes() {
        let text = "He said <b>AI</b> & more."
        let html = HTML.layered(
            text,
            layers: [
                .init(open: "<q>", close: "</q>", ranges: [8..<25]),
                .init(open: "<mark>", close: "</mark>", ranges: [11..<13, 20..<24, 20..<30, 1..<2]),
            ])
        // Ranges past the end are dropped; a range that splits nothing is kept.
        #expect(html == "H<mark>e</mark> said <q>&lt;b&gt;<mark>AI</mark>&lt;/b&gt; &amp; <mark>more</mark>.</q>")
        // A span crossing another's end is closed and reopened, so the markup stays well formed.
        let crossing = HTML.layered(
            "abcdef",
            layers: [
                .init(open: "<q>", close: "</q>", ranges: [0..<4]), .init(open: "<i>", close: "</i>", ranges: [2..<6]),
            ])
        #expect(crossing == "<q>ab<i>cd</i></q><i>ef</i>")
    }
}

/// `한국` inside `위한 국가`: the false friend of space-insensitive matching (written for this test).
@Suite struct SpacingFalseFriendTests {
    @Test func neitherCodingNorSearchFindsAWordAcrossASpace() throws {
        let store = try Scratch.store()
        let feed = """
            {"title": "인공지능", "body": "인공지능 발전을 위한 국가적인 사업이 진행되였다. 관련한 국제회의도 열렸다.", \
            "date": "2025-01-02", "outlet": "rodong", "lang": "ko", "url": "http://example.org/k"}
            """
        _ = try store.importArchive(try Scratch.file("k.jsonl", feed))
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        var codes: [String] = []
        try store.codedArticles(codebook: book.name) { codes = Array($0.codes.keys) }
        #expect(codes.contains("ai"))
        #expect(!codes.contains("actor_rok"))
        #expect(try store.search(SearchQuery(typed: "한국"), limit: 10).total == 0)
        // Written solid, the same letters are found across the space where a word begins.
        #expect(try store.search(SearchQuery(typed: "국가적인"), limit: 10).total == 1)
    }
}

/// The review's cases: spaced codebook terms, names inside words, bad label rows.
@Suite struct AttributionEdgeTests {
    @Test func aSpacedCodebookTermStillMatchesAcrossItsSpace() throws {
        let book = try CodebookParser.parse(
            """
            codebook: t
            codes:
              ai: {terms: [인공지능]}
              congress: {group: indicator, terms: [당 제9차대회], article_requires: [ai]}
            """, file: "t.yaml")
        let codes = ArticleCoder(codebook: book).code(title: "", body: "당 제9차대회에서 인공지능을 론하였다.")
        #expect(codes.map(\.code) == ["ai", "congress"])
    }

    @Test func aKoreanNameBeginsAWord() throws {
        let coder = ArticleCoder(codebook: try BuiltInCodebooks.load("ai-discourse"))
        // `리창` (Li Qiang) inside `유리창` (a window) is nobody.
        let window = coder.code(title: "", body: "인공지능으로 유리창을 닦는 로보트가 나왔다.")
        #expect(!window.contains { $0.code == "actor_china" })
        let named = coder.code(title: "", body: "중국 국무원 총리 리창은 인공지능이 중요하다고 말하였다.")
        #expect(named.contains { $0.code == "actor_china" })
    }

    @Test func badSpanRowsAreReportedNotTrusted() throws {
        let file = try Scratch.file(
            "spans.csv",
            "id,article,sentence_start,sentence_end,speaker,speaker_start,speaker_end,quote_start,quote_end\n"
                + "a,http://example.org/x,-5,10,,,,,\nb,http://example.org/x,0,10,,0,4,,\n")
        let evaluation = try QuoteEvaluation.spans(path: file.path, store: try Scratch.store(), catalogue: .empty)
        #expect(evaluation.units == 0)
        #expect(evaluation.problems.contains { $0.contains("line 2") && $0.contains("no sentence span") })
        #expect(evaluation.problems.contains { $0.contains("line 3") && $0.contains("without a speaker") })
    }

    @Test func negativeRangesAreDroppedFromMarkup() {
        #expect(HTML.layered("abc", layers: [.init(open: "<b>", close: "</b>", ranges: [-1..<2])]) == "abc")
    }
}
