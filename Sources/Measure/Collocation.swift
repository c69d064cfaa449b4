import Foundation

/// One multi-word expression of a scope: its words, how often it occurs, its λ and z, and
/// sentences that use it. The JSON keys are a contract:
/// `{"collocation","lemmas","size","count","lambda","z","examples":[{"date","title","sentence"}]}`.
public struct Collocation: Codable, Sendable, Equatable {
    /// The expression in its most frequent printed form, words separated by spaces: Korean
    /// dictionary forms in the spelling printed (`조선로동당 중앙위원회`), English words as
    /// printed (`Kim Jong Un`, `ballistic missiles`).
    public var collocation: String
    /// The words as they are counted: Korean lemmas in one spelling (`노동`), English stems.
    public var lemmas: [String]
    /// How many words (2 to 4).
    public var size: Int
    /// Occurrences in the scope.
    public var count: Int
    /// λ, the n-way interaction of the expression's 2ⁿ table (``CollocationStatistics``).
    public var lambda: Double
    /// z = λ / σ, the Wald statistic the table is sorted by.
    public var z: Double
    /// Up to three sentences that use the expression, newest first, one per article; the
    /// match marks the words.
    public var examples: [KeynessRow.Example]

    /// A collocation from its parts.
    public init(
        collocation: String, lemmas: [String], size: Int, count: Int, lambda: Double, z: Double,
        examples: [KeynessRow.Example] = []
    ) {
        self.collocation = collocation
        self.lemmas = lemmas
        self.size = size
        self.count = count
        self.lambda = lambda
        self.z = z
        self.examples = examples
    }
}
