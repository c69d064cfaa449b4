import Foundation
import SinmunCollect
import Testing

@Suite struct TextCleanupTests {
    @Test func nfcComposesDecomposedHangul() {
        let decomposed = "인공지능".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count == 11)
        #expect(TextCleanup.nfc(decomposed).unicodeScalars.count == 4)
        #expect(TextCleanup.nfc(decomposed) == "인공지능")
    }

    @Test func lineWhitespaceIsNormalised() {
        #expect(TextCleanup.normalizeLine("\t 로동신문\u{3000}\u{3000}사설\u{00A0} ") == "로동신문 사설")
        #expect(TextCleanup.normalizeLine("\u{FEFF}친애하는\u{200B} 동지들") == "친애하는 동지들")
        #expect(TextCleanup.normalizeLine("   ") == "")
        // Control characters are dropped: an escape sequence must not reach a terminal.
        #expect(
            TextCleanup.normalizeLine("Esc \u{1B}[31mred\u{1B}[0m, bell\u{07}, del\u{7F}, c1\u{85}\u{9B}.")
                == "Esc [31mred[0m, bell, del, c1.")
        #expect(TextCleanup.normalizeLine("인공\u{00}지능") == "인공지능")
    }

    @Test func paragraphsAreKeptAndBlankLinesDropped() {
        let text = "First paragraph.\r\n\r\n  Second   one.\n\t\t\n\rThird."
        #expect(TextCleanup.paragraphs(text) == ["First paragraph.", "Second one.", "Third."])
    }

    @Test func jsonSlashesAndHTMLEntities() {
        #expect(TextCleanup.unescapeJSONSlashes("http:\\/\\/www.kcna.kp\\/en") == "http://www.kcna.kp/en")
        #expect(
            TextCleanup.decodeHTMLEntities("AT&amp;T &lt;b&gt; &quot;x&quot; &#39;y&#x27; &#54620;")
                == "AT&T <b> \"x\" 'y' 한")
        // Unknown and malformed references stay as written.
        #expect(TextCleanup.decodeHTMLEntities("R&D &bogus; & more &#xZZ;") == "R&D &bogus; & more &#xZZ;")
    }

    @Test(arguments: [
        ("floral baskets atKim Il SungSquare today", "floral baskets at Kim Il Sung Square today"),
        ("respected ComradeKim Jong Unsaid that", "respected Comrade Kim Jong Un said that"),
        ("PresidentKim Il SungandKim Jong Ilvisited", "President Kim Il Sung and Kim Jong Il visited"),
        ("ChairmanKim Jong Ilon September 27", "Chairman Kim Jong Il on September 27"),
        ("Kim Il SungUniversity", "Kim Il Sung University"),
        ("Kim Jong Un's instruction", "Kim Jong Un's instruction"),
        ("the Kimilsungism-Kimjongilism", "the Kimilsungism-Kimjongilism"),
        ("Kim Il Sungism is", "Kim Il Sungism is"),
        ("used 300 kWh of McDonald power", "used 300 kWh of McDonald power"),
    ])
    func gluedNamesAreRepaired(input: String, expected: String) {
        #expect(NameSpacingRepair.repair(input) == expected)
        // Idempotent: repairing repaired text changes nothing.
        #expect(NameSpacingRepair.repair(expected) == expected)
    }

    @Test func jucheStampsAreReadAndStripped() throws {
        let a = JucheCalendar.stripDateStamp("Floral Tribute Paid to Statues\n\n[Juche113.2.11.]")
        #expect(a.title == "Floral Tribute Paid to Statues")
        #expect(a.stampDate?.isoString == "2024-02-11")
        let b = JucheCalendar.stripDateStamp("Floral Tribute Paid to Statues [2024.02.11.]")
        #expect(b.title == "Floral Tribute Paid to Statues")
        #expect(b.stampDate?.isoString == "2024-02-11")
        let c = JucheCalendar.stripDateStamp("New Year Greeted, Juche 113 (2024)")
        #expect(c.title == "New Year Greeted")
        #expect(c.stampDate == PublicationDate(year: 2024, precision: .year))
        // Not stamps: a Juche-era phrase inside a title, brackets with text, a wrong year pair.
        #expect(JucheCalendar.stripDateStamp("Seminar on Juche Idea Held").title == "Seminar on Juche Idea Held")
        #expect(JucheCalendar.stripDateStamp("Report [Photo]").stampDate == nil)
        #expect(JucheCalendar.stripDateStamp("Event in Juche 113 (2023)").stampDate == nil)
        #expect(JucheCalendar.gregorianYear(juche: 1) == 1912)
    }

    @Test func titleCleanupJoinsLinesAndStripsStamp() {
        let raw = "Lunar New Year's Day Greeted in DPRK\r\n\t\t\t\r\n\t\t\n\n[Juche113.2.11.]"
        let cleaned = TextCleanup.cleanTitle(raw, language: "en")
        #expect(cleaned.title == "Lunar New Year's Day Greeted in DPRK")
        #expect(cleaned.stampDate?.isoString == "2024-02-11")
    }

    @Test(arguments: [
        ("2024-01-02", "2024-01-02", PublicationDate.Precision.day),
        ("2024-01-02T08:15:00Z", "2024-01-02", .day),
        ("2024.1.2", "2024-01-02", .day),
        ("2024/01/02", "2024-01-02", .day),
        ("20240102", "2024-01-02", .day),
        ("2024년 1월 2일", "2024-01-02", .day),
        ("２０２４-０１-０２", "2024-01-02", .day),
        ("2005/01/01 08:17송고", "2005-01-01", .day),
        ("2024-03", "2024-03-01", .month),
        ("1987", "1987-01-01", .year),
    ])
    func datesInArchiveFormats(raw: String, iso: String, precision: PublicationDate.Precision) throws {
        let date = try #require(DateParsing.parse(raw))
        #expect(date.isoString == iso)
        #expect(date.precision == precision)
    }

    @Test(arguments: ["yesterday", "2024-13-01", "2023-02-29", "31/12/2024", "Juche 113", "", "12"])
    func unknownDatesAreRejected(raw: String) {
        #expect(DateParsing.parse(raw) == nil)
    }

    @Test func epochMillisecondsAndSeconds() {
        #expect(DateParsing.fromEpoch(1_703_376_000_000)?.isoString == "2023-12-24")
        #expect(DateParsing.fromEpoch(1_703_376_000)?.isoString == "2023-12-24")
        #expect(DateParsing.fromEpoch(951_782_400)?.isoString == "2000-02-29")
        #expect(DateParsing.fromEpoch(-5) == nil)
    }

    @Test func outletNames() {
        #expect(Outlet(name: "KCNA") == .kcna)
        #expect(Outlet(name: "Korean Central News Agency") == .kcna)
        #expect(Outlet(name: "조선중앙통신") == .kcna)
        #expect(Outlet(name: "Rodong Sinmun") == .rodong)
        #expect(Outlet(name: "로동신문") == .rodong)
        #expect(Outlet(name: "Minju Joson").rawValue == "minju-joson")
    }

    @Test func languageGuess() {
        #expect(LanguageGuess.language(of: "조선중앙통신사 론평") == "ko")
        #expect(LanguageGuess.language(of: "Respected Comrade Kim Jong Un") == "en")
        #expect(LanguageGuess.language(of: "《로동신문》 AI 기술") == "ko")
    }

    @Test func wireHeaderLinesAreRecognised() {
        #expect(WireHeader.isWireLine("북한 신년사<전문>  2005/01/01 08:17송고"))
        #expect(WireHeader.isWireLine("- 1946년 01월 01일"))
        #expect(WireHeader.isWireLine("<로동신문>, <조선인민군>, <청년전위> 공동사설 - 2001년 01월 01일"))
        #expect(WireHeader.isWireLine("[ 2012-01-01 오전 11:52:56 ]"))
        #expect(WireHeader.isWireLine("2013년 01월 01일 09시 37분"))
        #expect(WireHeader.isWireLine("*******"))
        #expect(!WireHeader.isWireLine("친애하는 동지들!"))
        #expect(!WireHeader.isWireLine("우리는 1968년을 보내고 1969년 새해를 맞이하였습니다."))
    }

    @Test func wireHeaderSplitsSummaryFromOriginal() {
        let lines = ["신년사", "", "- 1960년 01월 01일", "해 제", "", "남측 편집자의 요약.", "", "원 문", "", "친애하는 동지들!", "본문입니다."]
        let parts = WireHeader.split(lines)
        #expect(parts.title == "신년사")
        #expect(parts.headerDate?.isoString == "1960-01-01")
        #expect(parts.body == ["친애하는 동지들!", "본문입니다."])
    }
}
