import Foundation

/// The collocations of a scope and what they were computed on.
public struct CollocationTable: Sendable {
    /// The scope, in words.
    public var scope: String
    /// Articles read.
    public var documents: Int
    /// Sentences read (titles included).
    public var sentences: Int
    /// Content words in those sentences: the words n-grams are made of.
    public var words: Int
    /// n-gram positions by size: runs of n content words within a sentence, none crossing a
    /// particle, ending, punctuation or function word.
    public var positions: [Int: Int]
    /// The options used.
    public var options: CollocationOptions
    /// Expressions seen at least `minCount` times, all scored (before `limit`).
    public var scored: Int
    /// The kept rows, highest z first.
    public var rows: [Collocation]
}
