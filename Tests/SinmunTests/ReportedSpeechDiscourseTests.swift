import Foundation
import SinmunRead
import Testing

/// Reported speech across sentences: who a title, a pronoun, a description or a dropped subject
/// stands for. Sentences written for these tests (not state-media text).
@Suite struct ReportedSpeechDiscourseTests {
    static func quotes(_ text: String) -> [ReportedSpeech.Quote] { ReportedSpeechTests.quotes(text) }

    static func words(_ quote: ReportedSpeech.Quote?, _ text: String) -> String? {
        ReportedSpeechTests.words(quote, text)
    }

    @Test func aGluedKoreanFullStopStillEndsTheSentence() {
        let text = "회담이 진행되였다.그러면서 협력을 약속하였다. 소수점 3.5는 그대로다."
        #expect(
            SentenceSplitter.sentenceStrings(text) == ["회담이 진행되였다.", "그러면서 협력을 약속하였다.", "소수점 3.5는 그대로다."])
    }

    @Test func aSentenceOpeningWithWhileSayingSoIsTheLastSpeakers() throws {
        let text = "외무성 대변인은 미국이 긴장을 격화시킨다고 비난하였다.그러면서 미국은 대화를 원한다고 여러 차례 말하였다, 그것은 기만이라고 비난하였다."
        let quotes = Self.quotes(text)
        // The 미국 inside the second sentence is reported by the spokesman, not quoted on its own.
        #expect(quotes.map(\.speaker) == ["외무성 대변인", "외무성 대변인"])
        #expect(quotes[1].resolution == .pronoun)
        #expect(Self.words(quotes[1], text)?.hasPrefix("미국은 대화를 원한다고") == true)
    }

    @Test func theTopicRightBeforeAQuotationSpeaksItHoweverLate() throws {
        let text = "회의가 끝난 뒤 공장의 기술자들과 함께 설비를 돌아보며 오랜 시간 이야기를 나누던 지배인은 《꼭 해내겠습니다.》라고 대답하였다."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "지배인")
        #expect(Self.words(quote, text) == "꼭 해내겠습니다")
    }

    @Test func aSoCalledOfficeIsTheAntecedentOfThisFellow() throws {
        let text = "미국무장관이란자가 망발을 늘어놓았다. 이자는 조선이 위협이라고 떠벌이였다."
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "미국무장관")
        #expect(quote.resolution == .pronoun)
        let nominal = "연습을 앞두고 《사령부》 부사령관이란자는 《동맹이 강화되였다》고 줴침으로써 긴장을 고조시켰다."
        let said = try #require(Self.quotes(nominal).first)
        // The office without "so-called fellow", and the verb in its nominal form.
        #expect(said.speaker == "《사령부》 부사령관")
        #expect(said.verb == "줴침으로써")
        #expect(Self.words(said, nominal) == "동맹이 강화되였다")
    }

    @Test func theGreatLeaderIsTheOneNamedWithThatTitle() throws {
        let text = "위대한 수령 김일성동지께서는 인민을 위해 복무하라고 교시하시였다. 《물은 곧 생명이다.》라고 하신 위대한 수령님의 말씀을 늘 새겨야 한다."
        let quotes = Self.quotes(text)
        #expect(quotes.count == 2)
        #expect(quotes.last?.speaker == "김일성")
        #expect(quotes.last?.resolution == .title)
    }

    @Test func aPlaceWithTheTopicIsNoSpeaker() throws {
        let text = "미국은 앞에서는 평화를 바란다고 하면서도 뒤에서는 전쟁을 준비하고있다."
        #expect(Self.quotes(text).map(\.speaker) == ["미국"])
        // A body with 에서는 speaks: it is no place.
        let body = "미국 국무성에서는 조선의 위성발사가 《도발》이라고 떠들었다."
        #expect(Self.quotes(body).first?.speaker == "미국 국무성에서")
    }

    @Test func aNounThatLooksLikeAVerbFormIsNoSpeech() {
        // 가르침 is the noun "teaching"; only 가르침으로(써) reports speech as a means.
        #expect(Self.quotes("인민대중제일주의는 위대한 수령님들의 숭고한 가르침이다.").isEmpty)
    }

    @Test func theSayingThatNeedsItsSpeakerNamed() throws {
        let named = "일부 나라들이 인공지능이 위험하다고 하는것은 근거가 없다."
        #expect(Self.quotes(named).first?.speaker.hasSuffix("나라들") == true)
        // Nobody named: a saying, not someone's speech; nor is a report that describes a noun.
        #expect(Self.quotes("인공지능이 위험하다고 하는것은 과장이다.").isEmpty)
        #expect(Self.quotes("《협력을 강화한다.》고 지적한 공동성명을 상기시키였다.").isEmpty)
    }

    @Test func theTitleIsThePersonLastNamedWithIt() throws {
        let text = """
            The envoy handed over a letter from Pak Chol Su, president of the Assembly, to President Ali \
            Hassan. The president expressed thanks and asked the envoy to take his regards back to Pak Chol Su, \
            president of the Assembly. Saying that the visit had gone well, he expressed his wish for closer \
            ties. After the banquet, the president delivered a speech.
            """
        let quotes = Self.quotes(text).filter { $0.resolution != .named }
        // `the president` after `Pak Chol Su, president …, to President Ali Hassan` is Ali Hassan; the
        // `he` of the next sentence is the one who spoke in the last, though Pak Chol Su was named later.
        #expect(quotes.map(\.speaker) == ["Ali Hassan", "Ali Hassan", "Ali Hassan", "Ali Hassan"])
    }

    @Test func aDescriptionStandsForThePersonNamedBefore() throws {
        // The one the group was headed by, though another was named since.
        let text = """
            The mayor welcomed a trade group headed by Vice-Minister of Defence Ivan Petrov. The visitors were \
            met by Premier Pak Thae Song. The head of the group conveyed the good wishes of his ministry.
            """
        let quote = try #require(Self.quotes(text).last)
        #expect(quote.speaker == "Ivan Petrov")
        #expect(quote.resolution == .title)
    }

    @Test func aSpeechActJoinedToTheSubjectsOtherDeeds() throws {
        let text = """
            Hamhung, June 9 (KCNA) -- On June 8 Ri Song Chol, chairman of the provincial committee, opened \
            the new bridge and made a speech.
            """
        let quote = try #require(Self.quotes(text).first)
        #expect(quote.speaker == "Ri Song Chol")
        #expect(quote.verb == "made a speech")
        #expect(quote.quote == nil)
        let relative = "Kim Jong Un warmly welcomed Ivan Petrov, who arrived in Pyongyang and made a speech."
        #expect(Self.quotes(relative).map(\.speaker) == ["Ivan Petrov"])
        #expect(Self.quotes("Yesterday Kim Jong Un visited the farm and made a speech.").isEmpty)
        let teaching = "Kim Jong Un visited the farm. He gave important teachings on its construction."
        #expect(Self.quotes(teaching).map(\.speaker) == ["Kim Jong Un"])
    }

    @Test func thoseWatchedSayingSomethingSpeakToo() throws {
        let text = """
            Hearing the farmers saying that the new seed grows fast, the minister stressed the need to sow it \
            widely.
            """
        let quotes = Self.quotes(text)
        #expect(quotes.first?.speaker == "the farmers")
        #expect(Self.words(quotes.first, text) == "the new seed grows fast")
        #expect(quotes.count == 2)
    }
}
