import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

/// Terms that would extend a code, found in labelled examples: what the positives say that
/// the negatives do not, each with the precision and recall it would bring and the corpus
/// articles it would add. This is how an analyst extends a codebook without guessing.
///
/// Candidates are the words and word pairs of the positives (English) and every two to four
/// syllables inside a Korean word (the matcher finds Korean terms inside words, so a stem
/// such as `지능화` is a term). They are ranked by keyness (signed G², positives against
/// negatives, counted once per text); the strongest are then tried for real: each is added to
/// the code and the labelled texts are coded again, so precision and recall include the
/// code's context rules and exclusions.
public enum TermSuggestions {
    /// One proposed term.
    public struct Suggestion: Codable, Sendable {
        /// The term, as it would be written in the codebook.
        public var term: String
        /// Labelled positives that contain it.
        public var positives: Int
        /// Labelled negatives that contain it.
        public var negatives: Int
        /// Signed G² of the term in positives against negatives (texts, not tokens).
        public var g2: Double
        /// The code's precision, recall and F1 on the labels with the term added, with intervals.
        public var scores: AgreementStatistics.Scores
        /// The change in F1 the term brings (nil when either F1 is undefined).
        public var f1Change: Double?
        /// Corpus articles that contain the term, have every code the code requires, and lack
        /// the code today: the hits it would add (nil without a database).
        public var corpusArticles: Int?
        /// A positive sentence that contains it: the evidence.
        public var example: String
    }

    /// What `sinmun suggest` reports.
    public struct Report: Codable, Sendable {
        /// The code extended.
        public var code: String
        /// The label file.
        public var labels: String
        /// Labelled positives and negatives read.
        public var positives: Int
        /// Labelled negatives read.
        public var negatives: Int
        /// The code as it stands, on the same labels.
        public var baseline: AgreementStatistics.Scores
        /// The proposals, those that raise F1 most first.
        public var suggestions: [Suggestion]
        /// Labelled rows whose text could not be found.
        public var problems: [String]
    }

    /// A labelled text.
    struct Example {
        var title: String
        var body: String
        var positive: Bool
        var candidates: Set<String>
        /// The candidates found at the start of a word somewhere in the text.
        var initial: Set<String> = []
    }

    /// Proposes up to `limit` terms for `code` from `labels` (a sentence file, or article labels
    /// read from `store`), trying the `tried` strongest candidates.
    public static func suggest(
        code name: String, codebook: Codebook, labels: LabelSet, store: (any DashboardBackend)?,
        words: WordAnalyzer? = nil,
        limit: Int = 15, tried: Int = 60
    ) throws -> Report {
        guard let code = codebook.code(named: name) else {
            throw SuggestionError.unknownCode(name, known: codebook.codes.map(\.name))
        }
        let (examples, problems) = try self.examples(of: name, labels: labels.expanded(for: codebook), store: store)
        let positives = examples.filter(\.positive)
        guard !positives.isEmpty else { throw SuggestionError.noPositives(name, file: labels.file) }
        guard positives.count < examples.count else { throw SuggestionError.noNegatives(name, file: labels.file) }
        let coded = predictions(codebook, examples: examples, code: name, words: words, only: nil)
        let baseline = AgreementStatistics.scores(pairs: zip(coded, examples).map { ($0, $1.positive) })
        // Spaces out and lower-cased: a superset test of where a term can match.
        let squeezed = examples.map { ($0.title + " " + $0.body).lowercased().replacingOccurrences(of: " ", with: "") }
        var suggestions: [Suggestion] = []
        for (term, a, b, g) in ranked(examples, excluding: code).prefix(tried) {
            var extended = codebook
            extended.codes = codebook.codes.map { other in
                var copy = other
                if other.name == name { copy.patterns.append(.term(term)) }
                return copy
            }
            // Adding a term changes the coding only of the texts it can match.
            // (In any North or South spelling: `리용` is also found as `이용`.)
            let spellings = OrthographyFolding.variants(of: term.replacingOccurrences(of: " ", with: ""), limit: 16)
                .map { $0.lowercased() }
            let touched = Set(squeezed.indices.filter { index in spellings.contains { squeezed[index].contains($0) } })
            var predicted = coded
            for (index, value) in zip(
                touched.sorted(), predictions(extended, examples: examples, code: name, words: words, only: touched))
            {
                predicted[index] = value
            }
            let with = AgreementStatistics.scores(pairs: zip(predicted, examples).map { ($0, $1.positive) })
            guard with.truePositives > baseline.truePositives else { continue }
            let example =
                positives.first { $0.candidates.contains(term) }.map { sentence(containing: term, in: $0.body) } ?? ""
            suggestions.append(
                Suggestion(
                    term: term, positives: a, negatives: b, g2: g, scores: with,
                    f1Change: with.f1.flatMap { new in baseline.f1.map { new - $0 } ?? new },
                    corpusArticles: try store.map { try wouldAdd(term, to: code, store: $0, codebook: codebook) },
                    example: example))
        }
        suggestions.sort { ($0.f1Change ?? 0, $0.g2) > ($1.f1Change ?? 0, $1.g2) }
        return Report(
            code: name, labels: labels.file, positives: positives.count, negatives: examples.count - positives.count,
            baseline: baseline, suggestions: Array(suggestions.prefix(limit)), problems: problems + labels.problems)
    }

    /// The labelled texts for a code: a sentence file's rows, or articles read from `store`.
    static func examples(
        of name: String, labels: LabelSet, store: (any DashboardBackend)?
    ) throws -> ([Example], [String]) {
        var problems: [String] = []
        let examples = try labels.keys.compactMap { key -> Example? in
            guard let positive = labels.labels[key]?[name] else { return nil }
            if let row = labels.sentences[key] {
                let (all, initial) = candidates(in: row.text)
                return Example(title: "", body: row.text, positive: positive, candidates: all, initial: initial)
            }
            guard let store, let id = try store.articleID(address: key), let article = try store.article(id: id) else {
                problems.append("not in the corpus: \(key)")
                return nil
            }
            let (all, initial) = candidates(in: article.title + "\n" + article.body)
            return Example(
                title: article.title, body: article.body, positive: positive, candidates: all, initial: initial)
        }
        return (examples, problems)
    }

    /// Candidates more frequent in the positives than in the negatives (texts as the unit), by
    /// signed G², those the code has already left out; of overlapping candidates found in exactly
    /// the same texts, one: a run that begins a word (`숭고한`, not `고한`), a word rather than a
    /// pair of words, the longest of those.
    static func ranked(_ examples: [Example], excluding code: Code) -> [(String, Int, Int, Double)] {
        let positives = examples.filter(\.positive).count
        let negatives = examples.count - positives
        var inPositives: [String: Int] = [:]
        var inNegatives: [String: Int] = [:]
        for example in examples {
            for term in example.candidates {
                if example.positive { inPositives[term, default: 0] += 1 } else { inNegatives[term, default: 0] += 1 }
            }
        }
        let existing = Set(
            code.patterns.compactMap { pattern -> String? in
                if case .term(let term) = pattern { return term.lowercased().replacingOccurrences(of: " ", with: "") }
                return nil
            })
        let keyed = inPositives.compactMap { term, a -> (String, Int, Int, Double)? in
            let b = inNegatives[term] ?? 0
            guard a >= min(2, positives), !existing.contains(term.lowercased().replacingOccurrences(of: " ", with: ""))
            else { return nil }
            let g = KeynessStatistics.g2(a: a, b: b, targetTokens: positives, referenceTokens: max(negatives, 1))
            return g > 0 ? (term, a, b, g) : nil
        }
        let initial = examples.reduce(into: Set<String>()) { $0.formUnion($1.initial) }
        var bySignature: [[Int]: [(String, Int, Int, Double)]] = [:]
        for candidate in keyed {
            let signature = examples.indices.filter { examples[$0].candidates.contains(candidate.0) }
            bySignature[signature, default: []].append(candidate)
        }
        var kept: [(String, Int, Int, Double)] = []
        for group in bySignature.values {
            // Overlapping runs in the same texts (`숭고`, `숭고한`, `고한`) are one proposal.
            var chosen: [(String, Int, Int, Double)] = []
            // A run that begins a word first, a word before a pair of words, then the longest.
            func before(_ a: String, _ b: String) -> Bool {
                let x = (initial.contains(a) ? 1 : 0, a.contains(" ") ? 0 : 1, a.count)
                let y = (initial.contains(b) ? 1 : 0, b.contains(" ") ? 0 : 1, b.count)
                return x != y ? x > y : a < b
            }
            for candidate in group.sorted(by: { before($0.0, $1.0) })
            where !chosen.contains(where: { $0.0.contains(candidate.0) || candidate.0.contains($0.0) }) {
                chosen.append(candidate)
            }
            kept += chosen
        }
        return kept.sorted { ($0.3, $0.1, $1.0) > ($1.3, $1.1, $0.0) }
    }

    /// Whether `codebook` gives the code to each example (to those of `only`, in order, if given).
    static func predictions(
        _ codebook: Codebook, examples: [Example], code: String, words: WordAnalyzer?, only: Set<Int>?
    ) -> [Bool] {
        let coder = ArticleCoder(codebook: codebook, words: words)
        let indices = only.map { $0.sorted() } ?? Array(examples.indices)
        return indices.map { index in
            coder.code(title: examples[index].title, body: examples[index].body).contains { $0.code == code }
        }
    }

    /// Candidate terms of a text: Korean syllable runs of two to four inside each word, English
    /// content words and pairs of them (lower-cased), numbers and function words left out.
    static func candidates(in text: String) -> (all: Set<String>, initial: Set<String>) {
        var found: Set<String> = []
        var initial: Set<String> = []
        var previous: String?
        for token in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let word = String(token)
            if word.unicodeScalars.allSatisfy(Hangul.isSyllable) {
                let syllables = Array(word)
                for length in 2...4 where length <= syllables.count {
                    for start in 0...(syllables.count - length) {
                        found.insert(String(syllables[start..<(start + length)]))
                    }
                    initial.insert(String(syllables[0..<length]))
                }
                previous = nil
            } else if word.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) {
                let lower = word.lowercased()
                guard lower.count >= 3, !FunctionWords.english.contains(lower) else {
                    previous = nil
                    continue
                }
                found.insert(lower)
                initial.insert(lower)
                if let previous {
                    found.insert(previous + " " + lower)
                    initial.insert(previous + " " + lower)
                }
                previous = lower
            } else {
                previous = nil
            }
        }
        return (found, initial)
    }

    /// The sentence of `text` that holds `term`, for evidence.
    static func sentence(containing term: String, in text: String) -> String {
        for range in SentenceSplitter.sentences(in: text) where text[range].lowercased().contains(term) {
            return String(text[range])
        }
        return ""
    }

    /// Corpus articles with the term and every code the code requires, that lack the code now.
    static func wouldAdd(_ term: String, to code: Code, store: any DashboardBackend, codebook: Codebook) throws -> Int {
        var matching = try store.articlesMatching(SearchQuery(typed: "\"" + term + "\""))
        for required in code.articleRequires {
            matching.formIntersection(try store.articlesWithCode(required, codebook: codebook.name).keys)
        }
        let already = try store.articlesWithCode(code.name, codebook: codebook.name)
        return matching.filter { already[$0] == nil }.count
    }
}

/// Why terms cannot be suggested.
public enum SuggestionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The codebook has no such code.
    case unknownCode(String, known: [String])
    /// The label file has no positive for the code.
    case noPositives(String, file: String)
    /// The label file has no negative for the code.
    case noNegatives(String, file: String)

    /// The message, as `sinmun suggest` prints it.
    public var description: String {
        switch self {
        case .unknownCode(let code, let known):
            return "unknown code '\(code)'; known: \(known.joined(separator: ", "))"
        case .noPositives(let code, let file):
            return "\(file): no row labels '\(code)' as present, so nothing separates positives from negatives"
        case .noNegatives(let code, let file):
            return "\(file): every row labels '\(code)' as present; label some texts without it too"
        }
    }
}
