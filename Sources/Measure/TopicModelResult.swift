import Foundation

/// A topic model of a scope: its topics named by their top terms and most typical sentences,
/// how stable they are across random starts, every document's topic, and each topic's share
/// of the documents over time. The JSON keys (`sinmun topics --json`) are a contract:
/// `{"scope", "documents", "vocabulary", "topics", "seed", "stability", "refits", "chosenBy",
/// "candidates": [{"topics", "stability"}], "period", "periods", "undated",
/// "reconstructionError", "topicList": [{"id", "label", "terms": [{"term", "lemma", "pos",
/// "weight"}], "examples": [{"date", "title", "sentence"}], "documents", "share", "stability",
/// "perPeriod": [{"period", "documents", "count", "share", "lower", "upper"}]}],
/// "assignments": [{"article", "topic", "weight"}]}`.
public struct TopicModelResult: Codable, Sendable, Equatable {
    /// One term of a topic.
    public struct Term: Codable, Sendable, Equatable {
        /// The term index's key (`en:drone`, `ko:인공지능/NNG`).
        public var term: String
        /// The lemma as first printed.
        public var lemma: String
        /// The Sejong tag (`SL` for English).
        public var pos: String
        /// The term's share of the topic's term weights (a topic's weights over all its terms sum to 1).
        public var weight: Double
    }

    /// A topic's documents in one period.
    public struct PeriodShare: Codable, Sendable, Equatable {
        /// The period's key (`2024-Q3`).
        public var period: String
        /// Documents of the scope dated in the period (all topics).
        public var documents: Int
        /// Of those, the ones assigned to the topic.
        public var count: Int
        /// `count / documents`; absent when the period has no document (a gap, not a zero).
        public var share: Double?
        /// The 95% Wilson interval's lower bound of the share.
        public var lower: Double?
        /// Its upper bound.
        public var upper: Double?
    }

    /// One topic.
    public struct Topic: Codable, Sendable, Equatable {
        /// 1 for the topic holding the most documents, then 2 …
        public var id: Int
        /// Its three top lemmas joined by ` / `.
        public var label: String
        /// Its top terms, heaviest first.
        public var terms: [Term]
        /// Sentences of the documents weighing most on the topic that hold most of its top terms.
        public var examples: [KeynessRow.Example]
        /// Documents assigned to it.
        public var documents: Int
        /// Their share of all documents of the scope.
        public var share: Double
        /// The mean cosine similarity of its term vector with the matched topic of each further fit.
        public var stability: Double
        /// Its share of the documents of each period of `periods`, in order.
        public var perPeriod: [PeriodShare]
    }

    /// Which topic a document went to.
    public struct Assignment: Codable, Sendable, Equatable {
        /// The article's stable id (`article.uid`).
        public var article: String
        /// The topic's `id`.
        public var topic: Int
        /// The topic's share of the document's row of W (its weights over all topics sum to 1).
        public var weight: Double
    }

    /// The stability of one number of topics tried.
    public struct Candidate: Codable, Sendable, Equatable {
        /// The number of topics.
        public var topics: Int
        /// The mean matched cosine similarity over its further fits.
        public var stability: Double
    }

    /// The scope, as written.
    public var scope: String
    /// Analysed articles in the scope (the rows of the matrix).
    public var documents: Int
    /// Terms kept as columns.
    public var vocabulary: Int
    /// The number of topics.
    public var topics: Int
    /// The seed of the reported fit.
    public var seed: UInt64
    /// The mean cosine similarity of matched topics between the reported fit and the further fits.
    public var stability: Double
    /// How many further fits (from other seeds) stability is measured over.
    public var refits: Int
    /// `topics` when the number was given, `stability` when it was the most stable of `candidates`.
    public var chosenBy: String
    /// Every number of topics tried and its stability (one entry when the number was given).
    public var candidates: [Candidate]
    /// The period unit of the shares over time.
    public var period: Period
    /// The periods from the first dated document's to the last's, in order.
    public var periods: [String]
    /// Documents not counted in any period: undated, or dated too coarsely for the unit.
    public var undated: Int
    /// ‖X − WH‖ / ‖X‖ of the reported fit.
    public var reconstructionError: Double
    /// The topics, most documents first.
    public var topicList: [Topic]
    /// Every document's topic, in row order; only when asked for (it can be long).
    public var assignments: [Assignment]?
}
