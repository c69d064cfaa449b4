import Foundation
import SinmunCollect
import SinmunRead
import Testing

@Suite struct HangulTests {
    @Test func syllableArithmeticAgreesWithNFD() throws {
        for value in UInt32(0xAC00)...UInt32(0xD7A3) {
            let scalar = Unicode.Scalar(value)!
            let s = try #require(Hangul.decompose(scalar))
            #expect(s.scalar == scalar)
            // NFD gives the conjoining jamo: U+1100 + initial, U+1161 + vowel, U+11A7 + final.
            let nfd = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
            #expect(nfd[0].value == 0x1100 + UInt32(s.initial))
            #expect(nfd[1].value == 0x1161 + UInt32(s.vowel))
            #expect(nfd.count == (s.final == 0 ? 2 : 3))
            if s.final != 0 { #expect(nfd[2].value == 0x11A7 + UInt32(s.final)) }
        }
        #expect(Hangul.decompose(Unicode.Scalar(0x3131)!) == nil)  // compatibility jamo ㄱ
        #expect(Hangul.isJamo(Unicode.Scalar(0x3131)!))
        #expect(Hangul.hasFinal("능") && !Hangul.hasFinal("지"))
    }
}

@Suite struct OrthographyFoldingTests {
    @Test(arguments: [
        ("노동", "로동"), ("역사", "력사"), ("이용", "리용"), ("여성", "녀성"), ("노인", "로인"),
        ("연합", "련합"), ("영도", "령도"), ("낙관", "락관"), ("이념", "리념"), ("조선노동당", "조선로동당"),
        ("러시아", "로씨야"), ("푸틴", "뿌찐"), ("컴퓨터", "콤퓨터"), ("프로그램", "프로그람"), ("로봇", "로보트"),
        ("소프트웨어", "쏘프트웨어"),
    ])
    func southernSpellingFindsNorthern(south: String, north: String) {
        #expect(OrthographyFolding.variants(of: south).contains(north))
        // From the northern spelling, the southern one is produced where the difference is in
        // the first syllable or a loanword (조선로동당 keeps its medial 로).
        if south.first != north.first || OrthographyFolding.loanwords.contains(where: { $0.north == north }) {
            #expect(OrthographyFolding.variants(of: north).contains(south))
        }
        #expect(OrthographyFolding.areEquivalent(south, north))
        #expect(OrthographyFolding.variants(of: south).first == south)
    }

    @Test func southernForm() {
        #expect(OrthographyFolding.southernForm("로동") == "노동")
        #expect(OrthographyFolding.southernForm("력사") == "역사")
        #expect(OrthographyFolding.southernForm("녀성") == "여성")
        #expect(OrthographyFolding.southernForm("로씨야") == "러시아")
        #expect(OrthographyFolding.southernForm("AI기술") == "AI기술")
    }

    @Test(arguments: [
        "이", "리", "로", "노", "량", "양", "력", "역", "년", "뉴스", "유스", "라인", "니은", "리을", "노력", "로력", "역할", "AI", "drone",
        "2024", "",
    ])
    func falseFriendsAreNotFolded(term: String) {
        #expect(OrthographyFolding.variants(of: term) == [term])
    }

    @Test func medialSyllablesGetOnlyNorthernForms() {
        #expect(OrthographyFolding.variants(of: "의료") == ["의료"])
        #expect(OrthographyFolding.variants(of: "근로자") == ["근로자"])
        #expect(OrthographyFolding.variants(of: "조선노동당").contains("조선로동당"))
    }

    @Test func distinctWordsStayDistinct() {
        #expect(!OrthographyFolding.areEquivalent("노력", "로력"))  // effort ≠ labour force
        #expect(!OrthographyFolding.areEquivalent("이", "리"))
        #expect(!OrthographyFolding.areEquivalent("뉴스", "유스"))
        #expect(!OrthographyFolding.areEquivalent("국가", "국민"))
    }

    @Test func variantsAreBounded() {
        let long = "여러나라인민들이리용하는로동력"
        #expect(OrthographyFolding.variants(of: long).count <= 32)
        #expect(SearchSpelling.variants(of: "노동 여성 역사 이용 연합").count <= SearchSpelling.limit)
    }

    @Test func spacingVariants() {
        let solid = SearchSpelling.variants(of: "국가주도")
        #expect(solid.contains("국가 주도"))
        let spaced = SearchSpelling.variants(of: "국가 주도")
        #expect(spaced.contains("국가주도"))
        #expect(SearchSpelling.variants(of: "artificial intelligence") == ["artificial intelligence"])
    }
}

/// Recall and false friends measured on the real New Year addresses (North Korean spelling).
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct FoldingOnRealTextTests {
    static let texts: [String] = {
        var bodies: [String] = []
        try? ArchiveReader().read(SharedCorpus.newYear) { item in
            if case .article(let a) = item { bodies.append(a.title + "\n" + a.body) }
        }
        return bodies
    }()

    static func occurrences(of pattern: String, in texts: [String]) -> Int {
        texts.reduce(0) { $0 + $1.components(separatedBy: pattern).count - 1 }
    }

    /// South Korean spelling → the North Korean spelling the addresses use.
    static let pairs: [(String, String)] = [
        ("노동", "로동"), ("역사", "력사"), ("이용", "리용"), ("여성", "녀성"), ("노인", "로인"), ("연합", "련합"),
        ("영도", "령도"), ("이론", "리론"), ("낙관", "락관"), ("이념", "리념"), ("이익", "리익"), ("역량", "력량"),
        ("냉동", "랭동"), ("영토", "령토"), ("러시아", "로씨야"),
    ]

    @Test func everyNorthernOccurrenceIsFound() {
        #expect(Self.texts.count == 73)
        var totalExpected = 0
        var totalFound = 0
        for (south, north) in Self.pairs {
            let expected = Self.occurrences(of: north, in: Self.texts)
            #expect(expected > 0, "\(north) should occur in the addresses")
            let matcher = MultiPatternMatcher(patterns: OrthographyFolding.variants(of: south))
            var found = 0
            for text in Self.texts {
                found +=
                    matcher.matches(in: text).filter {
                        String(
                            text.utf8[
                                text.utf8.index(
                                    text.utf8.startIndex, offsetBy: $0.range.lowerBound)..<text.utf8.index(
                                        text.utf8.startIndex, offsetBy: $0.range.upperBound)]) == north
                    }.count
            }
            #expect(found == expected, "\(south) found \(found) of \(expected) \(north)")
            print("folding recall: \(south) → \(north): \(found) of \(expected)")
            totalExpected += expected
            totalFound += found
        }
        // Recall over all 15 terms: every northern occurrence found.
        print("folding recall: \(totalFound) of \(totalExpected) northern occurrences")
        #expect(totalFound == totalExpected)
        #expect(totalExpected > 1_500)
    }

    /// Words whose folded variants would add false hits: folding must add nothing.
    @Test(arguments: ["연구", "영웅", "예술", "노력", "역할", "원수", "우리"])
    func foldingAddsNoFalseHits(term: String) {
        let exact = Self.texts.reduce(0) { $0 + MultiPatternMatcher(patterns: [term]).matches(in: $1).count }
        let folded = Self.texts.reduce(0) {
            $0 + MultiPatternMatcher(patterns: OrthographyFolding.variants(of: term)).matches(in: $1).count
        }
        #expect(exact > 0)
        #expect(folded == exact, "\(term): \(folded) folded vs \(exact) exact")
    }
}

@Suite struct KoreanMorphologyTests {
    @Test(arguments: [
        ("인공지능기술을", "인공지능기술", ["을"]), ("로동당의", "로동당", ["의"]), ("나라들의", "나라", ["들", "의"]),
        ("평양으로", "평양", ["으로"]), ("학교로", "학교", ["로"]), ("인민에게서는", "인민", ["에게서는"]),
        ("사이", "사이", []), ("국가는", "국가", ["는"]), ("우리", "우리", []), ("조국이다", "조국", ["이다"]),
        ("김정은동지께서", "김정은동지", ["께서"]), ("AI를", "AI를", []),
    ])
    func particlesAreStripped(eojeol: String, stem: String, particles: [String]) {
        let result = KoreanMorphology.stripParticles(eojeol)
        #expect(result.stem == stem)
        #expect(result.particles == particles)
    }

    @Test func eojeolsKeepRanges() {
        let text = "《로동신문》 사설, 인공지능기술을 AI-기반으로!"
        let words = KoreanMorphology.eojeols(in: text).map { String(text[$0]) }
        #expect(words == ["로동신문", "사설", "인공지능기술을", "AI", "기반으로"])
    }
}

@Suite struct SentenceSplitterTests {
    @Test func koreanSentencesAndQuotes() {
        let text = "그이께서는 《인공지능은 나라의 흥망을 좌우한다.》고 말씀하시였다. 모두가 환호하였다! 정말인가? 1.5배로 늘었다."
        #expect(
            SentenceSplitter.sentenceStrings(text) == [
                "그이께서는 《인공지능은 나라의 흥망을 좌우한다.》고 말씀하시였다.", "모두가 환호하였다!", "정말인가?", "1.5배로 늘었다.",
            ])
    }

    @Test func englishAbbreviations() {
        let text =
            "Kim Jong Un, general secretary of the WPK and member of the C.C., spoke on Oct. 10. "
            + "He said No. 1 matters. The U.S. imperialists were denounced. It named the U.S. "
            + "The talks ended at 5 p.m. Then J. Smith left."
        #expect(
            SentenceSplitter.sentenceStrings(text) == [
                "Kim Jong Un, general secretary of the WPK and member of the C.C., spoke on Oct. 10.",
                "He said No. 1 matters.",
                "The U.S. imperialists were denounced.",
                "It named the U.S.",
                "The talks ended at 5 p.m. Then J. Smith left.",
            ])
    }

    @Test func quotesAndParagraphs() {
        let text = "He said: \"AI decides the rise and fall.\" Others agreed.\nA new paragraph\n\n  ends here"
        #expect(
            SentenceSplitter.sentenceStrings(text) == [
                "He said: \"AI decides the rise and fall.\"", "Others agreed.", "A new paragraph", "ends here",
            ])
        #expect(SentenceSplitter.sentences(in: "").isEmpty)
        #expect(SentenceSplitter.sentences(in: " \n\t ").isEmpty)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func realKCNAParagraphs() throws {
        var articles: [Article] = []
        try ArchiveReader().read(SharedCorpus.kcna) { item in
            if case .article(let a) = item, a.hasBody { articles.append(a) }
        }
        var sentences = 0
        for article in articles {
            for paragraph in article.paragraphs {
                for range in SentenceSplitter.sentences(in: paragraph) {
                    let sentence = paragraph[range]
                    sentences += 1
                    // Never split after these: the next sentence would start in lower case.
                    #expect(
                        !sentence.hasSuffix(" U.S.") || range.upperBound == paragraph.endIndex
                            || paragraph[range.upperBound...].dropFirst().first?.isUppercase == true)
                    #expect(!sentence.hasSuffix(" C.C.") && !sentence.hasSuffix(" Oct.") && !sentence.hasSuffix(" No."))
                    // Ranges are trimmed and inside the paragraph.
                    #expect(sentence.first?.isWhitespace == false && sentence.last?.isWhitespace == false)
                }
            }
        }
        // Hand-checked: the first record (a commentary of 24 December 2023) has 14 paragraphs,
        // one sentence each but the fourth, which has two (the second begins "This is just");
        // the eighth ends in a quotation ("fish waves.") that closes its sentence; the last
        // ends with KCNA's end mark "-0-", which is not a sentence.
        let first = try #require(articles.first)
        let counts = first.paragraphs.map { SentenceSplitter.sentences(in: $0).count }
        #expect(counts == [1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        #expect(
            SentenceSplitter.sentences(in: first.paragraphs[13]).map { first.paragraphs[13][$0] }.last?.hasSuffix(
                "crime.") == true)
        let fourth = SentenceSplitter.sentences(in: first.paragraphs[3]).map { first.paragraphs[3][$0] }
        #expect(fourth.last?.hasPrefix("This is just") == true)
        #expect(
            SentenceSplitter.sentences(in: first.paragraphs[7]).map { first.paragraphs[7][$0] }.first?.hasSuffix(
                "waves.\"") == true)
        #expect(sentences > 10_000)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func realKoreanAddresses() throws {
        var sentences: [Substring] = []
        try ArchiveReader().read(SharedCorpus.newYear) { item in
            if case .article(let a) = item {
                for p in a.paragraphs { sentences += SentenceSplitter.sentences(in: p).map { p[$0] } }
            }
        }
        #expect(sentences.count > 5_000)
        // A quotation in 《》 never ends a sentence inside it.
        let opened = sentences.filter { $0.filter { $0 == "《" }.count != $0.filter { $0 == "》" }.count }
        #expect(Double(opened.count) / Double(sentences.count) < 0.002, "unbalanced 《》 in \(opened.prefix(3))")
        // Korean sentences end in a terminator (or at a paragraph end without one).
        let terminated = sentences.filter { [".", "!", "?", "》", "”", "\""].contains($0.last!) }.count
        #expect(Double(terminated) / Double(sentences.count) > 0.9)
    }
}

@Suite struct EnglishTokenizerTests {
    @Test func wordsAndStems() {
        let tokens = EnglishTokenizer.tokens("Kim Jong Un's AI-based drones, MAIN policies; developing news.")
        #expect(
            tokens.map(\.text) == [
                "Kim", "Jong", "Un's", "AI-based", "drones", "MAIN", "policies", "developing", "news",
            ])
        #expect(
            tokens.map(\.stem) == ["kim", "jong", "un", "ai-based", "drone", "main", "policy", "developing", "news"])
        #expect(EnglishTokenizer.stem("status") == "status")
        #expect(EnglishTokenizer.stem("glass") == "glass")
        #expect(EnglishTokenizer.stem("ai") == "ai")
    }

    @Test func hangulIsNotAnEnglishWord() {
        #expect(EnglishTokenizer.tokens("AI기술을 도입").map(\.text) == ["AI"])
    }
}
