import Foundation

/// Which collocations are scored and how many are kept.
public struct CollocationOptions: Sendable, Equatable {
    /// The sizes scored, in words (within 2...4; 2 by default, as quanteda's); all sizes are
    /// ranked in one table by z, where longer expressions score lower (a 3- or 4-way
    /// interaction is estimated less precisely), so ask for a size alone to rank its expressions.
    public var sizes: ClosedRange<Int>
    /// Expressions seen fewer times are not scored.
    public var minCount: Int
    /// How many rows to keep, highest z first; 0 keeps every scored expression.
    public var limit: Int
    /// Example sentences per kept row.
    public var examples: Int

    /// Options with the defaults `sinmun collocations` uses.
    public init(sizes: ClosedRange<Int> = 2...2, minCount: Int = 5, limit: Int = 30, examples: Int = 3) {
        self.sizes = sizes
        self.minCount = minCount
        self.limit = limit
        self.examples = examples
    }

    /// The sizes the statistics are computed for.
    public static let supportedSizes = 2...4
}
