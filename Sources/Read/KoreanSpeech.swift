import Foundation

/// Reported speech in one North Korean Korean sentence (see ``ReportedSpeech``).
enum KoreanSpeech {
    /// A word of the sentence: its text and UTF-8 byte offsets.
    struct Word {
        var text: String
        var range: Range<Int>
        /// Whether the word ends inside a 《…》 quotation (`《일본정부는 …》고`): a subject there is
        /// the quoted clause's, not a speaker.
        var quoted = false
    }

    /// Stems of speech verbs; a word that begins with one is the verb (`강조하였다`,
    /// `강조하시였다`, `밝히였다`, `밝혔다`, `말하면서`).
    static let verbStems = [
        "말하", "말했", "말씀하", "강조하", "강조했", "지적하", "지적했", "밝히", "밝혔", "언급하", "언급했", "언명하", "언명했",
        "주장하", "주장했", "비난하", "비난했", "호소하", "호소했", "선언하", "선언했", "표명하", "표명했", "경고하", "경고했",
        "덧붙이", "덧붙였", "피력하", "피력했", "규탄하", "규탄했", "력설하", "역설하", "역설했", "단언하", "단언했", "천명하",
        "천명했", "전하였", "전했", "평하였", "평했", "시사하", "시사했", "설명하", "설명했", "발언하", "발언했", "확언하",
        "확언했", "폭로하", "폭로했", "단정하", "단정했", "보도하", "보도했", "전망하", "전망했", "증언하", "증언했", "인정하",
        "인정했", "부언하", "부언했", "가르치", "교시하", "지시하", "요구하", "요구했", "촉구하", "촉구했", "제기하", "제기했",
        "시인하", "시인했", "자랑하", "떠벌이", "떠벌였", "떠들", "줴치", "줴쳤", "줴쳐", "뇌까리", "뇌까렸", "력설", "언급",
        "까밝히", "까밝혔", "밝혀", "항의하", "항의했", "이야기하", "이야기했", "물으시", "물었", "답하", "대답하", "대답했", "보고드리", "말씀드리",
        "강조", "지적", "지껄이", "지껄였", "면박",
    ]
    /// The stems and their nominal forms in -ㅁ with 으로(써) (`줴침으로써`, `강조함으로써`), which
    /// report speech as a means: every word that can be the speech verb. (`가르침` alone is the
    /// noun "teaching", so the -ㅁ form counts only before 으로.)
    static let allVerbStems = verbStems + verbStems.compactMap { nominalised($0).map { $0 + "으로" } }

    /// `줴치` → `줴침`: the stem with its open last syllable closed by ㅁ; nil for a closed one.
    static func nominalised(_ stem: String) -> String? {
        guard let last = stem.unicodeScalars.last, let syllable = Hangul.decompose(last), syllable.final == 0,
            let closed = Unicode.Scalar(last.value + 16)
        else { return nil }
        return String(stem.unicodeScalars.dropLast()) + String(Character(closed))
    }
    /// `…라고 하였다` / `…라고 하면서`: 하다 right after the quotative is the speech verb.
    /// (Not `…라고 한다`: hearsay, nobody named.)
    static let sayingForms = [
        "하였", "했", "하시였", "하면서", "하며", "하고", "하시며", "하시면서", "하면서도", "하신", "하시던", "하는것",
    ]
    /// Subject and topic particles that close a speaker's phrase, longest first.
    static let subjectParticles = ["께서는", "께서", "측은", "측이", "은", "는", "이", "가"]
    /// Pronouns and role words that stand for the last named speaker.
    static let pronouns: Set<String> = [
        "그", "그녀", "연설자", "담화", "그들", "이들", "발언자", "토론자", "이자", "그자", "이놈", "그놈", "놈", "자",
    ]
    /// Adnominal honorifics that belong to a leader's title (`경애하는 총비서동지`).
    static let honorifics: Set<String> = ["경애하는", "친애하는", "존경하는", "위대한", "경애하올"]
    /// Titles that, alone, stand for the last named speaker.
    static let titles: Set<String> = [
        "대통령", "장관", "외무상", "외무장관", "국무장관", "국방장관", "국방상", "대변인", "위원장", "총비서", "부상", "수상", "총리",
        "대사", "서기장", "부부장", "국장", "사령관", "단장", "주석", "의장", "총장", "부장", "부위원장", "비서", "대표", "원장",
        "원수", "국무위원장", "최고령도자", "령도자", "지도자", "수령", "장군",
        "기자", "통신", "성", "외무성", "국방성",
    ]
    /// A name after a title word (`로씨야대통령 뿌찐`, `미국무장관 루비오`): a person the text
    /// names, the antecedent of a later `대통령은` or `그는`.
    static let titledName = try! NSRegularExpression(
        pattern: "(대통령|장관|외무상|국방상|대변인|총리|수상|부상|국장|위원장|대사|안보상|총비서|주석|의장|서기장|수령|장군)"
            // `총비서 김정은동지께서는`: the name is what stands before 동지, not its first syllables.
            + " ([가-힣]{2,4}(?=동지|동무|씨)|[가-힣]{2,5}?(?=[은는이가의과와도께,.\\s]))")

    /// A person named with contempt by office (`이스라엘국가안보상이란자가`, "the so-called
    /// minister"): the antecedent of a later `이자는` ("this fellow").
    static let soCalled = try! NSRegularExpression(
        pattern: "([가-힣]{2,20}?)(?:이란|이라는|라는|란) ?자(?=[가는이은의를도와과,.\\s])")
    /// The endings of a so-called office (`부사령관이란자`), which are not part of the speaker.
    static let soCalledEndings = ["이라는자", "이란자", "라는자", "란자"]

    /// Every titled name in `text`, with its title, and every so-called office.
    static func titledNames(in text: String) -> [SpeakerCatalogue.Mention] {
        let length = (text as NSString).length
        let titled = titledName.matches(in: text, range: NSRange(location: 0, length: length)).compactMap {
            match -> SpeakerCatalogue.Mention? in
            guard let name = text.utf8Offsets(match.range(at: 2)), let title = Range(match.range(at: 1), in: text)
            else { return nil }
            var mention = SpeakerCatalogue.Mention(range: name, actor: nil, isName: true)
            mention.title = String(text[title])
            return mention
        }
        let offices = soCalled.matches(in: text, range: NSRange(location: 0, length: length)).compactMap {
            match -> SpeakerCatalogue.Mention? in
            text.utf8Offsets(match.range(at: 1)).map { SpeakerCatalogue.Mention(range: $0, actor: nil, isName: true) }
        }
        return (titled + offices).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Speech nouns that, with a named speaker, make a speech act even without quoted words.
    static let speechActs = ["담화", "연설", "기자회견", "대답", "성명"]
    /// Words before a speaker or a quote that belong to neither: time, place, manner.
    static let adverbials: Set<String> = [
        "이날", "그러면서", "이어", "이어서", "또한", "또", "한편", "특히", "거듭", "재차", "다시", "계속", "강하게", "힘있게",
        "분명히", "단호히", "오늘", "당시", "최근", "이번에", "앞으로", "그리고", "아울러", "그러시고는", "그리고는",
        "그러시면서", "이윽하여",
    ]

    /// Places, times and occasions before 에서는 (`앞에서는`, `회의에서는`): where something is
    /// said, not who says it.
    static let placeHeads = [
        "앞", "뒤", "속", "안", "밖", "가운데", "자리", "회의", "회담", "대회", "현장", "곳", "과정", "부문", "분야", "측면",
        "시기", "기간", "이후", "이전", "당시", "최근", "현실", "조건", "상황", "세계", "지역",
    ]

    static func words(_ sentence: String) -> [Word] {
        var words: [Word] = []
        var offset = 0
        var depth = 0
        for piece in sentence.split(separator: " ", omittingEmptySubsequences: false) {
            let length = piece.utf8.count
            for character in piece {
                if character == "《" { depth += 1 } else if character == "》" { depth = max(0, depth - 1) }
            }
            if length > 0 {
                words.append(Word(text: String(piece), range: offset..<(offset + length), quoted: depth > 0))
            }
            offset += length + 1
        }
        return words
    }

    static func isVerb(_ word: String) -> Bool { allVerbStems.contains { word.hasPrefix($0) } }

    /// Whether a word closes a quoted clause: `…다고`, `…라고`, `…자고`, `…냐고`, `…》고`.
    static func isQuotative(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, scalars.last == "고" else { return false }
        let before = scalars[scalars.count - 2]
        return ["다", "라", "자", "냐", "까", "》", "요"].contains(before)
    }

    static func isAdverbial(_ word: String) -> Bool {
        let plain = word.trimmingCharacters(in: CharacterSet(charactersIn: ",."))
        if adverbials.contains(plain) { return true }
        // A place or time with the topic or 도 (`앞에서는`, `회의에서도`) frames the clause; it is no
        // speaker. A body with 에서는 is one (`국무성에서는 …고 떠들었다`), so 에서 counts only after
        // a place, time or occasion.
        for topic in ["는", "도"] where plain.hasSuffix(topic) {
            let stem = String(plain.dropLast())
            if stem.hasSuffix("에서") {
                let head = stem.dropLast(2)
                if placeHeads.contains(where: { head.hasSuffix($0) }) { return true }
            } else if stem.count > 2, stem.hasSuffix("에게") || stem.hasSuffix("에") {
                return true
            }
        }
        // Adverbs in -이 (`다같이`, `끝없이`, `높이`) look like subjects; they are not.
        if ["같이", "없이", "높이", "깊이", "널리", "힘있게", "있게"].contains(where: { plain.hasSuffix($0) }) { return true }
        if plain.hasSuffix("일") && plain.unicodeScalars.first.map({ CharacterSet.decimalDigits.contains($0) }) == true {
            return true
        }
        return ["에서", "에게", "에게서", "앞에서", "면서", "하여", "관련하여", "따르면", "대하여", "대해"].contains { plain.hasSuffix($0) }
            || plain.hasSuffix("에") && plain.unicodeScalars.count > 1
    }

    /// The particle a speaker phrase ends in, if the word ends in one.
    static func subjectParticle(_ word: String) -> String? {
        let plain = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
        guard plain.unicodeScalars.count >= 2 else { return nil }
        return subjectParticles.first { plain.hasSuffix($0) && plain.count > $0.count }
    }

    /// Whether a word is marked as the topic or an honoured subject (`뿌찐은`, `동지께서는`).
    static func isTopicWord(_ word: String) -> Bool {
        ["는", "은", "께서"].contains { word.trimmingCharacters(in: CharacterSet(charactersIn: ",")).hasSuffix($0) }
            || word.contains("께서")
    }

    /// Whether a word ending in 는/은 is a verb's adnominal form (`경애하는`, `있는`), not a
    /// noun with the topic particle.
    static func isAdnominal(_ word: String) -> Bool {
        if honorifics.contains(word) { return true }
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, let last = scalars.last, last == "는" || last == "은" else { return false }
        let before = scalars[scalars.count - 2]
        return [
            "하", "있", "없", "되", "오", "가", "보", "주", "리", "나", "키", "치", "내", "같", "많", "받", "놓", "지", "려",
            "시", "르", "우", "추", "드", "쓰", "끄", "크",
        ].contains(before)
    }

    /// Whether a word can stand inside a speaker's phrase before its head (`로씨야대통령`, `미한의`).
    static func isNounLike(_ word: String) -> Bool {
        if honorifics.contains(word) { return true }
        if isAdverbial(word) || isAdnominal(word) { return false }
        return !["을", "를", "고", "며", "서", "면", "여", "게", "신", "던", "한", "는", "은", "이", "가", "도", ","]
            .contains { word.hasSuffix($0) }
    }

    /// The speaker phrase among `words[range]`: the first word ending in a subject particle
    /// (an honorific 께서 first), with the title words before it; the phrase without the particle.
    static func speaker(
        _ words: [Word], in span: Range<Int>, sentence: String
    ) -> (
        text: String, range: Range<Int>, resolution: ReportedSpeech.Resolution, last: Int
    )? {
        let subjects = span.filter { index in
            let word = words[index].text
            guard let particle = subjectParticle(word), !isAdnominal(word), !isAdverbial(word),
                !words[index].quoted
            else { return false }
            // Nominalisers and bound nouns (`…끈 것은`, `…할 바는`) head clauses, not speakers.
            let stem = word.trimmingCharacters(in: CharacterSet(charactersIn: ",")).dropLast(particle.count)
            // The topic right before a quotation speaks it (`…새겨안으며 일군은 《알았습니다.》라고`),
            // however far into the sentence.
            let opensQuotation = index + 1 < words.count && words[index + 1].text.hasPrefix("《") && isTopicWord(word)
            return !["것", "바", "데", "수", "점", "때", "중", "뿐"].contains { stem.hasSuffix($0) }
                && (index - span.lowerBound <= 7 || word.contains("께서") || pronouns.contains(String(stem))
                    || opensQuotation)
        }
        // The speaker is marked as the topic (`그는`, `뿌찐은`, `총비서동지께서는`); a word with 이/가
        // is as often the subject of the quoted clause (`미국이 …`), so it comes last.
        func isPronoun(_ index: Int) -> Bool {
            let word = words[index].text
            return pronouns.contains { word == $0 + "는" || word == $0 + "은" }
        }
        func isTopic(_ index: Int) -> Bool { ["는", "은", "께서"].contains { words[index].text.contains($0) } }
        guard
            let index = subjects.first(where: { words[$0].text.contains("께서") })
                ?? subjects.first(where: isPronoun) ?? subjects.first(where: isTopic) ?? subjects.first
        else { return nil }
        var start = index
        while start > span.lowerBound, index - start < 3, isNounLike(words[start - 1].text) { start -= 1 }
        let particle = subjectParticle(words[index].text)!
        let lower = words[start].range.lowerBound
        var upper =
            words[index].range.upperBound - particle.utf8.count
            - (words[index].text.hasSuffix(",") ? 1 : 0)
        // `부사령관이란자는`: the office, without "so-called fellow".
        if let ending = soCalledEndings.first(where: { sentence.utf8Slice(lower..<max(lower, upper)).hasSuffix($0) }),
            upper - ending.utf8.count > lower
        {
            upper -= ending.utf8.count
        }
        guard lower < upper else { return nil }
        let text = sentence.utf8Slice(lower..<upper)
        return (text, lower..<upper, resolution(of: text), index)
    }

    /// The title a phrase is, honorifics and 동지/님 aside (`경애하는 총비서동지` → `총비서`); nil
    /// for anything else.
    static func titleWord(of phrase: String) -> String? {
        var words = phrase.split(separator: " ").map(String.init)
        while let first = words.first, honorifics.contains(first) { words.removeFirst() }
        guard words.count == 1, var head = words.first else { return nil }
        for suffix in ["동지", "님"] where head.hasSuffix(suffix) && head.count > suffix.count {
            head = String(head.dropLast(suffix.count))
        }
        return titles.contains(head) ? head : nil
    }

    /// A pronoun, a title alone (`대통령`, `경애하는 총비서동지`), or a name.
    static func resolution(of phrase: String) -> ReportedSpeech.Resolution {
        pronouns.contains(phrase) ? .pronoun : titleWord(of: phrase) != nil ? .title : .named
    }

    /// Every cue a sentence with reported speech must hold, for one cheap pass before the
    /// word-by-word reading (most sentences hold none).
    static let cues = MultiPatternMatcher(
        patterns: allVerbStems + speechActs + ["의하면", "따르면", "《", "다고", "라고", "자고", "냐고", "까고", "요고"],
        wordBoundaries: nil, options: [])

    static func find(in sentence: String) -> [ReportedSpeech.Candidate] {
        guard cues.occurs(in: sentence) else { return [] }
        let words = words(sentence)
        var found: [ReportedSpeech.Candidate] = []
        var regionStart = 0
        for index in words.indices {
            let word = words[index].text
            let afterQuotative = index > regionStart && isQuotative(words[index - 1].text)
            guard isVerb(word) || (afterQuotative && sayingForms.contains { word.hasPrefix($0) }) else { continue }
            // The quotative closing the quote: the last one before the verb, at most five words back.
            let quotative = (max(regionStart, index - 6)..<index).last { isQuotative(words[$0].text) }
            let candidate =
                quotative.map {
                    quoted(words, verb: index, quotative: $0, from: regionStart, after: found.last, in: sentence)
                } ?? stressed(words, verb: index, from: regionStart, in: sentence)
            // `…하라고 강조하고 대책을 세우는것으로는 …`: a connective 고 with nobody named is
            // an embedded clause, not someone's speech; so is `…다고 하는것은` ("the saying that").
            // An adnominal report (`…고 지적한 중일공동성명`) describes a noun.
            let embedded =
                (word.hasSuffix("고") || word.hasSuffix("한") || word.hasSuffix("던")) && index < words.count - 1
                || word.hasPrefix("하는것")
            // `인공지능이 위험하다고 하는것은`: the subject right before the quotative is the saying's own.
            let ownSubject =
                word.hasPrefix("하는것")
                && quotative.map { q in
                    q > 0 && (candidate?.speakerRange?.lowerBound ?? -1) >= words[q - 1].range.lowerBound
                } ?? false
            if let candidate, !(candidate.speaker.isEmpty && embedded), !ownSubject {
                found.append(candidate)
                regionStart = min(index + 1, words.count - 1)
            }
        }
        if let goingOn = continued(found, words: words, sentence: sentence) { return [goingOn] }
        if found.isEmpty, let act = speechAct(words, sentence: sentence) { found.append(act) }
        if found.isEmpty, let source = according(words, sentence: sentence) { found.append(source) }
        return found
    }

    /// Openers that carry the last sentence's speaker on ("while saying so").
    static let continuing: Set<String> = ["그러면서", "그러면서도", "그러시면서", "그러시면서도", "그러시고는", "그러고는"]

    /// `그러면서 …일본정부는 …고 지적하였다, …고 면박을 주었다.`: a sentence that opens with
    /// 그러면서 is the last speaker's, to its final speech verb; the speech reported inside it is
    /// part of what they say. Nil unless the sentence opens so and ends in speech.
    static func continued(
        _ found: [ReportedSpeech.Candidate], words: [Word], sentence: String
    ) -> ReportedSpeech.Candidate? {
        guard words.count > 2, continuing.contains(words[0].text.trimmingCharacters(in: .punctuationCharacters)),
            let last = found.last, let quote = last.quote,
            let verb = words.lastIndex(where: { isVerb($0.text) }), verb >= words.count - 2,
            last.verb == words[verb].text.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        else { return nil }
        var candidate = last
        // `그러면서 그는 …`: a pronoun or an honoured subject first is still the speaker (a name
        // there may be the reported clause's subject: `그러면서 일본정부는 …고 지적하였다, …`).
        if let named = speaker(words, in: 1..<2, sentence: sentence),
            named.resolution == .pronoun || words[1].text.contains("께서")
        {
            (candidate.speaker, candidate.resolution, candidate.speakerRange) = (
                named.text, named.resolution, named.range
            )
            candidate.quote = sentence.trimmedQuote(words[named.last + 1].range.lowerBound..<quote.upperBound)
        } else {
            (candidate.speaker, candidate.resolution, candidate.speakerRange) = ("", .pronoun, nil)
            candidate.quote = sentence.trimmedQuote(words[1].range.lowerBound..<quote.upperBound)
        }
        return candidate
    }

    /// `그는 …의 중요성을 강조하였다`: a speech verb closing the sentence with no quotative; what
    /// is stressed is the reported content.
    static func stressed(
        _ words: [Word], verb index: Int, from regionStart: Int, in sentence: String
    )
        -> ReportedSpeech.Candidate?
    {
        let word = words[index].text
        guard index == words.count - 1 || word.hasSuffix("."),
            let subject = speaker(words, in: regionStart..<index, sentence: sentence)
        else { return nil }
        let rest = (subject.last + 1)..<index
        return ReportedSpeech.Candidate(
            speaker: subject.text, resolution: subject.resolution, speakerRange: subject.range,
            quote: rest.isEmpty
                ? nil : sentence.trimmedQuote(words[rest.lowerBound].range.lowerBound..<words[index].range.lowerBound),
            verb: word.trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
    }

    /// A quote closed by the quotative `words[q]` before the verb `words[index]`, with its speaker:
    /// after the saying verb (`…고 하면서 그는`), between quotative and verb (`…고 그는 말하였다`),
    /// the previous quote's when the same speaker goes on (`…라고 하면서 …고 밝혔다`), or before
    /// the quote (`뿌찐은 …고 말하였다`).
    static func quoted(
        _ words: [Word], verb index: Int, quotative q: Int, from regionStart: Int,
        after previous: ReportedSpeech.Candidate?, in sentence: String
    ) -> ReportedSpeech.Candidate {
        let word = words[index].text
        var candidate = ReportedSpeech.Candidate(
            speaker: "", resolution: .pronoun, speakerRange: nil, quote: nil,
            verb: word.trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
        var quoteStart = words[regionStart].range.lowerBound
        let before = speaker(words, in: regionStart..<q, sentence: sentence)
        let continuing = ["하면서", "하며", "하시며", "하시면서"].contains { word.hasPrefix($0) }
        let goesOn = ["하면서", "하며", "하시며", "하시면서", "면서", "며"].contains { previous?.verb.hasSuffix($0) ?? false }
        if let honoured = honouredSpeaker(words, after: index, sentence: sentence) {
            // `《…》라고 하신 위대한 수령님의 유훈`: the teaching of the one named after the verb.
            (candidate.speaker, candidate.resolution, candidate.speakerRange) = (
                honoured.text, resolution(of: honoured.text), honoured.range
            )
        } else if continuing, index + 1 < words.count,
            let after = speaker(words, in: (index + 1)..<min(words.count, index + 3), sentence: sentence),
            isTopicWord(words[after.last].text)
        {
            (candidate.speaker, candidate.resolution, candidate.speakerRange) = (
                after.text, after.resolution, after.range
            )
        } else if let after = speaker(words, in: (q + 1)..<index, sentence: sentence) {
            (candidate.speaker, candidate.resolution, candidate.speakerRange) = (
                after.text, after.resolution, after.range
            )
        } else if let previous, regionStart > 0, goesOn, !(before.map { isTopicWord(words[$0.last].text) } ?? false) {
            // A new speaker named as the topic (`…말하였으며 김정은동지께서는 …`) does not go on.
            (candidate.speaker, candidate.resolution, candidate.speakerRange) =
                (previous.speaker, previous.resolution, previous.speakerRange)
        } else if let before {
            (candidate.speaker, candidate.resolution, candidate.speakerRange) =
                (before.text, before.resolution, before.range)
            var next = before.last + 1
            while next < q, isAdverbial(words[next].text) { next += 1 }
            quoteStart = words[next].range.lowerBound
        }
        // The quote runs to the quotative's final 고 (excluded), or is the last 《…》 before it
        // (`《…》고`, `《…》라고`, `《…》이라고`).
        var quoteEnd = words[q].range.upperBound - "고".utf8.count
        let closed = sentence.utf8Slice(quoteStart..<max(quoteStart, quoteEnd))
        if let suffix = ["》이라", "》라", "》"].first(where: { closed.hasSuffix($0) }),
            let open = closed.range(of: "《", options: .backwards)
        {
            quoteStart += closed.utf8.distance(from: closed.utf8.startIndex, to: open.upperBound)
            quoteEnd -= suffix.utf8.count
        }
        candidate.quote = sentence.trimmedQuote(quoteStart..<max(quoteStart, quoteEnd))
        return candidate
    }

    /// `《로동신문》에 의하면 …`, `…에 따르면 …`: the source and what it reports.
    static func according(_ words: [Word], sentence: String) -> ReportedSpeech.Candidate? {
        guard
            let index = words.indices.first(where: { i in
                i + 1 < words.count
                    && ["의하면", "따르면"].contains(words[i + 1].text.trimmingCharacters(in: .punctuationCharacters))
                    && words[i].text.hasSuffix("에")
            }), index <= 4
        else { return nil }
        let lower = words[0].range.lowerBound
        let upper = words[index].range.upperBound - "에".utf8.count
        guard let source = sentence.trimmedQuote(lower..<upper) else { return nil }
        let text = sentence.utf8Slice(source)
        return ReportedSpeech.Candidate(
            speaker: text, resolution: .named, speakerRange: source,
            quote: sentence.trimmedQuote(words[index + 1].range.upperBound..<sentence.utf8.count),
            verb: words[index + 1].text)
    }

    /// Brackets that enclose a quotation: NK's 《》, and the marks South Korean transcriptions use.
    static let quotationMarks: [(Character, Character)] = [
        ("《", "》"), ("'", "'"), ("‘", "’"), ("\"", "\""), ("“", "”"), ("<", ">"),
    ]

    /// The words of a sentence that is one quotation (`《…》`, `'…'`, `<…>`), if it is one.
    static func standaloneQuotation(_ sentence: String) -> Range<Int>? {
        let trimmed = sentence.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ".")))
        guard let (open, close) = quotationMarks.first(where: { trimmed.first == $0.0 && trimmed.last == $0.1 }),
            trimmed.count > 2, open != close ? !trimmed.dropFirst().dropLast().contains(close) : true
        else { return nil }
        return sentence.trimmedQuote(0..<sentence.utf8.count).map { range in
            // `trimmedQuote` leaves ASCII brackets (`<…>`) on; take them off here.
            let text = sentence.utf8Slice(range)
            return text.hasPrefix("<") && text.hasSuffix(">") ? (range.lowerBound + 1)..<(range.upperBound - 1) : range
        }
    }

    /// Titles of leaders named after an adnominal saying verb (`…라고 하신 위대한 수령님의`).
    static func honouredSpeaker(
        _ words: [Word], after index: Int, sentence: String
    ) -> (text: String, range: Range<Int>)? {
        let word = words[index].text
        guard word.hasSuffix("신") || word.hasSuffix("시던"), index + 1 < words.count else { return nil }
        for end in (index + 1)..<min(words.count, index + 4) {
            let text = words[end].text
            guard let particle = ["의", "께서는", "께서"].first(where: { text.hasSuffix($0) && text.count > $0.count }) else {
                continue
            }
            var start = index + 1
            while start < end, honorifics.contains(words[start].text) { start += 1 }
            let lower = words[start].range.lowerBound
            let upper = words[end].range.upperBound - particle.utf8.count
            return lower < upper ? (sentence.utf8Slice(lower..<upper), lower..<upper) : nil
        }
        return nil
    }

    /// `외무성 대변인은 … 담화를 발표하였다`: a speech act by a named speaker, no quoted words.
    static func speechAct(_ words: [Word], sentence: String) -> ReportedSpeech.Candidate? {
        guard let noun = speechActs.first(where: { act in words.contains { $0.text.hasPrefix(act) } }),
            let subject = speaker(words, in: 0..<min(words.count, 8), sentence: sentence),
            subject.resolution == .named || subject.resolution == .title,
            let actWord = words.firstIndex(where: { $0.text.hasPrefix(noun) }), actWord > subject.last
        else { return nil }
        return ReportedSpeech.Candidate(
            speaker: subject.text, resolution: subject.resolution, speakerRange: subject.range, quote: nil, verb: noun)
    }
}
