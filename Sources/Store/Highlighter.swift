import Foundation

/// Finds where a query's clauses occur in an article's original text, so hits can be shown
/// with the matched words marked. Offsets are in Characters of the text.
public struct Highlighter: Sendable {
    let cjkNeedles: [[Character]]
    let latinStems: [String]

    /// Prepares to mark every spelling of the query's clauses.
    public init(query: SearchQuery) {
        var cjk: [[Character]] = []
        var latin: [String] = []
        func isCJK(_ character: Character) -> Bool {
            character.unicodeScalars.first.map(SearchText.isCJK) ?? false
        }
        for alternative in query.clauses.flatMap(\.alternatives) {
            let compact = alternative.filter { !$0.isWhitespace }
            // A Korean word or phrase is one needle, spaces as typed (the search's spacing
            // variants supply the other spacings), so only what the index matched is marked.
            if !compact.isEmpty, compact.allSatisfy(isCJK) {
                cjk.append(Array(alternative.split(whereSeparator: \.isWhitespace).joined(separator: " ")))
                continue
            }
            var run: [Character] = []
            var word = ""
            func flush() {
                // A lone syllable from a mixed phrase would light up everywhere; skip it.
                if run.count >= 2 || (run.count == 1 && compact.count == 1) { cjk.append(run) }
                run = []
                if !word.isEmpty {
                    latin.append(Self.stem(word.lowercased()))
                    word = ""
                }
            }
            for character in alternative {
                if isCJK(character) {
                    if !word.isEmpty { flush() }
                    run.append(character)
                } else if character.isLetter || character.isNumber {
                    if !run.isEmpty { flush() }
                    word.append(character)
                } else {
                    flush()
                }
            }
            flush()
        }
        cjkNeedles = cjk
        latinStems = latin
    }

    /// A crude English stem, enough to mark `drones` for a search on `drone`; the index itself
    /// uses SQLite's Porter stemmer.
    static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        if word.count > 4 && word.hasSuffix("e") { return String(word.dropLast()) }
        return word
    }

    /// Ranges of matched text, sorted and non-overlapping.
    public func ranges(in text: [Character]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for needle in cjkNeedles where !needle.isEmpty {
            var i = 0
            while i < text.count {
                guard text[i] == needle[0], i + needle.count <= text.count,
                    Array(text[i..<(i + needle.count)]) == needle
                else {
                    i += 1
                    continue
                }
                found.append(i..<(i + needle.count))
                i += needle.count
            }
        }
        if !latinStems.isEmpty {
            var i = 0
            while i < text.count {
                guard text[i].isLetter || text[i].isNumber,
                    !(text[i].unicodeScalars.first.map(SearchText.isCJK) ?? false)
                else {
                    i += 1
                    continue
                }
                var end = i
                while end < text.count, text[end].isLetter || text[end].isNumber,
                    !(text[end].unicodeScalars.first.map(SearchText.isCJK) ?? false)
                { end += 1 }
                let word = String(text[i..<end]).lowercased()
                if latinStems.contains(where: { word.hasPrefix($0) }) { found.append(i..<end) }
                i = end
            }
        }
        return Self.merged(found)
    }

    /// Ranges sorted, overlapping ones joined.
    public static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, range.lowerBound < last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }

    /// A window of the text around its first match, with the matches inside it.
    public func snippet(of text: String, before: Int = 60, after: Int = 140) -> Snippet {
        let characters = Array(text.map { $0.isNewline ? " " : $0 })
        let matches = ranges(in: characters)
        guard let first = matches.first else {
            let end = min(characters.count, before + after)
            return Snippet(text: String(characters[0..<end]) + (end < characters.count ? "…" : ""), highlights: [])
        }
        var start = max(0, first.lowerBound - before)
        var end = min(characters.count, first.upperBound + after)
        // Prefer to cut at a space so words stay whole.
        if start > 0, let space = characters[start..<first.lowerBound].firstIndex(of: " ") { start = space + 1 }
        if end < characters.count, let space = characters[first.upperBound..<end].lastIndex(of: " ") { end = space }
        let prefix = start > 0 ? "…" : ""
        let shift = prefix.count - start
        let highlights = matches.filter { $0.lowerBound >= start && $0.upperBound <= end }
            .map { ($0.lowerBound + shift)..<($0.upperBound + shift) }
        return Snippet(
            text: prefix + String(characters[start..<end]) + (end < characters.count ? "…" : ""), highlights: highlights
        )
    }
}

/// A short excerpt with the matched parts marked by Character offsets.
public struct Snippet: Sendable, Equatable, Codable {
    /// An excerpt and its marked ranges.
    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// The excerpt, with `…` where it was cut.
    public var text: String
    /// The matched parts, as Character offsets into ``text``, in order.
    public var highlights: [Range<Int>]

    /// The excerpt with each match wrapped in `open` and `close` (ANSI codes, `**`, tags).
    public func marked(open: String, close: String) -> String {
        let characters = Array(text)
        var out = ""
        var cursor = 0
        for range in highlights {
            out += String(characters[cursor..<range.lowerBound]) + open + String(characters[range]) + close
            cursor = range.upperBound
        }
        return out + String(characters[cursor...])
    }
}
