import Foundation

/// Reported speech in one KCNA English sentence (see ``ReportedSpeech``).
enum EnglishSpeech {
    /// Speech verbs, as printed after the speaker.
    static let verbs = [
        "said", "says", "noted", "notes", "stressed", "stresses", "pointed out", "points out", "emphasized",
        "emphasised", "underlined", "underscored", "added", "declared", "stated", "urged", "told", "claimed", "warned",
        "asserted", "mentioned", "remarked", "affirmed", "explained", "announced", "insisted", "reiterated",
        "indicated", "clarified", "assured", "argued", "observed", "recalled", "acknowledged", "called for",
        "called on", "expressed", "appealed", "vowed", "confirmed", "maintained", "contended", "alleged", "boasted",
        "admitted", "wrote", "hoped", "proposed", "praised", "accused", "blustered", "asked", "reported",
        "conveyed", "extended", "made a speech", "made an address", "delivered a speech", "gave a speech",
        "criticized", "criticised", "denounced", "condemned", "ridiculed", "slammed", "informed",
        "gave teachings", "gave important teachings", "gave precious teachings", "gave instructions",
        "gave important instructions",
    ]
    /// Speech acts that quote nothing: `Kim Jong Un, …, attended the ceremony and made a speech`.
    static let speechActs: Set<String> = ["made a speech", "made an address", "delivered a speech", "gave a speech"]
    /// The subject that opens a sentence (after its dateline and a date): `On August 4 Kim Jong Un, …`.
    static let openingSubjectPattern = try! NSRegularExpression(
        pattern:
            "^(?:On [A-Z][a-z]+ \\d{1,2},? )?((?:[A-Z][a-z]+(?:-[a-z]+)?)(?: [A-Z][a-z]+(?:-[a-z]+)?){0,4})(?=,| [a-z])"
    )
    /// Verbs of perceiving another's speech: `Watching officials saying that …, the President …`.
    static let perceiving = try! NSRegularExpression(
        pattern: "^(?:Watching|Hearing|Seeing|Listening to) ((?:[a-zA-Z'-]+ ){1,6}?)(?=saying\\b)")
    /// Heads of a speaker phrase that opens with an article (`the premier`, `a spokesperson
    /// for …`): people, offices and bodies that speak; `the plans` do not.
    static let speakerNouns: Set<String> = [
        "president", "premier", "minister", "spokesman", "spokeswoman", "spokesperson", "leader", "chairman",
        "chairwoman", "secretary", "ambassador", "official", "officials", "envoy", "representative", "delegation",
        "head", "director", "commander", "general", "side", "government", "ministry", "council", "committee",
        "agency", "newspaper", "paper", "daily", "radio", "website", "media", "analyst", "commentator", "expert",
        "experts", "scholar", "professor", "senator", "congressman", "lawmaker", "chief", "king", "queen", "emir",
        "chancellor", "governor", "mayor", "speaker", "party", "union", "association", "embassy", "office",
        "statement", "press", "department", "he", "she",
    ]
    /// Participles that report the speech of the clause's subject: `Saying that …, he …`,
    /// `…, claiming that …`.
    static let participles = [
        "saying", "claiming", "stressing", "noting", "calling for", "expressing", "clarifying", "pointing out",
        "adding", "urging", "emphasizing", "emphasising", "insisting", "declaring", "asserting", "warning",
    ]
    static let participleExpression = try! NSRegularExpression(
        pattern: "(?i)\\b(" + participles.sorted { $0.count > $1.count }.joined(separator: "|") + ")\\b")
    static let verbExpression = try! NSRegularExpression(
        pattern: "\\b(" + verbs.sorted { $0.count > $1.count }.joined(separator: "|") + ")\\b")
    static let accordingTo = try! NSRegularExpression(pattern: "\\b[Aa]ccording to\\b")
    /// Words that end a speaker phrase without being part of it (`He has said`, `Putin also noted`).
    static let trailing: Set<String> = [
        "has", "have", "had", "also", "further", "again", "then", "once", "clearly", "repeatedly", "recently",
        "earlier", "publicly", "openly", "solemnly", "proudly", "specially", "particularly", "especially", "frankly",
    ]
    /// Words that show the phrase before a verb is a clause, not a speaker.
    static let clauseWords: Set<String> = [
        "is", "are", "was", "were", "be", "been", "will", "would", "can", "could", "should", "may", "might", "must",
        "do", "does", "did", "which", "who", "that", "it", "this", "what", "as", "if", "when", "because",
    ]
    static let pronouns: Set<String> = ["he", "she", "his words", "her words", "him", "her"]
    /// First-person speakers: the text's own voice, not reported speech.
    static let firstPerson: Set<String> = ["i", "we", "you"]
    /// Titles that, alone, stand for the last named speaker.
    static let titles: Set<String> = [
        "president", "premier", "prime minister", "minister", "foreign minister", "defense minister",
        "defence minister", "spokesman", "spokeswoman", "spokesperson", "leader", "chairman", "general secretary",
        "secretary", "secretary of state", "ambassador", "official", "vice-minister", "vice minister", "director",
        "commander", "speaker",
    ]

    /// Titles printed before a name (`Premier Kim Tok Hun`, `President Vladimir Putin`).
    static let titledName = try! NSRegularExpression(
        pattern:
            "\\b(President|Premier|Prime Minister|Foreign Minister|Defence Minister|Defense Minister|Minister"
            + "|Secretary of State|General Secretary|Secretary|Ambassador|Chairman|Spokesman|Spokeswoman"
            + "|Vice-Minister|Vice Minister|Director|Chancellor|King|Emir)"
            // `Vice-Minister of Defence Aleksey Krivoruchko`: the ministry between title and name.
            + "(?: of (?:National )?(?:Defen[cs]e|Foreign Affairs))?"
            + "\\s+((?:[A-Z][a-z]+(?:-[a-z]+)?\\s?){1,4})")

    /// A name followed by an appositive that holds its titles: `Pak Sol, member of …, premier
    /// of the Cabinet, visited …` (the appositive ends at the clause's verb or the full stop).
    static let appositiveName = try! NSRegularExpression(
        pattern: "\\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}), ([^.]{0,400}?)(?:, [a-z]+ed\\b|\\.)")
    static let appositiveTitle = try! NSRegularExpression(
        pattern: "(?<![-\\w])(premier|president|prime minister|foreign minister|minister|chairman|general secretary"
            + "|secretary|spokesman|spokeswoman|spokesperson|ambassador|director|chancellor)\\b")

    /// Every titled name in `text`, as a person mention (no actor unless the catalogue has it):
    /// `Premier Kim Tok Hun`, and `Pak Sol, …, premier of the Cabinet` once per title.
    static func titledNames(in text: String) -> [SpeakerCatalogue.Mention] {
        let length = (text as NSString).length
        var found = titledName.matches(in: text, range: NSRange(location: 0, length: length)).compactMap {
            match -> SpeakerCatalogue.Mention? in
            guard let name = text.utf8Offsets(match.range(at: 2)), let title = text.utf8Offsets(match.range(at: 1)),
                let trimmed = text.trimmedQuote(name)
            else { return nil }
            var mention = SpeakerCatalogue.Mention(range: trimmed, actor: nil, isName: true)
            mention.title = text.utf8Slice(title).lowercased()
            return mention
        }
        for match in appositiveName.matches(in: text, range: NSRange(location: 0, length: length)) {
            guard let name = text.utf8Offsets(match.range(at: 1)), let appositive = Range(match.range(at: 2), in: text)
            else { continue }
            let words = String(text[appositive])
            let wordsLength = (words as NSString).length
            for title in appositiveTitle.matches(in: words, range: NSRange(location: 0, length: wordsLength)) {
                var mention = SpeakerCatalogue.Mention(range: name, actor: nil, isName: true)
                mention.title = (words as NSString).substring(with: title.range(at: 1))
                found.append(mention)
            }
        }
        return found
    }

    /// The title word a bare-title speaker names (`the premier` → `premier`).
    static func titleWord(of phrase: String) -> String? {
        var lower = phrase.lowercased()
        for article in ["the ", "a ", "an "] where lower.hasPrefix(article) {
            lower = String(lower.dropFirst(article.count))
        }
        return titles.contains(lower) ? lower : nil
    }

    /// The verbs, participles and `according to`, folded: one cheap pass before the regular
    /// expressions (most sentences hold none).
    static let cues = MultiPatternMatcher(
        patterns: verbs + participles + ["according to"], wordBoundaries: nil, options: .caseInsensitive)

    static func find(in sentence: String) -> [ReportedSpeech.Candidate] {
        guard cues.occurs(in: sentence) else { return [] }
        let length = (sentence as NSString).length
        if let match = accordingTo.firstMatch(in: sentence, range: NSRange(location: 0, length: length)),
            let candidate = according(sentence, at: match.range)
        {
            return [candidate]
        }
        var found: [ReportedSpeech.Candidate] = []
        if let participle = participleExpression.firstMatch(in: sentence, range: NSRange(location: 0, length: length)),
            let candidate = participial(sentence, at: participle.range)
        {
            found.append(candidate)
        }
        var previousVerbEnd = 0
        for match in verbExpression.matches(in: sentence, range: NSRange(location: 0, length: length)) {
            guard let verb = sentence.utf8Offsets(match.range), verb.lowerBound >= previousVerbEnd,
                let candidate = candidate(sentence, verb: verb, from: previousVerbEnd)
            else { continue }
            // A second speaker in the sentence ends the first one's quote where it is named.
            if let speaker = candidate.speakerRange, var last = found.last, let quote = last.quote,
                quote.contains(speaker.lowerBound)
            {
                last.quote = sentence.trimmedQuote(quote.lowerBound..<speaker.lowerBound)
                found[found.count - 1] = last
            }
            found.append(candidate)
            previousVerbEnd = verb.upperBound
        }
        return found
    }

    /// `Saying that …, he expressed …` (the speaker follows the participial clause) or
    /// `The spokesman …, claiming that …` (the sentence's subject speaks).
    static func participial(_ sentence: String, at range: NSRange) -> ReportedSpeech.Candidate? {
        guard let participle = sentence.utf8Offsets(range) else { return nil }
        let bytes = Array(sentence.utf8)
        var quoteStart = participle.upperBound
        if sentence.utf8Slice(quoteStart..<bytes.count).hasPrefix(" that ") { quoteStart += 6 }
        if participle.lowerBound == 0 {
            // `Saying that …, he expressed …`: the quote runs to the comma before the subject.
            let rest = sentence.utf8Slice(quoteStart..<bytes.count)
            let length = (rest as NSString).length
            // The main clause's verb: a speech verb, else the word after the subject that follows
            // the last comma (`…, he set forth …`).
            var verbStart: Int?
            if let verb = verbExpression.matches(in: rest, range: NSRange(location: 0, length: length)).last {
                verbStart = rest.utf8Offsets(verb.range)?.lowerBound
            } else if let comma = rest.range(of: ", ", options: .backwards) {
                let after = rest[comma.upperBound...]
                let firstWord = after.prefix { $0 != " " }
                if pronouns.contains(firstWord.lowercased()) {
                    verbStart =
                        rest.utf8.distance(from: rest.utf8.startIndex, to: comma.upperBound) + firstWord.utf8.count + 1
                }
            }
            guard let verbStart, verbStart <= rest.utf8.count,
                let commaIndex = rest.utf8Slice(0..<verbStart).range(of: ",", options: .backwards)
            else { return nil }
            let verbRange = verbStart..<verbStart
            let comma = quoteStart + rest.utf8.distance(from: rest.utf8.startIndex, to: commaIndex.lowerBound)
            guard let subject = sentence.trimmedQuote((comma + 1)..<(quoteStart + verbRange.lowerBound)) else {
                return nil
            }
            let text = sentence.utf8Slice(subject)
            guard text.split(separator: " ").count <= 8, !firstPerson.contains(text.lowercased()) else { return nil }
            return ReportedSpeech.Candidate(
                speaker: text, resolution: resolution(text), speakerRange: subject,
                quote: sentence.trimmedQuote(quoteStart..<comma), verb: sentence.utf8Slice(participle))
        }
        // `Watching officials saying that …, the President stressed …`: the ones watched speak, to
        // the comma.
        if let match = perceiving.firstMatch(
            in: sentence, range: NSRange(location: 0, length: (sentence as NSString).length)),
            let heard = sentence.utf8Offsets(match.range(at: 1)), heard.upperBound == participle.lowerBound,
            let subject = sentence.trimmedQuote(heard)
        {
            let rest = sentence.utf8Slice(quoteStart..<bytes.count)
            let comma = rest.range(of: ", ").map {
                quoteStart + rest.utf8.distance(from: rest.utf8.startIndex, to: $0.lowerBound)
            }
            let text = sentence.utf8Slice(subject)
            return ReportedSpeech.Candidate(
                speaker: text, resolution: resolution(text), speakerRange: subject,
                quote: sentence.trimmedQuote(quoteStart..<(comma ?? bytes.count)), verb: sentence.utf8Slice(participle))
        }
        // `X …ed …, saying that …`: the subject of the clause the participle hangs on.
        guard let subject = clauseSubject(sentence, before: participle.lowerBound) else { return nil }
        let text = sentence.utf8Slice(subject)
        return ReportedSpeech.Candidate(
            speaker: text, resolution: resolution(text), speakerRange: subject,
            quote: sentence.trimmedQuote(quoteStart..<bytes.count), verb: sentence.utf8Slice(participle))
    }

    /// The subject of the last clause before `end`: the phrase before its first past-tense
    /// verb (`a spokesman for the ministry criticized …`), in the last
    /// comma-separated segment that has one.
    static func clauseSubject(_ sentence: String, before end: Int) -> Range<Int>? {
        let bytes = Array(sentence.utf8)
        var segments: [Range<Int>] = []
        var start = 0
        for index in 0..<end where bytes[index] == 0x2C {
            segments.append(start..<index)
            start = index + 1
        }
        segments.append(start..<end)
        for segment in segments.reversed() {
            var offset = segment.lowerBound
            var words: [(String, Range<Int>)] = []
            for piece in sentence.utf8Slice(segment).split(separator: " ", omittingEmptySubsequences: false) {
                let length = piece.utf8.count
                if length > 0 { words.append((String(piece), offset..<(offset + length))) }
                offset += length + 1
            }
            guard
                let verb = words.indices.dropFirst().first(where: { index in
                    let word = words[index].0
                    return word.first?.isLowercase == true && word.count > 3 && word.hasSuffix("ed")
                        || ["is", "was", "has", "made", "gave", "sent", "told"].contains(word)
                })
            else { continue }
            var phrase = Array(words[..<verb])
            while let last = phrase.last, last.0.hasSuffix("ly") || trailing.contains(last.0.lowercased()) {
                phrase.removeLast()
            }
            guard let first = phrase.first, let last = phrase.last, phrase.count <= 10 else { continue }
            let lowered = phrase.map { $0.0.lowercased() }
            let opensWithArticle = ["the", "a", "an"].contains(lowered[0])
            guard first.0.first?.isUppercase == true || opensWithArticle || pronouns.contains(lowered[0]),
                !opensWithArticle || lowered.contains(where: speakerNouns.contains)
                    || phrase.dropFirst().contains(where: { $0.0.first?.isUppercase == true }),
                !lowered.contains(where: clauseWords.contains), !firstPerson.contains(lowered[0]),
                !["but", "and", "however", "recently", "this", "after", "watching", "listening"].contains(lowered[0])
            else { continue }
            return first.1.lowerBound..<last.1.upperBound
        }
        return nil
    }

    /// `According to X, …` or `…, according to X.`
    static func according(_ sentence: String, at range: NSRange) -> ReportedSpeech.Candidate? {
        guard let phrase = sentence.utf8Offsets(range) else { return nil }
        let bytes = Array(sentence.utf8)
        var end = phrase.upperBound
        while end < bytes.count, bytes[end] != 0x2C, !(bytes[end] == 0x2E && end == bytes.count - 1) { end += 1 }
        guard let speaker = sentence.trimmedQuote(phrase.upperBound..<end) else { return nil }
        let quote =
            phrase.lowerBound == 0
            ? sentence.trimmedQuote(end..<bytes.count) : sentence.trimmedQuote(0..<phrase.lowerBound)
        let text = sentence.utf8Slice(speaker)
        let words = text.split(separator: " ").map { $0.lowercased() }
        guard words.count <= 12, let first = words.first else { return nil }
        // `according to the plans` is no source: a common noun must be a speaker's.
        if ["the", "a", "an"].contains(first) || text.first?.isLowercase == true {
            guard
                words.contains(where: speakerNouns.contains) || pronouns.contains(text.lowercased())
                    || text.split(separator: " ").dropFirst().contains(where: { $0.first?.isUppercase == true })
            else { return nil }
        }
        return ReportedSpeech.Candidate(
            speaker: text, resolution: resolution(text), speakerRange: speaker, quote: quote, verb: "according to")
    }

    static func resolution(_ phrase: String) -> ReportedSpeech.Resolution {
        pronouns.contains(phrase.lowercased())
            ? .pronoun : titleWord(of: phrase) != nil || isDescription(phrase) ? .title : .named
    }

    /// Capitalised words that open a sentence without naming anyone (`Yesterday Kim Jong Un …`).
    static let openers: Set<String> = [
        "The", "A", "An", "In", "At", "After", "On", "Yesterday", "Today", "Last", "This", "Earlier", "Later",
        "Meanwhile", "Also", "Then", "There", "It", "When", "While", "During", "Before", "Since", "Following",
    ]

    /// Heads of a description that stands for a person named before (`the head of the delegation`).
    static let describedHeads: Set<String> = ["head", "chief", "leader", "envoy", "representative"]

    /// Whether a phrase describes a person without naming them (`The head of the delegation`,
    /// `the chief of the mission`): a title alone, which carries the person last named.
    static func isDescription(_ phrase: String) -> Bool {
        let words = phrase.split(separator: " ")
        guard words.count >= 2, words[0].lowercased() == "the", describedHeads.contains(words[1].lowercased()) else {
            return false
        }
        return !words.dropFirst().contains { $0.first?.isUppercase == true }
    }

    /// The speaker before `verb` (or after it, `…, X said.`) and the words reported.
    static func candidate(_ sentence: String, verb: Range<Int>, from start: Int) -> ReportedSpeech.Candidate? {
        let bytes = Array(sentence.utf8)
        let verbText = sentence.utf8Slice(verb)
        let rest = sentence.utf8Slice(verb.upperBound..<bytes.count).trimmingCharacters(in: .whitespaces)
        let before = sentence.utf8Slice(start..<verb.lowerBound)
        // Postposed: `"…," he said.` — the verb closes the sentence.
        let postposed = rest.isEmpty || rest == "." || (rest.split(separator: " ").count <= 6 && !rest.contains("that"))
        var phraseRange: Range<Int>
        var quote: Range<Int>?
        if speechActs.contains(verbText), before.hasSuffix(" and "),
            let subject = relativeSubject(of: sentence, before: verb.lowerBound)
                ?? openingSubject(of: sentence, before: verb.lowerBound)
        {
            // `X, …, attended … and made a speech`: the sentence's subject speaks.
            let text = sentence.utf8Slice(subject)
            return ReportedSpeech.Candidate(
                speaker: text, resolution: resolution(text), speakerRange: subject, quote: nil, verb: verbText)
        }
        if postposed, let comma = before.range(of: ",", options: .backwards) {
            let commaOffset = start + before.utf8.distance(from: before.utf8.startIndex, to: comma.lowerBound)
            phraseRange = (commaOffset + 1)..<verb.lowerBound
            quote = sentence.trimmedQuote(start..<commaOffset)
        } else {
            phraseRange = speakerPhrase(before, offset: start)
            var quoteStart = verb.upperBound
            let after = sentence.utf8Slice(verb.upperBound..<bytes.count)
            for opener in [" that ", ": ", ", "] where after.hasPrefix(opener) {
                quoteStart += opener.utf8.count
                break
            }
            quote = sentence.trimmedQuote(quoteStart..<bytes.count)
        }
        guard var trimmed = sentence.trimmedQuote(phraseRange) else { return nil }
        // `The U.S.` keeps the full stop of its abbreviation; `And Biden` is Biden.
        if trimmed.upperBound < bytes.count, bytes[trimmed.upperBound] == 0x2E, trimmed.upperBound >= 1,
            (0x41...0x5A).contains(bytes[trimmed.upperBound - 1])
        {
            trimmed = trimmed.lowerBound..<(trimmed.upperBound + 1)
        }
        for conjunction in ["And ", "But ", "So ", "Also ", "Then ", "Yet "]
        where sentence.utf8Slice(trimmed).hasPrefix(conjunction) && trimmed.count > conjunction.utf8.count {
            trimmed = (trimmed.lowerBound + conjunction.utf8.count)..<trimmed.upperBound
        }
        phraseRange = trimmed
        // Drop trailing adverbs and auxiliaries: `Putin also` → `Putin`.
        while true {
            let text = sentence.utf8Slice(phraseRange)
            guard let space = text.utf8.lastIndex(of: 0x20) else { break }
            let last = String(text[text.index(after: space)...])
            guard trailing.contains(last.lowercased()) || last.hasSuffix("ly") else { break }
            let cut = phraseRange.lowerBound + text.utf8.distance(from: text.utf8.startIndex, to: space)
            guard let shorter = sentence.trimmedQuote(phraseRange.lowerBound..<cut) else { break }
            phraseRange = shorter
        }
        let words = sentence.utf8Slice(phraseRange).split(separator: " ").map(String.init)
        guard let first = words.first, words.count <= 14, phraseRange.count > 0 else { return nil }
        let lowered = words.map { $0.lowercased() }
        if lowered.contains(where: clauseWords.contains) { return nil }
        if ["a", "an", "the", "and", "or", "but"].contains(lowered.last!) { return nil }
        // A speaker phrase begins with a capital (`Russian President Putin`, `The spokesman`) or a pronoun.
        if firstPerson.contains(first.lowercased()) { return nil }
        // A speaker phrase begins with a capital (`Russian President Putin`, `The spokesman`), a
        // pronoun, or an article (`the premier`, `a spokesperson for the U.S. …`).
        guard
            first.first?.isUppercase == true || pronouns.contains(first.lowercased())
                || ["the", "a", "an"].contains(first.lowercased())
        else { return nil }
        if ["the", "a", "an"].contains(lowered[0]) || first == "The" || first == "A" || first == "An" {
            // An article opens a common noun: it speaks only if its head is a speaker's noun.
            let capitalisedName = words.dropFirst().contains { $0.first?.isUppercase == true }
            guard capitalisedName || lowered.contains(where: speakerNouns.contains) else { return nil }
        }
        let text = sentence.utf8Slice(phraseRange)
        return ReportedSpeech.Candidate(
            speaker: text, resolution: resolution(text), speakerRange: phraseRange, quote: quote, verb: verbText)
    }

    /// The name a relative clause hangs on (`… welcomed Sergei Shoigu, who arrived … and made a
    /// speech`): the capitalised words right before the last `, who` before `end`.
    static func relativeSubject(of sentence: String, before end: Int) -> Range<Int>? {
        let head = sentence.utf8Slice(0..<end)
        guard let who = head.range(of: ", who ", options: .backwards) else { return nil }
        let words = head[..<who.lowerBound].split(separator: " ").suffix(4)
        let name = words.reversed().prefix { $0.first?.isUppercase == true }.reversed()
        guard let first = name.first, let last = name.last, name.count >= 2 || !openers.contains(String(first)) else {
            return nil
        }
        let lower = head.utf8.distance(from: head.startIndex, to: first.startIndex)
        return lower..<head.utf8.distance(from: head.startIndex, to: last.endIndex)
    }

    /// The name that opens a sentence, after its dateline and a date (`Pyongyang, August 5 (KCNA)
    /// -- On August 4 Kim Jong Un, …`), if it opens before `end`.
    static func openingSubject(of sentence: String, before end: Int) -> Range<Int>? {
        let body = ReportedSpeech.withoutDateline(0..<sentence.utf8.count, in: sentence)
        let rest = sentence.utf8Slice(body)
        guard
            let match = openingSubjectPattern.firstMatch(
                in: rest, range: NSRange(location: 0, length: (rest as NSString).length)),
            let name = rest.utf8Offsets(match.range(at: 1))
        else { return nil }
        let subject = name.shifted(by: body.lowerBound)
        let first = sentence.utf8Slice(subject).split(separator: " ").first.map(String.init) ?? ""
        // A clause of its own before the verb (`…, who arrived … and made a speech`) has its own subject.
        let between = sentence.utf8Slice(subject.upperBound..<end)
        guard subject.upperBound < end, !openers.contains(first), !between.contains(", who"),
            !between.contains(", which")
        else { return nil }
        return subject
    }

    /// The phrase before a verb that could be its subject: the last comma-separated segment, or
    /// across an appositive (`Kim Jong Un, general secretary of the WPK, said`) the one before it.
    static func speakerPhrase(_ before: String, offset: Int) -> Range<Int> {
        var segments: [Range<Int>] = []
        var segmentStart = 0
        let bytes = Array(before.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x2C {
            segments.append(segmentStart..<index)
            segmentStart = index + 1
        }
        segments.append(segmentStart..<bytes.count)
        func isBlank(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] == 0x20 } }
        var chosen = segments[segments.count - 1]
        if isBlank(chosen), segments.count >= 3 {
            chosen = segments[segments.count - 3]
        } else if isBlank(chosen), segments.count == 2 {
            chosen = segments[0]
        }
        return (chosen.lowerBound + offset)..<(chosen.upperBound + offset)
    }
}
