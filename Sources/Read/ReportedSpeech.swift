import Foundation

/// Finds reported speech in North Korean Korean and KCNA English: who speaks, what they are
/// reported to say, and with which verb.
///
/// Korean: a clause closed by the quotative `…다고`/`…라고`/`…자고` before a speech verb
/// (`말하였다`, `강조하였다`, `지적하였다`, `밝히였다`, `언급하였다`, `언명하였다`, `주장하였다` …),
/// with the speaker before the quote (`뿌찐은 …고 말하였다`) or after it (`…고 그는 말하였다`);
/// `…라고 하면서`; `《…》` quotations before a quotative; and `담화`, `연설`, `기자회견`, `대답`,
/// `성명` with the speaker named (a speech act, no quoted words). English: `X said` (`noted`,
/// `stressed`, `pointed out` …) `that …`, postposed `"…," X said.` (the quotation marks
/// framing the reported words), participles (`Saying that …, he …`) and `according to X`.
///
/// A speaker is a name with its title (`로씨야대통령 뿌찐`, `Russian President Putin`). A pronoun
/// (`그는`, `he`) or a title alone (`대통령은`, `the President`) carries the last named speaker of
/// the same article.
public enum ReportedSpeech {
    /// The version of these rules; raise it when they change, so coded corpora are recoded
    /// (it is part of the codebook's hash).
    public static let rulesVersion = 2

    /// One reported utterance.
    public struct Quote: Sendable, Hashable {
        /// The speaker as printed in the sentence (`그는`'s antecedent for a pronoun).
        public var speaker: String
        /// How the speaker was found.
        public var resolution: Resolution
        /// UTF-8 byte offsets, in the text searched, of the name the speaker resolves to; nil
        /// for a pronoun with no antecedent.
        public var speakerRange: Range<Int>?
        /// The catalogue actor the speaker belongs to, if any.
        public var actor: String?
        /// UTF-8 byte offsets of the sentence.
        public var sentence: Range<Int>
        /// UTF-8 byte offsets of the reported words; nil for a speech act that quotes nothing.
        public var quote: Range<Int>?
        /// The speech verb or noun as printed (`강조하였다`, `said`, `according to`, `담화`).
        public var verb: String
    }

    /// How a quote's speaker was identified.
    public enum Resolution: String, Sendable, Hashable, Codable {
        /// Named in the sentence.
        case named
        /// A pronoun (`그는`, `he`), carried from the last named speaker.
        case pronoun
        /// A title alone (`대통령은`, `the President`), carried from the last named speaker.
        case title
    }

    /// Every quote in `text`, sentence by sentence (`sentences` are UTF-8 byte ranges of
    /// `text`, in order), with pronouns and bare titles resolved within the text.
    public static func quotes(in text: String, sentences: [Range<Int>], catalogue: SpeakerCatalogue) -> [Quote] {
        var quotes: [Quote] = []
        // The last speaker, and the sentence they spoke in: a pronoun in the next one is theirs,
        // whoever else that sentence named ("The president thanked … Kim Jong Un. Saying …, he …").
        var lastNamed: (speaker: String, range: Range<Int>?, actor: String?, sentence: Int)?
        // Where each speaker last spoke, as named or as resolved: `the president` who spoke last
        // is still the president the text is about, though another president was named since.
        var spokeAt: [String: Int] = [:]
        let mentions = people(in: text, catalogue: catalogue)
        var mentionIndex = 0
        // The last person named before a sentence (a catalogue name): the antecedent of a
        // pronoun when no one has spoken yet ("X visited … He stressed …").
        var lastMention: SpeakerCatalogue.Mention?
        var titledMentions: [(title: String, mention: SpeakerCatalogue.Mention)] = []
        // Whether the last sentence announced speech without quoting it (`다음과 같이 지적하시였다`).
        var announced = false
        for (sentenceIndex, sentence) in sentences.enumerated() {
            while mentionIndex < mentions.count, mentions[mentionIndex].range.upperBound <= sentence.lowerBound {
                let mention = mentions[mentionIndex]
                if mention.isName { lastMention = mention }
                if let title = mention.title { titledMentions.append((title, mention)) }
                mentionIndex += 1
            }
            // A "sentence" of several kilobytes is an unpunctuated block, not a sentence: reading
            // it quote by quote would cost quadratic time for nothing an analyst could quote.
            guard sentence.count <= 4096 else { continue }
            let string = text.utf8Slice(sentence)
            let found = candidates(in: string, announced: announced)
            announced = found.contains { $0.quote == nil || string.contains("다음과 같이") }
            for candidate in found {
                var quote = Quote(
                    speaker: candidate.speaker, resolution: candidate.resolution,
                    speakerRange: candidate.speakerRange.map { $0.shifted(by: sentence.lowerBound) }, actor: nil,
                    sentence: sentence, quote: candidate.quote.map { $0.shifted(by: sentence.lowerBound) },
                    verb: candidate.verb)
                switch quote.resolution {
                case .named:
                    if let range = quote.speakerRange {
                        quote.actor = mentions.first { $0.range.overlaps(range) && $0.actor != nil }?.actor
                    }
                    lastNamed = (quote.speaker, quote.speakerRange, quote.actor, sentenceIndex)
                case .pronoun, .title:
                    // A pronoun is the last speaker; a title alone (`the President`, `총비서동지`)
                    // is rather the dignitary last named, who may not have spoken yet.
                    let mention =
                        (quote.resolution == .title
                            ? titleAntecedent(
                                quote.speaker, text: text, titled: titledMentions, mentions: mentions,
                                before: sentence.lowerBound, spokeAt: spokeAt) : nil) ?? lastMention
                    let mentioned = mention.map { (text.utf8Slice($0.range), Optional($0.range), $0.actor) }
                    let named = lastNamed.map { ($0.speaker, $0.range, $0.actor) }
                    // The last speaker if they spoke in this sentence or the one before, else the
                    // nearer of the last speaker and the last person named.
                    let nearest =
                        sentenceIndex - (lastNamed?.sentence ?? -2) <= 1 && named != nil
                        ? named
                        : [named, mentioned].compactMap { $0 }.max {
                            ($0.1?.lowerBound ?? -1) < ($1.1?.lowerBound ?? -1)
                        }
                    // A dropped subject (Korean) goes on with the last speaker.
                    let choice =
                        quote.resolution == .title
                        ? (mentioned ?? named) : quote.speaker.isEmpty ? (named ?? mentioned) : nearest
                    if let (speaker, range, actor) = choice {
                        quote.speaker = speaker
                        quote.speakerRange = range
                        quote.actor = actor
                        lastNamed = (speaker, range, actor, sentenceIndex)
                    }
                }
                if !quote.speaker.isEmpty { spokeAt[quote.speaker] = sentence.lowerBound }
                quotes.append(quote)
            }
        }
        return quotes
    }

    /// Whom a title alone or a description stands for, before `end`: of the people named with
    /// that title, the one named last (``latestTitled(_:among:in:before:spokeAt:)``); for `the head
    /// of the delegation`, the person the delegation was said to be led by. Nil: the last person
    /// named, as for a title no one was named with.
    static func titleAntecedent(
        _ speaker: String, text: String, titled: [(title: String, mention: SpeakerCatalogue.Mention)],
        mentions: [SpeakerCatalogue.Mention], before end: Int, spokeAt: [String: Int]
    ) -> SpeakerCatalogue.Mention? {
        if let title = EnglishSpeech.titleWord(of: speaker) ?? KoreanSpeech.titleWord(of: speaker) {
            return latestTitled(title, among: titled, in: text, before: end, spokeAt: spokeAt)
        }
        guard EnglishSpeech.isDescription(speaker) else { return nil }
        let utf8 = text.utf8
        let head = text[..<utf8.index(utf8.startIndex, offsetBy: min(end, utf8.count))]
        guard
            let cue = [" led by ", " headed by "].compactMap({ head.range(of: $0, options: .backwards) })
                .max(by: { $0.lowerBound < $1.lowerBound })
        else { return nil }
        let after = utf8.distance(from: utf8.startIndex, to: cue.upperBound)
        // The name follows the cue, after its titles (`led by Vice-Minister of Defence Aleksey …`).
        return mentions.first { $0.isName && $0.range.lowerBound >= after && $0.range.lowerBound < after + 120 }
    }

    /// Of the people named with `title` before `end`, the one the text named last, by any
    /// mention of the same name (`President Masoud Pezeshkian … Kim Jong Un, president of … ,
    /// Masoud Pezeshkian asked …`: `the president` is Pezeshkian) or as a speaker (`spokeAt`),
    /// at that name's last mention.
    static func latestTitled(
        _ title: String, among titled: [(title: String, mention: SpeakerCatalogue.Mention)], in text: String,
        before end: Int, spokeAt: [String: Int]
    ) -> SpeakerCatalogue.Mention? {
        var best: (mention: SpeakerCatalogue.Mention, at: Int)?
        let utf8 = text.utf8
        let head = text[..<utf8.index(utf8.startIndex, offsetBy: min(end, utf8.count))]
        for (candidateTitle, mention) in titled where candidateTitle == title {
            let name = text.utf8Slice(mention.range)
            var latest = mention
            if let lower = lastWholeWord(name, in: head) { latest.range = lower..<(lower + name.utf8.count) }
            let at = max(latest.range.lowerBound, spokeAt[name] ?? -1)
            if at >= best?.at ?? -1 { best = (latest, at) }
        }
        return best?.mention
    }

    /// The UTF-8 offset of the last occurrence of `name` in `text` that is not part of a longer
    /// Latin word (`Affairs` in `Affairsman` is not `Affairs`); Hangul names may be followed by
    /// their particles.
    static func lastWholeWord(_ name: String, in text: Substring) -> Int? {
        var searchEnd = text.endIndex
        while let found = text.range(of: name, options: .backwards, range: text.startIndex..<searchEnd) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
            let latin = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber) }
            let insideHangulWord = Hangul.decompose(before) != nil && name.first.flatMap(Hangul.decompose) != nil
            if !latin(before) && !latin(after) && !insideHangulWord {
                return text.utf8.distance(from: text.startIndex, to: found.lowerBound)
            }
            searchEnd = found.lowerBound
        }
        return nil
    }

    /// The people a text names, in order: catalogue names and terms, and people named with a
    /// title (`Premier Kim Tok Hun`, `로씨야대통령 뿌찐`), in or out of the catalogue — the
    /// antecedents of a pronoun or a bare title.
    static func people(in text: String, catalogue: SpeakerCatalogue) -> [SpeakerCatalogue.Mention] {
        let hasCapitals = text.utf8.contains { (0x41...0x5A).contains($0) }
        let hasHangul = text.unicodeScalars.contains(where: Hangul.isSyllable)
        let titled =
            (hasCapitals ? EnglishSpeech.titledNames(in: text) : [])
            + (hasHangul ? KoreanSpeech.titledNames(in: text) : [])
        let catalogued = catalogue.mentions(in: text)
        // A titled name belongs to the actor the catalogue gives the same name.
        let titledWithActors = titled.map { mention in
            var mention = mention
            mention.actor = catalogued.first { $0.range.overlaps(mention.range) && $0.actor != nil }?.actor
            return mention
        }
        return (catalogued + titledWithActors).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The quotes of one sentence, offsets into it; `announced` when the sentence before
    /// announced speech it did not quote (`…다음과 같이 말씀하시였다.`), so that a `《…》` sentence
    /// is the announced speaker's.
    static func candidates(in sentence: String, announced: Bool) -> [Candidate] {
        var found =
            sentence.unicodeScalars.contains(where: Hangul.isSyllable)
            ? KoreanSpeech.find(in: sentence) : EnglishSpeech.find(in: sentence)
        if found.isEmpty, announced, let words = KoreanSpeech.standaloneQuotation(sentence) {
            found = [Candidate(speaker: "", resolution: .pronoun, speakerRange: nil, quote: words, verb: "《》")]
        }
        return found.map { candidate in
            var candidate = candidate
            candidate.quote = candidate.quote.map { withoutDateline($0, in: sentence) }
            return candidate
        }
    }

    /// A dateline (`CITY, MONTH DAY (KCNA) -- `) opens a wire story's first sentence; it is not
    /// what anyone said.
    static let dateline = try! NSRegularExpression(pattern: "^[A-Z][a-z]+, [A-Z][a-z]+ \\d{1,2} \\([A-Z]+\\) --\\s*")

    /// The range without a leading dateline.
    static func withoutDateline(_ range: Range<Int>, in sentence: String) -> Range<Int> {
        let words = sentence.utf8Slice(range)
        guard
            let match = dateline.firstMatch(in: words, range: NSRange(location: 0, length: (words as NSString).length)),
            let cut = words.utf8Offsets(match.range), cut.upperBound < range.count
        else { return range }
        return (range.lowerBound + cut.upperBound)..<range.upperBound
    }

    /// A quote found in one sentence, offsets into the sentence.
    struct Candidate {
        var speaker: String
        var resolution: Resolution
        var speakerRange: Range<Int>?
        var quote: Range<Int>?
        var verb: String
    }
}

extension String {
    /// UTF-8 byte offsets of an `NSRange` of this string.
    func utf8Offsets(_ range: NSRange) -> Range<Int>? {
        guard let bounds = Range(range, in: self) else { return nil }
        let lower = utf8.distance(from: utf8.startIndex, to: bounds.lowerBound)
        return lower..<(lower + utf8.distance(from: bounds.lowerBound, to: bounds.upperBound))
    }

    /// The range trimmed of spaces and the punctuation that frames a quote.
    func trimmedQuote(_ range: Range<Int>) -> Range<Int>? {
        let bytes = Array(utf8)
        var lower = range.lowerBound
        var upper = range.upperBound
        let framing: Set<UInt8> = [0x20, 0x09, 0x2C, 0x2E, 0x22, 0x27, 0x3A, 0x3B]
        while lower < upper, framing.contains(bytes[lower]) { lower += 1 }
        while upper > lower, framing.contains(bytes[upper - 1]) { upper -= 1 }
        // Curly quotes and 《》 (three bytes each) at either end.
        func isFrame(_ at: Int) -> Bool {
            guard at + 3 <= bytes.count else { return false }
            let slice = String(decoding: bytes[at..<(at + 3)], as: UTF8.self)
            return ["“", "”", "《", "》", "‘", "’"].contains(slice)
        }
        while upper - lower >= 3, isFrame(lower) { lower += 3 }
        while upper - lower >= 3, isFrame(upper - 3) { upper -= 3 }
        return lower < upper ? lower..<upper : nil
    }
}

extension Range where Bound == Int {
    /// The range moved by `offset`.
    func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset)..<(upperBound + offset) }
}
