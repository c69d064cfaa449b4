import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

/// Applies a codebook to articles: finds every pattern in one pass per field, splits the
/// text into sentences, applies exclusions and context rules, and rolls sentence hits up to
/// an article-level level with the evidence sentences kept.
public struct ArticleCoder: @unchecked Sendable {
    // NSRegularExpression is immutable once built and safe to share; @unchecked for it.

    /// The codebook applied.
    public let codebook: Codebook
    /// How many evidence sentences are kept per code and article.
    public var evidenceLimit = 5

    struct Target: Hashable {
        var code: Int
        var exclusion: Bool
        /// Only where the match does not follow a Hangul syllable: the regex form
        /// `(?<![가-힣])이란`, run in the automaton instead of ICU (it is reachable in every
        /// Korean article, and ICU cost a tenth of coding time).
        var afterNonHangul = false
    }

    let korean: MultiPatternMatcher
    let koreanTargets: [[Target]]
    let latin: MultiPatternMatcher
    let latinTargets: [[Target]]
    let acronyms: MultiPatternMatcher
    let acronymTargets: [[Target]]
    let expressions: [(NSRegularExpression, Target)]
    /// Per code, the indices of the codes its rules name.
    let requirements: [(article: [Int], context: [Int]?)]
    let codesWithExpressions: Set<Int>
    /// Lemma patterns by folded lemma: the tag each requires (nil: any) and its target.
    let lemmaTargets: [String: [(pos: String?, target: Target)]]
    /// Reads words for lemma patterns; nil when the codebook names none.
    let words: WordAnalyzer?
    /// The actors' names, for telling who speaks.
    let catalogue: SpeakerCatalogue
    /// The concept codes' indices: quotes are looked for where one of them has hits.
    let conceptCodes: [Int]
    /// Whether the codebook has actor codes, so quotes matter.
    let attributes: Bool
    /// Each code's index in the codebook, by name.
    let codeIndex: [String: Int]

    /// A coder for `codebook`. `words` reads the words that lemma patterns need; without it, a
    /// codebook that names lemmas finds none of them.
    public init(codebook: Codebook, words: WordAnalyzer? = nil) {
        self.codebook = codebook
        self.words = codebook.usesLemmas ? words : nil
        var lemmaTargets: [String: [(pos: String?, target: Target)]] = [:]
        var koreanPatterns: [String: [Target]] = [:]
        var latinPatterns: [String: [Target]] = [:]
        var acronymPatterns: [String: [Target]] = [:]
        var koreanOrder: [String] = []
        var latinOrder: [String] = []
        var acronymOrder: [String] = []
        var expressions: [(NSRegularExpression, Target)] = []
        func add(_ pattern: String, _ target: Target, to table: inout [String: [Target]], order: inout [String]) {
            if table[pattern] == nil { order.append(pattern) }
            if !(table[pattern] ?? []).contains(target) { table[pattern, default: []].append(target) }
        }
        for (index, code) in codebook.codes.enumerated() {
            for (patterns, exclusion) in [(code.patterns, false), (code.exclusions, true)] {
                let target = Target(code: index, exclusion: exclusion)
                for pattern in patterns {
                    switch pattern {
                    case .term(let term):
                        if term.unicodeScalars.contains(where: Hangul.isHangul) {
                            for variant in Self.koreanVariants(term) {
                                add(variant, target, to: &koreanPatterns, order: &koreanOrder)
                            }
                        } else if Self.isAcronym(term) {
                            add(term, target, to: &acronymPatterns, order: &acronymOrder)
                        } else {
                            for form in Self.englishForms(term) {
                                add(form, target, to: &latinPatterns, order: &latinOrder)
                            }
                        }
                    case .lemma(let lemma, let pos):
                        lemmaTargets[TermExtraction.foldedLemma(lemma), default: []].append((pos, target))
                    case .glob(let glob):
                        if let expression = Self.expression(forGlob: glob) { expressions.append((expression, target)) }
                    case .regex(let source):
                        if let literal = Self.literalAfterNonHangul(source) {
                            var guarded = target
                            guarded.afterNonHangul = true
                            add(literal, guarded, to: &koreanPatterns, order: &koreanOrder)
                        } else if let expression = try? NSRegularExpression(pattern: source) {
                            expressions.append((expression, target))
                        }
                    }
                }
            }
        }
        korean = MultiPatternMatcher(
            patterns: koreanOrder, wordBoundaries: koreanOrder.map { _ in false }, options: .ignoreSpaces)
        koreanTargets = koreanOrder.map { koreanPatterns[$0]! }
        latin = MultiPatternMatcher(
            patterns: latinOrder, wordBoundaries: latinOrder.map { _ in true }, options: .caseInsensitive)
        latinTargets = latinOrder.map { latinPatterns[$0]! }
        acronyms = MultiPatternMatcher(patterns: acronymOrder, wordBoundaries: acronymOrder.map { _ in true })
        acronymTargets = acronymOrder.map { acronymPatterns[$0]! }
        self.expressions = expressions
        let positionOf = Dictionary(uniqueKeysWithValues: codebook.codes.enumerated().map { ($1.name, $0) })
        codeIndex = positionOf
        requirements = codebook.codes.map { code in
            (
                code.articleRequires.compactMap { positionOf[$0] },
                code.context.map { $0.codes.compactMap { positionOf[$0] } }
            )
        }
        codesWithExpressions = Set(expressions.lazy.filter { !$0.1.exclusion }.map(\.1.code))
        self.lemmaTargets = lemmaTargets
        catalogue = codebook.speakerCatalogue
        conceptCodes = codebook.codes.indices.filter { codebook.codes[$0].group == .concept }
        attributes = codebook.codes.contains { $0.group == .actor }
    }

    // MARK: - Pattern forms

    /// The Hangul literal of a regex `(?<![가-힣])LITERAL`, which the automaton can run with a
    /// check of the preceding syllable; nil for any other regex.
    static func literalAfterNonHangul(_ source: String) -> String? {
        let prefix = "(?<![가-힣])"
        guard source.hasPrefix(prefix) else { return nil }
        let literal = source.dropFirst(prefix.count)
        guard !literal.isEmpty, literal.unicodeScalars.allSatisfy({ (0xAC00...0xD7A3).contains($0.value) }) else {
            return nil
        }
        return String(literal)
    }

    /// North/South spellings of each word of a Korean term, its spaces kept: the matcher skips
    /// them, and knows from them that the term was written spaced (`당 제9차대회`).
    public static func koreanVariants(_ term: String) -> [String] {
        var combined: [String] = [""]
        for word in term.split(separator: " ") {
            let options = OrthographyFolding.variants(of: String(word), limit: 16)
            combined = Array(
                combined.flatMap { prefix in options.map { prefix.isEmpty ? $0 : prefix + " " + $0 } }.prefix(64))
        }
        return combined
    }

    /// A term in capitals (`AI`, `ROK`, `U.S.`) is matched case-sensitively.
    public static func isAcronym(_ term: String) -> Bool {
        let letters = term.filter(\.isLetter)
        return !letters.isEmpty && letters.allSatisfy(\.isUppercase)
    }

    /// The term and the plural of its last word.
    public static func englishForms(_ term: String) -> [String] {
        guard let last = term.split(separator: " ").last, last.allSatisfy(\.isLetter), last.count > 2 else {
            return [term]
        }
        let lower = last.lowercased()
        let plural: String
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") {
            plural = term + "es"
        } else if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            plural = String(term.dropLast()) + "ies"
        } else {
            plural = term + "s"
        }
        return [term, plural]
    }

    /// `intelligen*` → letters after the stem; whole words for Latin, anywhere for Hangul.
    static func expression(forGlob glob: String) -> NSRegularExpression? {
        let escaped = NSRegularExpression.escapedPattern(for: glob).replacingOccurrences(
            of: "\\*", with: "[\\p{L}\\p{N}]*")
        let isLatin = !glob.unicodeScalars.contains(where: Hangul.isHangul)
        let pattern = isLatin ? "(?<![\\p{L}\\p{N}])" + escaped + "(?![\\p{L}\\p{N}])" : escaped
        return try? NSRegularExpression(pattern: pattern, options: isLatin ? [.caseInsensitive] : [])
    }

    // MARK: - Coding

    struct Sentence {
        var field: Int  // 0 title, 1 body
        var start: Int
        var end: Int
    }

    struct Hit {
        var code: Int
        var exclusion: Bool
        var field: Int
        var range: Range<Int>
    }

    /// Which codes could still be assigned given the codes that have hits: a code needs hits
    /// of its own, every code it requires, and one of its context codes (dependency order).
    func assignable(_ withHits: Set<Int>) -> [Bool] {
        var result = [Bool](repeating: false, count: requirements.count)
        for (index, requirement) in requirements.enumerated() {
            result[index] =
                withHits.contains(index)
                && requirement.article.allSatisfy { result[$0] }
                && (requirement.context.map { $0.contains { result[$0] } } ?? true)
        }
        return result
    }

    /// Codes one article. Returns the codes it earns, in codebook order.
    public func code(title: String, body: String) -> [StoredCode] {
        coding(title: title, body: body).codes
    }

    /// Codes one article and finds its reported speech: the codes it earns, in codebook
    /// order, and, where a concept code has hits, the quotes, whose speakers also earn actor
    /// codes (`그는 …고 강조하였다` after `김정은` is Kim Jong Un's).
    public func coding(title: String, body: String) -> ArticleCoding {
        let fields = [title, body]
        var hits = automatonHits(fields)
        if let words, !lemmaTargets.isEmpty { hits += lemmaHits(fields, words) }
        if !expressions.isEmpty { addExpressionHits(fields, to: &hits) }
        // Most articles earn nothing: stop before splitting sentences unless some code has
        // hits and so do all the codes it requires (the codebook is in dependency order).
        let withHits = Set(hits.lazy.filter { !$0.exclusion }.map(\.code))
        guard assignable(withHits).contains(true) else { return ArticleCoding(codes: []) }
        let sentences = Self.sentences(title: title, body: body)
        guard !sentences.isEmpty else { return ArticleCoding(codes: []) }
        // Reported speech only where a concept is coded: the quotes the study needs, found once
        // the concept's level is known and before the actors' (whose speakers it adds).
        let speech: (() -> [ReportedSpeech.Quote])? =
            attributes
            ? {
                let bodySentences = sentences.filter { $0.field == 1 }.map { $0.start..<$0.end }
                return ReportedSpeech.quotes(in: body, sentences: bodySentences, catalogue: catalogue)
            } : nil
        let (codes, conceptHits, quotes) = rollUp(
            candidates(hits, in: sentences), sentences: sentences, fields: fields, speech: speech)
        return ArticleCoding(codes: codes, quotes: stored(quotes, body: body, conceptHits: conceptHits))
    }

    /// Every pattern of the automata, once per field.
    func automatonHits(_ fields: [String]) -> [Hit] {
        var hits: [Hit] = []
        for (fieldIndex, text) in fields.enumerated() where !text.isEmpty {
            var copy = text
            copy.withUTF8 { bytes in
                // A pass only where its script occurs: no Hangul lead byte, no Korean pass; no
                // ASCII letter, no English pass (one cheap scan saves an automaton pass).
                let (hasHangul, hasLatin) = ScriptScan.hangulAndLatin(in: bytes)
                func run(_ matcher: MultiPatternMatcher, _ targets: [[Target]]) {
                    guard !matcher.patterns.isEmpty else { return }
                    matcher.forEachMatch(in: bytes) { match in
                        for target in targets[match.pattern] {
                            if target.afterNonHangul && Hangul.syllableEnds(at: match.range.lowerBound, in: bytes) {
                                continue
                            }
                            hits.append(
                                Hit(
                                    code: target.code, exclusion: target.exclusion, field: fieldIndex,
                                    range: match.range))
                        }
                    }
                }
                if hasHangul { run(korean, koreanTargets) }
                if hasLatin {
                    run(latin, latinTargets)
                    run(acronyms, acronymTargets)
                }
            }
        }
        return hits
    }

    /// Adds the hits of regular expressions (and globs). They are slow next to the automata
    /// (Foundation's ICU engine): a code's expressions run only where the code can still be
    /// assigned, that is where every code it requires has a hit or expressions of its own;
    /// exclusions only where the code has hits. In the ai-discourse codebook this skips them in
    /// ~95% of articles.
    func addExpressionHits(_ fields: [String], to hits: inout [Hit]) {
        let automatonHits = Set(hits.lazy.filter { !$0.exclusion }.map(\.code))
        let reachable = assignable(automatonHits.union(codesWithExpressions))
        for exclusionPass in [false, true] {
            let withHits = Set(hits.lazy.filter { !$0.exclusion }.map(\.code))
            for (expression, target) in expressions where target.exclusion == exclusionPass {
                // An exclusion matters only for a code that has hits and can still be assigned.
                guard reachable[target.code], !exclusionPass || withHits.contains(target.code) else { continue }
                for (fieldIndex, text) in fields.enumerated() where !text.isEmpty {
                    let nsText = text as NSString
                    for result in expression.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
                        guard let range = Range(result.range, in: text), !range.isEmpty else { continue }
                        let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
                        let end = start + text.utf8.distance(from: range.lowerBound, to: range.upperBound)
                        hits.append(
                            Hit(code: target.code, exclusion: target.exclusion, field: fieldIndex, range: start..<end))
                    }
                }
            }
        }
    }

    /// The sentences of an article: the title is one; the body's are found paragraph by
    /// paragraph. Offsets are UTF-8 bytes into their field.
    static func sentences(title: String, body: String) -> [Sentence] {
        var sentences: [Sentence] = []
        if !title.isEmpty { sentences.append(Sentence(field: 0, start: 0, end: title.utf8.count)) }
        let utf8 = body.utf8
        for paragraph in body.split(separator: "\n") {
            let paragraphText = String(paragraph)
            let base = utf8.distance(from: utf8.startIndex, to: paragraph.startIndex)
            for range in SentenceSplitter.sentences(in: paragraphText) {
                let start = base + paragraphText.utf8.distance(from: paragraphText.startIndex, to: range.lowerBound)
                let end = base + paragraphText.utf8.distance(from: paragraphText.startIndex, to: range.upperBound)
                sentences.append(Sentence(field: 1, start: start, end: end))
            }
        }
        return sentences
    }

    /// A hit placed in its sentence (an index into the article's sentences).
    typealias PlacedHit = (sentence: Int, range: Range<Int>)

    /// Per code, its hits that no exclusion of the code covers, each placed in its sentence.
    func candidates(_ hits: [Hit], in sentences: [Sentence]) -> [[PlacedHit]] {
        func sentenceIndex(_ hit: Hit) -> Int? {
            sentences.firstIndex {
                $0.field == hit.field && $0.start <= hit.range.lowerBound && hit.range.upperBound <= $0.end
            }
        }
        var candidate = [[PlacedHit]](repeating: [], count: codebook.codes.count)
        let exclusions = hits.filter(\.exclusion)
        for hit in hits where !hit.exclusion {
            if exclusions.contains(where: {
                $0.code == hit.code && $0.field == hit.field && $0.range.overlaps(hit.range)
            }) {
                continue
            }
            guard let index = sentenceIndex(hit) else { continue }
            candidate[hit.code].append((index, hit.range))
        }
        return candidate
    }

    /// Applies the codes' rules in dependency order (the codebook is ordered so) — required
    /// codes, context — and rolls each code's qualifying sentences up to a level, with evidence.
    func rollUp(
        _ candidate: [[PlacedHit]], sentences: [Sentence], fields: [String],
        speech: (() -> [ReportedSpeech.Quote])? = nil
    ) -> (codes: [StoredCode], conceptHits: [PlacedHit], quotes: [ReportedSpeech.Quote]) {
        var candidate = candidate
        var quotes: [ReportedSpeech.Quote] = []
        var spoken = false
        let codeCount = codebook.codes.count
        var qualified = [[PlacedHit]](repeating: [], count: codeCount)
        var levels = [String?](repeating: nil, count: codeCount)
        var results: [StoredCode] = []
        for (index, code) in codebook.codes.enumerated() {
            if code.group == .actor, !spoken, let speech, conceptCodes.contains(where: { levels[$0] != nil }) {
                spoken = true
                quotes = speech()
                addSpeakerHits(quotes, sentences: sentences, to: &candidate)
            }
            if code.articleRequires.contains(where: { levels[codeIndex[$0]!] == nil }) { continue }
            var kept = candidate[index]
            if let rule = code.context {
                let others = rule.codes.flatMap { qualified[codeIndex[$0]!] }
                kept = kept.filter { hit in
                    others.contains { other in
                        abs(other.sentence - hit.sentence) <= rule.sentences
                            && (rule.words == nil || other.sentence != hit.sentence
                                || wordDistance(hit.range, other.range, text: fields[sentences[hit.sentence].field])
                                    <= rule.words!)
                    }
                }
            }
            qualified[index] = kept
            let hitSentences = Set(kept.map(\.sentence))
            guard hitSentences.count >= code.rollup.mentionSentences else { continue }
            let titleHit = sentences[0].field == 0 && hitSentences.contains(0)
            let share = Double(hitSentences.count) / Double(sentences.count)
            let focus =
                (code.rollup.focusOnTitle && titleHit) || hitSentences.count >= code.rollup.focusSentences
                || share >= code.rollup.focusShare
            levels[index] = focus ? "focus" : "mention"
            var order = hitSentences.sorted()
            var links: [Int: ActorLink] = [:]
            if code.group == .actor {
                // The concept the actor's rules name, else the codebook's concept codes.
                let named = (code.context?.codes ?? code.articleRequires).compactMap { codeIndex[$0] }
                let concept = (named.isEmpty ? conceptCodes : named).flatMap { qualified[$0] }
                for sentence in order {
                    links[sentence] = link(
                        of: index, in: sentence, hits: kept, concept: concept, quotes: quotes, sentences: sentences,
                        fields: fields)
                }
                // The evidence an analyst quotes is the strongest link first: the actor speaking
                // on the concept, then as the subject of a concept sentence, then named nearby.
                order.sort { (links[$0]!.rawValue, $0) < (links[$1]!.rawValue, $1) }
            }
            let evidence = order.prefix(evidenceLimit).map { sentenceIndex -> StoredEvidence in
                let sentence = sentences[sentenceIndex]
                let text = fields[sentence.field]
                let matches = kept.filter { $0.sentence == sentenceIndex && !$0.range.isEmpty }.map(\.range)
                var evidence = StoredEvidence(
                    field: sentence.field == 0 ? "title" : "body", start: sentence.start, end: sentence.end,
                    sentence: text.utf8Slice(sentence.start..<sentence.end),
                    matches: Highlighter.merged(matches).map {
                        StoredEvidence.Match(start: $0.lowerBound, end: $0.upperBound, text: text.utf8Slice($0))
                    })
                evidence.link = links[sentenceIndex].map { "\($0)" }
                return evidence
            }
            results.append(
                StoredCode(
                    code: code.name, level: focus ? "focus" : "mention", score: share, hits: hitSentences.count,
                    evidence: evidence, link: order.first.flatMap { links[$0] }.map { "\($0)" }))
        }
        // An actor with no rule may come before the concept: its quotes are still kept.
        if !spoken, let speech, conceptCodes.contains(where: { levels[$0] != nil }) { quotes = speech() }
        let conceptHits = conceptCodes.flatMap { qualified[$0] }
        return (results, conceptHits, quotes)
    }

    /// Hits of lemma patterns: every term occurrence (words, compounds, derived verbs) whose
    /// folded lemma and tag a pattern names.
    func lemmaHits(_ fields: [String], _ words: WordAnalyzer) -> [Hit] {
        var hits: [Hit] = []
        for (fieldIndex, text) in fields.enumerated() where !text.isEmpty {
            // Without the Korean analyser a Korean field yields no lemma hits (the caller
            // checked the analyser before coding with Korean lemmas).
            guard let tokens = try? words.tokens(in: text) else { continue }
            for occurrence in TermExtraction.occurrences(tokens, text: text) {
                guard let targets = lemmaTargets[occurrence.fold] else { continue }
                for (pos, target) in targets where pos == nil || pos == occurrence.pos {
                    hits.append(
                        Hit(code: target.code, exclusion: target.exclusion, field: fieldIndex, range: occurrence.range))
                }
            }
        }
        return hits
    }

    /// Words between two ranges of the same text (spaces crossed).
    func wordDistance(_ a: Range<Int>, _ b: Range<Int>, text: String) -> Int {
        let lower = min(a.upperBound, b.upperBound)
        let upper = max(a.lowerBound, b.lowerBound)
        guard lower < upper else { return 0 }
        let bytes = Array(text.utf8)[lower..<upper]
        var words = 0
        var inSpace = false
        for byte in bytes {
            if byte == 0x20 {
                if !inSpace { words += 1 }
                inSpace = true
            } else {
                inSpace = false
            }
        }
        return max(0, words - 1)
    }
}
