extension ChangeReport {
    /// The change point with the largest likelihood ratio (the first of equals), where a before/after test
    /// splits when no date is given; nil when the series has no change point.
    public var strongestChange: Change? { Self.strongest(among: changes) }

    /// The change with the largest likelihood ratio among `changes` (the first of equals): the one
    /// rule for "the strongest change point", for the CLI and the report alike.
    public static func strongest(among changes: [Change]) -> Change? {
        changes.max { $0.likelihoodRatio < $1.likelihoodRatio }
    }
}
