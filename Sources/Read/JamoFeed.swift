import Foundation

/// Text rewritten as MeCab with NK-HanDic must read it — Hangul as conjoining jamo (Unicode
/// NFD) — with a map from every byte of the rewritten text back to the character of the
/// original it came from.
///
/// Text of the common scripts (ASCII, Hangul syllables, Han, common punctuation) is read byte
/// by byte, every scalar a character; any other text character by character (extended
/// grapheme clusters), each decomposed on its own through Foundation's NFD (cached). Syllables
/// are decomposed by arithmetic either way. A token's bytes in the feed map back to the
/// smallest run of whole characters that produced them.
struct JamoFeed {
    /// The decomposed text, UTF-8.
    var bytes: [UInt8] = []
    /// Per character of the original: where its decomposition starts in `bytes`.
    var feedStart: [Int] = []
    /// Per character of the original: its UTF-8 byte range.
    var originalStart: [Int] = []
    var originalEnd: [Int] = []
    /// Per character: whether it is whitespace (never fed inside a token) or a place where
    /// the feed must be cut (line breaks, NUL, other controls MeCab cannot take).
    var kind: [Kind] = []

    /// Text is fed; a space is fed but belongs to no token; a line break cuts the feed and
    /// belongs to no token; a cut character is never fed and becomes a token of its own.
    enum Kind: UInt8 { case text, space, lineBreak, cut }

    /// Records the next character of the original, before its decomposition is appended.
    mutating func startCharacter(at start: Int, length: Int, kind: Kind) {
        feedStart.append(bytes.count)
        originalStart.append(start)
        originalEnd.append(start + length)
        self.kind.append(kind)
    }

    init(_ text: String) {
        bytes.reserveCapacity(text.utf8.count * 2)
        // Nearly all state-media text is ASCII, Hangul syllables, Han and common punctuation,
        // where every scalar is a character of its own: read those bytes directly (the
        // character-by-character path below cost a third of the analyser's time).
        if Self.readSimple(text, into: &self) { return }
        bytes.removeAll(keepingCapacity: true)
        feedStart.removeAll()
        originalStart.removeAll()
        originalEnd.removeAll()
        kind.removeAll()
        let utf8 = text.utf8
        var cache: [Character: [UInt8]] = [:]
        var index = text.startIndex
        var offset = 0
        while index < text.endIndex {
            let next = text.index(after: index)
            let length = utf8.distance(from: index, to: next)
            let character = text[index]
            startCharacter(at: offset, length: length, kind: Self.kind(of: character))
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first, scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else if scalars.count == 1, let scalar = scalars.first, Hangul.isSyllable(scalar) {
                Self.appendJamo(of: scalar.value, to: &bytes)
            } else if let cached = cache[character] {
                bytes.append(contentsOf: cached)
            } else {
                let decomposed = Array(String(character).decomposedStringWithCanonicalMapping.utf8)
                cache[character] = decomposed
                bytes.append(contentsOf: decomposed)
            }
            offset += length
            index = next
        }
        feedStart.append(bytes.count)
    }

    /// The byte-level path: false (and a partial feed to discard) as soon as a scalar may
    /// join its neighbour in one character or decompose other than by Hangul arithmetic.
    static func readSimple(_ text: String, into feed: inout JamoFeed) -> Bool {
        var text = text
        return text.withUTF8 { utf8 -> Bool in
            let count = utf8.count
            feed.feedStart.reserveCapacity(count / 2)
            feed.originalStart.reserveCapacity(count / 2)
            feed.originalEnd.reserveCapacity(count / 2)
            feed.kind.reserveCapacity(count / 2)
            var index = 0
            while index < count {
                let lead = utf8[index]
                var length = 1
                var value = UInt32(lead)
                var kind = Kind.text
                if lead < 0x80 {
                    switch lead {
                    case 0x20, 0x09: kind = .space
                    case 0x0A, 0x0B, 0x0C, 0x0D: kind = .lineBreak
                    case 0x00..<0x20, 0x7F: kind = .cut
                    default: kind = .text
                    }
                } else if lead & 0xF0 == 0xE0, index + 2 < count {
                    length = 3
                    value =
                        (UInt32(lead & 0x0F) << 12) | (UInt32(utf8[index + 1] & 0x3F) << 6)
                        | UInt32(utf8[index + 2] & 0x3F)
                    switch value {
                    case 0xAC00...0xD7A3, 0x4E00...0x9FFF, 0x3001...0x303F, 0x2010...0x2027, 0x2030...0x205E,
                        0xFF01...0xFF5E:
                        kind = .text
                    case 0x3000, 0x2000...0x200A: kind = .space
                    case 0x2028, 0x2029: kind = .lineBreak
                    default: return false
                    }
                } else if lead & 0xE0 == 0xC0, index + 1 < count {
                    length = 2
                    value = (UInt32(lead & 0x1F) << 6) | UInt32(utf8[index + 1] & 0x3F)
                    // Latin-1 punctuation and symbols only (no letters: they may take marks).
                    if value == 0xA0 {
                        kind = .space
                    } else if !((0xA1...0xBF).contains(value) || value == 0xD7 || value == 0xF7) {
                        return false
                    }
                } else {
                    return false
                }
                feed.startCharacter(at: index, length: length, kind: kind)
                if length == 3, (0xAC00...0xD7A3).contains(value) {
                    appendJamo(of: value, to: &feed.bytes)
                } else {
                    for offset in 0..<length { feed.bytes.append(utf8[index + offset]) }
                }
                index += length
            }
            feed.feedStart.append(feed.bytes.count)
            return true
        }
    }

    static func kind(of character: Character) -> Kind {
        if character.isNewline { return .lineBreak }
        if character.isWhitespace { return .space }
        // Controls (NUL would end MeCab's C string) and unassigned scalars are never fed; they
        // become tokens of their own.
        for scalar in character.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .surrogate, .unassigned: return .cut
            default: continue
            }
        }
        return .text
    }

    /// The conjoining jamo of a precomposed syllable, as UTF-8.
    static func appendJamo(of value: UInt32, to bytes: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value), let syllable = Hangul.decompose(scalar) else { return }
        appendThreeByte(0x1100 + UInt32(syllable.initial), &bytes)
        appendThreeByte(0x1161 + UInt32(syllable.vowel), &bytes)
        if syllable.final != 0 { appendThreeByte(0x11A7 + UInt32(syllable.final), &bytes) }
    }

    @inline(__always)
    static func appendThreeByte(_ value: UInt32, _ bytes: inout [UInt8]) {
        bytes.append(UInt8(0xE0 | (value >> 12)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    }

    /// The character whose decomposition holds feed byte `offset`.
    func character(at offset: Int) -> Int {
        var low = 0
        var high = feedStart.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if feedStart[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Runs of characters to hand to MeCab one at a time: cut at line breaks and controls,
    /// and kept under `limit` feed bytes by cutting at a space (or, in a run without one, at a
    /// character boundary) so a huge text never builds a huge lattice.
    func chunks(limit: Int = 32_768) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var lastSpace: Int? = nil
        var index = 0
        let count = kind.count
        while index < count {
            switch kind[index] {
            case .cut, .lineBreak:
                if start < index { result.append(start..<index) }
                start = index + 1
                lastSpace = nil
            case .space:
                lastSpace = index
            case .text:
                break
            }
            if feedStart[index + 1] - feedStart[start] > limit, index > start {
                let cut = lastSpace.map { $0 + 1 } ?? index
                result.append(start..<cut)
                start = cut
                lastSpace = nil
            }
            index += 1
        }
        if start < count { result.append(start..<count) }
        return result
    }
}
