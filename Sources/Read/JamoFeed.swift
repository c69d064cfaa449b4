import Foundation

/// Text rewritten as MeCab with NK-HanDic must read it — Hangul as conjoining jamo (Unicode
/// NFD) — with a map from every byte of the rewritten text back to the character of the
/// original it came from.
///
/// The text is read character by character (extended grapheme clusters), each decomposed on
/// its own: a syllable by arithmetic, ASCII as is, anything else through Foundation's NFD
/// (cached). A token's bytes in the feed map back to the smallest run of whole characters that
/// produced them.
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

    init(_ text: String) {
        bytes.reserveCapacity(text.utf8.count * 2)
        let utf8 = text.utf8
        var cache: [Character: [UInt8]] = [:]
        var index = text.startIndex
        var offset = 0
        while index < text.endIndex {
            let next = text.index(after: index)
            let length = utf8.distance(from: index, to: next)
            feedStart.append(bytes.count)
            originalStart.append(offset)
            originalEnd.append(offset + length)
            let character = text[index]
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first {
                if scalar.value < 0x80 {
                    bytes.append(UInt8(scalar.value))
                } else if Hangul.isSyllable(scalar) {
                    Self.appendJamo(of: scalar.value, to: &bytes)
                } else if let cached = cache[character] {
                    bytes.append(contentsOf: cached)
                } else {
                    let decomposed = Array(String(character).decomposedStringWithCanonicalMapping.utf8)
                    cache[character] = decomposed
                    bytes.append(contentsOf: decomposed)
                }
            } else if let cached = cache[character] {
                bytes.append(contentsOf: cached)
            } else {
                let decomposed = Array(String(character).decomposedStringWithCanonicalMapping.utf8)
                cache[character] = decomposed
                bytes.append(contentsOf: decomposed)
            }
            kind.append(Self.kind(of: character))
            offset += length
            index = next
        }
        feedStart.append(bytes.count)
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

    /// The three conjoining jamo of a precomposed syllable, as UTF-8.
    static func appendJamo(of value: UInt32, to bytes: inout [UInt8]) {
        let index = value - 0xAC00
        let initial = 0x1100 + index / 588
        let vowel = 0x1161 + (index % 588) / 28
        let final = index % 28
        appendThreeByte(initial, &bytes)
        appendThreeByte(vowel, &bytes)
        if final != 0 { appendThreeByte(0x11A7 + final, &bytes) }
    }

    @inline(__always)
    static func appendThreeByte(_ value: UInt32, _ bytes: inout [UInt8]) {
        bytes.append(UInt8(0xE0 | (value >> 12)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    }

    /// The character whose decomposition holds feed byte `offset`.
    func character(at offset: Int) -> Int {
        var low = 0, high = feedStart.count - 2
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
