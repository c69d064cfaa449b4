import Foundation

/// How a topic model is fitted and how much of it is reported.
public struct TopicOptions: Sendable, Equatable {
    /// The number of topics; nil chooses it among `candidates` by stability.
    public var topics: Int?
    /// The numbers of topics tried when `topics` is nil; the most stable is kept (ties to the larger).
    public var candidates: [Int]
    /// The period unit of the shares over time; nil picks it from the scope's span
    /// (``Period/fitting(from:to:)``).
    public var period: Period?
    /// The seed of the reported fit's random start.
    public var seed: UInt64
    /// Further fits, from seeds drawn from `seed`, whose topics are matched to the reported
    /// fit's to measure stability.
    public var stabilityRuns: Int
    /// At most this many terms (the most frequent) are columns of the matrix.
    public var vocabulary: Int
    /// A term must be in at least this many documents.
    public var minDocuments: Int
    /// A term must be in no more than this share of the documents.
    public var maxDocumentShare: Double
    /// Top terms reported per topic.
    public var terms: Int
    /// Example sentences per topic.
    public var examples: Int
    /// Whether every document's topic is listed.
    public var assignments: Bool
    /// Whether English function words (`the`, `of`) are columns too; they are left out by default.
    public var functionWords: Bool
    /// The most HALS sweeps of one fit.
    public var maxIterations: Int

    /// Options with the defaults `sinmun topics` uses.
    public init(
        topics: Int? = nil, candidates: [Int] = [5, 8, 10, 12], period: Period? = nil, seed: UInt64 = 1,
        stabilityRuns: Int = 3, vocabulary: Int = 5000, minDocuments: Int = 2, maxDocumentShare: Double = 0.5,
        terms: Int = 10, examples: Int = 3, assignments: Bool = false, functionWords: Bool = false,
        maxIterations: Int = 200
    ) {
        self.topics = topics
        self.candidates = candidates
        self.period = period
        self.seed = seed
        self.stabilityRuns = stabilityRuns
        self.vocabulary = vocabulary
        self.minDocuments = minDocuments
        self.maxDocumentShare = maxDocumentShare
        self.terms = terms
        self.examples = examples
        self.assignments = assignments
        self.functionWords = functionWords
        self.maxIterations = maxIterations
    }
}
