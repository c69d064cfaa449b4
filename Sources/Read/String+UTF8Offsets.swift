extension String {
    /// The String indices of a range of UTF-8 byte offsets (the offsets matches, tokens and
    /// evidence carry).
    public func utf8Range(_ range: Range<Int>) -> Range<String.Index> {
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return lower..<upper
    }

    /// The text between two UTF-8 byte offsets.
    public func utf8Slice(_ range: Range<Int>) -> String {
        String(decoding: utf8[utf8Range(range)], as: UTF8.self)
    }
}

extension String {
    /// UTF-8 byte offsets of a range of this string.
    public func utf8Offsets(of range: Range<String.Index>) -> Range<Int> {
        let lower = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
        return lower..<(lower + utf8.distance(from: range.lowerBound, to: range.upperBound))
    }
}
