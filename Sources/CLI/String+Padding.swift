extension String {
    /// The string padded with spaces to `width` characters for a table column, or followed by one space when it is
    /// already as wide, so columns never run together.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
