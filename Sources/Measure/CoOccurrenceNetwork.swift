import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

/// Which terms appear together in a code's evidence sentences, and how strongly: the
/// vocabulary around a concept as a network.
public struct CoOccurrenceNetwork: Codable, Sendable, Equatable {
    /// A term of the network.
    public struct Node: Codable, Sendable, Equatable {
        /// The term key (`ko:인공지능/NNG`, `en:drone`).
        public var term: String
        /// The lemma as printed.
        public var lemma: String
        /// Evidence sentences holding it.
        public var sentences: Int
    }

    /// Two terms and their association across the sentences.
    public struct Edge: Codable, Sendable, Equatable {
        /// One term's key.
        public var source: String
        /// The other term's key.
        public var target: String
        /// Sentences holding both.
        public var together: Int
        /// Pointwise mutual information, ln(n₁₂·N / (n₁·n₂)).
        public var pmi: Double
        /// Signed G² of the sentences' 2×2 table (holding one term × holding the other).
        public var g2: Double
    }

    /// The code whose evidence sentences were read.
    public var code: String
    /// The scope, as written.
    public var scope: String
    /// Distinct evidence sentences read.
    public var sentences: Int
    /// The measure edges are kept and weighted by (`g2` or `pmi`).
    public var measure: String
    /// Terms in at least one kept edge, most frequent first.
    public var nodes: [Node]
    /// The strongest positive associations, strongest first.
    public var edges: [Edge]
}

/// How a co-occurrence network is built.
public struct CoOccurrenceOptions: Sendable {
    /// `g2` (the default) or `pmi`.
    public var measure: KeynessMeasure
    /// A pair must share at least this many sentences.
    public var minCount: Int
    /// At most this many edges are kept.
    public var edges: Int

    /// Options with the defaults `sinmun cooccurrence` uses.
    public init(measure: KeynessMeasure = .g2, minCount: Int = 2, edges: Int = 40) {
        self.measure = measure
        self.minCount = minCount
        self.edges = edges
    }
}

extension TermIndexBackend {
    /// The co-occurrence network of a code's evidence sentences within a scope.
    public func coOccurrence(
        of code: String, codebook: Codebook, in scope: Scope, analyzer: WordAnalyzer,
        options: CoOccurrenceOptions = CoOccurrenceOptions()
    ) throws -> CoOccurrenceNetwork {
        let sentences = try evidenceSentences(of: code, codebook: codebook, in: scope)
        var lemmas: [String: String] = [:]
        var termSets: [Set<String>] = []
        for (sentence, language) in sentences {
            var terms: Set<String> = []
            for token in try analyzer.tokens(in: sentence, language: language)
            where TermExtraction.contentTags.contains(token.pos) {
                let english = token.pos == "SL"
                let fold = english ? token.lemma.lowercased() : TermExtraction.foldedLemma(token.lemma)
                guard fold.count > 1 || !english, !(english && FunctionWords.english.contains(fold)) else { continue }
                let key = english ? "en:" + fold : "ko:\(fold)/\(token.pos)"
                lemmas[key] = lemmas[key] ?? (english ? token.surface.lowercased() : token.lemma)
                terms.insert(key)
            }
            termSets.append(terms)
        }
        return Self.network(
            termSets, lemmas: lemmas, code: code, scope: scope.description, options: options)
    }

    /// Distinct evidence sentences of a code in a scope, with their edition language.
    func evidenceSentences(of code: String, codebook: Codebook, in scope: Scope) throws -> [(String, String)] {
        var filter = scope.filter
        filter.codebook = codebook.name
        filter.code = code
        let allowed: Set<String>? =
            scope.query != nil || scope.section != nil ? try articleUIDs(try articles(in: scope)) : nil
        var seen: Set<String> = []
        var sentences: [(String, String)] = []
        try codedArticles(codebook: codebook.name, filter: filter) { article in
            guard allowed?.contains(article.id) ?? true, let stored = article.codes[code] else { return }
            for evidence in stored.evidence where seen.insert(evidence.sentence).inserted {
                sentences.append((evidence.sentence, article.lang))
            }
        }
        return sentences
    }

    /// The network of sentence-level term sets: every pair counted once per sentence.
    static func network(
        _ termSets: [Set<String>], lemmas: [String: String], code: String, scope: String, options: CoOccurrenceOptions
    ) -> CoOccurrenceNetwork {
        var single: [String: Int] = [:]
        var pairs: [String: Int] = [:]
        for terms in termSets {
            let sorted = terms.sorted()
            for (i, a) in sorted.enumerated() {
                single[a, default: 0] += 1
                for b in sorted[(i + 1)...] { pairs[a + "\u{1F}" + b, default: 0] += 1 }
            }
        }
        let n = termSets.count
        var edges: [CoOccurrenceNetwork.Edge] = pairs.compactMap { key, together in
            guard together >= options.minCount else { return nil }
            let parts = key.split(separator: "\u{1F}").map(String.init)
            let (x, y) = (single[parts[0]]!, single[parts[1]]!)
            let pmi = log(Double(together) * Double(n) / (Double(x) * Double(y)))
            let g2 = KeynessStatistics.g2(a: together, b: y - together, targetTokens: x, referenceTokens: n - x)
            guard g2 > 0 else { return nil }
            return .init(source: parts[0], target: parts[1], together: together, pmi: pmi, g2: g2)
        }
        let weight: (CoOccurrenceNetwork.Edge) -> Double = { options.measure == .pmi ? $0.pmi : $0.g2 }
        edges.sort { (weight($0), $1.source, $1.target) > (weight($1), $0.source, $0.target) }
        edges = Array(edges.prefix(options.edges))
        let keys = Set(edges.flatMap { [$0.source, $0.target] })
        let nodes = keys.map { CoOccurrenceNetwork.Node(term: $0, lemma: lemmas[$0] ?? $0, sentences: single[$0] ?? 0) }
            .sorted { ($0.sentences, $1.term) > ($1.sentences, $0.term) }
        return CoOccurrenceNetwork(
            code: code, scope: scope, sentences: n, measure: options.measure == .pmi ? "pmi" : "g2", nodes: nodes,
            edges: edges)
    }
}
