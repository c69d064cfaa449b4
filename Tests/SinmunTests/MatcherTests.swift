import Foundation
import PropertyBased
import SinmunCollect
import SinmunRead
import SinmunStore
import Testing

@Suite struct MultiPatternMatcherTests {
    func found(_ matcher: MultiPatternMatcher, _ text: String) -> [String] {
        matcher.matches(in: text).map { "\(matcher.patterns[$0.pattern])@\($0.range.lowerBound)" }
    }

    @Test func overlappingPatternsAreAllReported() {
        let matcher = MultiPatternMatcher(
            patterns: ["he", "she", "his", "hers"], wordBoundaries: [false, false, false, false])
        #expect(found(matcher, "ushers") == ["she@1", "he@2", "hers@2"])
        #expect(found(matcher, "ahishers") == ["his@1", "she@3", "he@4", "hers@4"])
    }

    @Test func koreanOffsetsAreUTF8Bytes() {
        let text = "조선로동당은 인공지능기술을"
        let matcher = MultiPatternMatcher(patterns: ["로동", "인공지능"])
        let matches = matcher.matches(in: text)
        #expect(matches.map { String(text[$0.stringRange(in: text)]) } == ["로동", "인공지능"])
        #expect(matches.first?.range == 6..<12)
    }

    @Test func wordBoundariesAndCase() {
        let matcher = MultiPatternMatcher(patterns: ["AI", "artificial intelligence"], options: .caseInsensitive)
        let text = "MAIN AI, AI-based, AI's; AIDS and Ai. 인공지능(AI)기술 AI기술 Artificial Intelligence"
        let hits = matcher.matches(in: text).map { String(text[$0.stringRange(in: text)]) }
        #expect(hits == ["AI", "AI", "AI", "Ai", "AI", "AI", "Artificial Intelligence"])
        // Without boundaries the same pattern is found inside words.
        let loose = MultiPatternMatcher(patterns: ["AI"], wordBoundaries: [false])
        #expect(loose.matches(in: "MAIN AIDS").count == 2)
    }

    @Test func spacesCanBeIgnored() {
        let matcher = MultiPatternMatcher(patterns: ["국가 주도", "인공지능"], options: .ignoreSpaces)
        let text = "국가주도와 국가 주도, 인공 지능"
        let hits = matcher.matches(in: text).map { String(text[$0.stringRange(in: text)]) }
        #expect(hits == ["국가주도", "국가 주도", "인공 지능"])
    }

    @Test func aMatchAcrossASpaceStartsAWord() {
        let matcher = MultiPatternMatcher(patterns: ["한국", "국가주도", "당 제9차대회"], options: .ignoreSpaces)
        let text = "발전을 위한 국가적인 사업, 관련한 국제기구, 한 국가의 운명, 한국의 국가 주도, 당 제9차대회"
        let hits = matcher.matches(in: text).map { String(text[$0.stringRange(in: text)]) }
        // Across a space, a match begins a word and does not split off a lone syllable.
        #expect(hits == ["한국", "국가 주도", "당 제9차대회"])
        // Inside a word (no space crossed) the matcher still finds Korean terms anywhere.
        #expect(matcher.matches(in: "남한국경").count == 1)
    }

    @Test func countsMatchingLinesLikeGrep() {
        let matcher = MultiPatternMatcher(patterns: ["drone", "AI"], wordBoundaries: [false, false])
        let text = "a drone and AI\nnothing\nAI only\n\ndrones\nMAIN"
        var copy = text
        let lines = copy.withUTF8 { matcher.countMatchingLines(in: $0) }
        #expect(lines == 4)
        let bounded = MultiPatternMatcher(patterns: ["AI"])
        #expect(copy.withUTF8 { bounded.countMatchingLines(in: $0) } == 2)
    }

    @Test func emptyInputs() {
        #expect(MultiPatternMatcher(patterns: []).matches(in: "text").isEmpty)
        #expect(MultiPatternMatcher(patterns: [""]).matches(in: "text").isEmpty)
        #expect(MultiPatternMatcher(patterns: ["a"]).matches(in: "").isEmpty)
    }

    /// Pieces that make hostile text: NFD Hangul, stray jamo, full-width forms, control
    /// characters, combining marks, emoji, mixed scripts.
    static let pieces: [String] = [
        "로동", "노동", "인공지능", "AI", "ai", " ", "  ", "\u{3000}", "\n", "\t", ".", "!", "?", "《", "》", "“", "”",
        "다.", "U.S.", "C.C.", "Oct.", "drone", "Drones", "\u{1105}\u{1169}\u{1103}\u{1169}\u{11BC}", "ㄹ", "ㅗ",
        "\u{0301}", "é", "e\u{0301}", "２０２４", "ＡＩ", "\u{0000}", "\u{0007}", "\u{200B}", "🇰🇵", "👍🏽", "漢字", "-0-", "'s",
    ]
    static let text = Gen.element(of: pieces).array(of: 0...40).map { $0.compactMap { $0 }.joined() }

    @Test("eight interleaved walks find exactly what one walk finds, in the same order, on real text")
    func interleavedStreamsAgree() throws {
        guard SharedCorpus.available else {
            Issue.record(SharedCorpus.skipMessage)
            return
        }
        var text = ""
        try ArchiveReader().read(SharedCorpus.newYear) { item in
            if case .article(let article) = item {
                text += article.title + "\n" + article.paragraphs.joined(separator: "\n")
            }
        }
        #expect(text.utf8.count > 4 * MultiPatternMatcher.interleavingThreshold)
        // Long and short, Korean and English, overlapping, some spanning a quarter boundary.
        let patterns = ["인민", "인민경제", "경제", "조선로동당", "당", "우리", "사회주의", "다.", "the", "한다", "위하여"]
        for boundaries in [false, true] {
            let matcher = MultiPatternMatcher(patterns: patterns, wordBoundaries: patterns.map { _ in boundaries })
            var one: [MultiPatternMatcher.Match] = []
            var four: [MultiPatternMatcher.Match] = []
            text.withUTF8 { bytes in
                matcher.forEachMatch(in: bytes, streams: 1) { one.append($0) }
                matcher.forEachMatch(in: bytes, streams: 8) { four.append($0) }
            }
            #expect(one.count > 1000)
            #expect(four == one)
        }
        // Every offset a quarter boundary can fall on, on a small text.
        let small = String(repeating: "인민경제와 사회주의 인민경제. ", count: 40)
        let matcher = MultiPatternMatcher(patterns: patterns, wordBoundaries: patterns.map { _ in false })
        var text2 = small
        text2.withUTF8 { bytes in
            for cut in stride(from: 8 * 16, through: bytes.count, by: 7) {
                let part = UnsafeBufferPointer(rebasing: bytes[0..<cut])
                var one: [MultiPatternMatcher.Match] = []
                var four: [MultiPatternMatcher.Match] = []
                matcher.forEachMatch(in: part, streams: 1) { one.append($0) }
                matcher.forEachMatch(in: part, streams: 8) { four.append($0) }
                #expect(four == one, "cut \(cut)")
            }
        }
    }

    @Test func matchesEqualBruteForce() async {
        let patternGen = Gen.element(of: [
            "로동", "동", "AI", "ai", "다.", " ", "drone", "《", "e\u{0301}", "\u{1105}", "ㄹ", "U.S", "👍",
        ]).array(of: 1...6).map { $0.compactMap { $0 } }
        await propertyCheck(count: 300, input: Self.text, patternGen) { text, patterns in
            let matcher = MultiPatternMatcher(patterns: patterns, wordBoundaries: patterns.map { _ in false })
            let got = Set(matcher.matches(in: text).map { "\($0.pattern):\($0.range)" })
            var expected = Set<String>()
            let bytes = Array(text.utf8)
            for (index, pattern) in patterns.enumerated() {
                let needle = Array(pattern.utf8)
                guard !needle.isEmpty, needle.count <= bytes.count else { continue }
                for start in 0...(bytes.count - needle.count)
                where Array(bytes[start..<(start + needle.count)]) == needle {
                    expected.insert("\(index):\(start..<(start + needle.count))")
                }
            }
            #expect(got == expected)
        }
    }

    @Test func offsetsStayInsideTheText() async {
        await propertyCheck(count: 300, input: Self.text) { text in
            let matcher = MultiPatternMatcher(
                patterns: ["로동", "AI", "국가 주도", "다."], options: [.caseInsensitive, .ignoreSpaces])
            for match in matcher.matches(in: text) {
                #expect(
                    match.range.lowerBound >= 0 && match.range.upperBound <= text.utf8.count && !match.range.isEmpty)
                _ = text[match.stringRange(in: text)]
            }
            for range in SentenceSplitter.sentences(in: text) {
                #expect(range.lowerBound >= text.startIndex && range.upperBound <= text.endIndex && !range.isEmpty)
            }
            for range in KoreanMorphology.eojeols(in: text) {
                #expect(!text[range].isEmpty)
            }
            for token in EnglishTokenizer.tokens(text) {
                #expect(text[token.range] == token.text)
            }
            let cleaned = TextCleanup.paragraphs(text)
            #expect(cleaned.allSatisfy { !$0.isEmpty && !$0.contains("\n") })
            _ = SearchQuery(text, expand: SearchSpelling.variants).ftsExpression
        }
    }
}

/// `sinmun search` with North/South spelling folding, on the real corpora.
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct FoldedSearchTests {
    var store: CorpusStore { get throws { try SharedCorpus.allCorporaStore.get().0 } }

    func marked(_ hit: SearchHit) -> [String] {
        hit.snippet.highlights.map { String(Array(hit.snippet.text)[$0]) }
    }

    @Test(arguments: [("노동", "로동"), ("역사", "력사"), ("이용", "리용"), ("여성", "녀성"), ("연합", "련합")])
    func southernQueryFindsNorthernText(south: String, north: String) throws {
        let folded = try store.search(SearchQuery(south, expand: SearchSpelling.variants), limit: 200)
        let northern = try store.search(SearchQuery(north), limit: 200)
        let southern = try store.search(SearchQuery(south), limit: 200)
        // Every article holding either spelling, and no other.
        #expect(northern.total > 0)
        #expect(folded.total == Set(northern.hits.map(\.id)).union(southern.hits.map(\.id)).count)
        // The highlight shows the spelling the paper printed.
        let words = Set(folded.hits.flatMap(marked))
        #expect(words.contains(north))
        #expect(words.isSubset(of: Set(OrthographyFolding.variants(of: south))))
    }

    @Test func newYearAddressesFindHistory() throws {
        let result = try store.search(
            SearchQuery("역사", expand: SearchSpelling.variants),
            filter: ArticleFilter(to: PublicationDate(year: 2019, month: 12, day: 31)), limit: 100)
        #expect(result.total >= 60)
        #expect(result.hits.allSatisfy { ($0.date ?? "") <= "2019-12-31" })
    }
}

@Suite struct ScriptScanTests {
    @Test("the eight-byte scan agrees with a byte-by-byte check on random mixed text")
    func agreesWithNaive() {
        var random = SplitMix64(seed: 42)
        let pieces = ["가", "힣", "로동", " ", ".", "1", "A", "z", "@", "[", "`", "{", "é", "—", "中", "\u{3000}", "\n"]
        for _ in 0..<2000 {
            let count = Int(random.next() % 40)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            var copy = text
            let fast = copy.withUTF8 { ScriptScan.hangulAndLatin(in: $0) }
            let hangul = text.utf8.contains { $0 >= 0xEA && $0 <= 0xED }
            let latin = text.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
            #expect(fast.hangul == hangul && fast.latin == latin, "\(text)")
        }
    }
}
