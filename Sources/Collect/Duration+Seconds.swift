extension Duration {
    /// The duration in seconds, for reports, crawl summaries and benchmarks.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
