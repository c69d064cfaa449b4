import Foundation
import SinmunRead
import SinmunStore

/// How an actor code's evidence sentence links the actor to the concept, strongest first.
public enum ActorLink: Int, Sendable, CustomStringConvertible, CaseIterable {
    /// The actor is quoted on the concept: the concept is in their reported words.
    case speaks
    /// The actor is the subject of a concept sentence (or speaks in it on something else).
    case subject
    /// The actor is named near the concept, no more.
    case mentioned

    /// `speaks`, `subject` or `mentioned`, as stored and printed.
    public var description: String {
        switch self {
        case .speaks: return "speaks"
        case .subject: return "subject"
        case .mentioned: return "mentioned"
        }
    }
}

extension ArticleCoder {
    /// Adds, for every quote whose speaker belongs to an actor, a hit of that actor in the
    /// quote's sentence: a pronoun speaker (`그는`, `he`) counts for the actor it stands for.
    func addSpeakerHits(_ quotes: [ReportedSpeech.Quote], sentences: [Sentence], to candidate: inout [[PlacedHit]]) {
        for quote in quotes {
            guard let actor = quote.actor, let code = codeIndex[actor],
                let sentence = sentences.firstIndex(where: { $0.field == 1 && $0.start == quote.sentence.lowerBound })
            else { continue }
            // A name outside the sentence (the antecedent of a pronoun) marks nothing in it.
            let range =
                quote.speakerRange.flatMap { quote.sentence.contains($0.lowerBound) ? $0 : nil }
                ?? quote.sentence.lowerBound..<quote.sentence.lowerBound
            if !candidate[code].contains(where: { $0.sentence == sentence && $0.range.overlaps(range) }) {
                candidate[code].append((sentence, range))
            }
        }
    }

    /// How sentence `sentence` links actor code `code` to the concept (`concept`: the concept's
    /// qualified hits).
    func link(
        of code: Int, in sentence: Int, hits: [PlacedHit], concept: [PlacedHit], quotes: [ReportedSpeech.Quote],
        sentences: [Sentence], fields: [String]
    ) -> ActorLink {
        let place = sentences[sentence]
        let name = codebook.codes[code].name
        let spoken = quotes.filter { $0.actor == name && place.field == 1 && $0.sentence.lowerBound == place.start }
        let conceptHere = concept.filter { $0.sentence == sentence }
        if spoken.contains(where: { quote in
            guard let words = quote.quote else { return false }
            return conceptHere.contains { words.overlaps($0.range) }
        }) {
            return .speaks
        }
        guard !conceptHere.isEmpty else { return .mentioned }
        if !spoken.isEmpty { return .subject }
        let text = fields[place.field]
        let own = hits.filter { $0.sentence == sentence && !$0.range.isEmpty }
        return own.contains { Self.isSubject($0.range, in: text, sentence: place.start..<place.end) }
            ? .subject : .mentioned
    }

    /// Whether a name at `range` is the subject of its clause: in Korean, its word ends in a
    /// subject or topic particle (`뿌찐은`, `미국이`); in English, it opens its clause and a
    /// verb follows it (`The U.S. is …`, `Russian President Putin visited …`).
    static func isSubject(_ range: Range<Int>, in text: String, sentence: Range<Int>) -> Bool {
        let after = text.utf8Slice(range.upperBound..<sentence.upperBound)
        let before = text.utf8Slice(sentence.lowerBound..<range.lowerBound)
        if text.utf8Slice(range).unicodeScalars.contains(where: Hangul.isSyllable) {
            let word = after.prefix { !$0.isWhitespace && $0 != "," && $0 != "." }
            return ["은", "는", "이", "가", "께서", "께서는", "측은", "측이", "도"].contains { word.hasSuffix($0) }
                && !word.hasSuffix("들이") && word.count <= 6
        }
        // English: nothing but capitalised words, `the` or `of` since the clause began ...
        let clause = before.split(whereSeparator: { ",;:".contains($0) }).last.map(String.init) ?? before
        let opening = clause.split(separator: " ").allSatisfy { word in
            word.first?.isUppercase == true || ["the", "of", "and", "'s"].contains(word.lowercased())
        }
        guard opening else { return false }
        // ... and a verb after the name and any title words.
        let next = after.split(separator: " ").first { $0.first?.isUppercase != true }?.lowercased() ?? ""
        let verbs: Set<String> = [
            "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should", "must",
            "may", "might", "does", "did", "also", "now", "then", "still",
        ]
        return verbs.contains(next) || (next.count > 3 && (next.hasSuffix("ed") || next.hasSuffix("es")))
    }

    /// The quotes as stored, with whether the concept is among the reported words.
    func stored(_ quotes: [ReportedSpeech.Quote], body: String, conceptHits: [PlacedHit]) -> [StoredQuote] {
        quotes.map { quote in
            let inQuote = quote.quote.map { words in conceptHits.contains { words.overlaps($0.range) } } ?? false
            return StoredQuote(
                speaker: quote.speaker, resolution: quote.resolution.rawValue, actor: quote.actor, field: "body",
                sentenceStart: quote.sentence.lowerBound, sentenceEnd: quote.sentence.upperBound,
                sentence: body.utf8Slice(quote.sentence), quoteStart: quote.quote?.lowerBound,
                quoteEnd: quote.quote?.upperBound, quote: quote.quote.map { body.utf8Slice($0) },
                speakerStart: quote.speakerRange?.lowerBound, speakerEnd: quote.speakerRange?.upperBound,
                verb: quote.verb, conceptInQuote: inQuote)
        }
    }
}
