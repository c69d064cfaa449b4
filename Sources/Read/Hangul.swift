/// Hangul syllable and jamo arithmetic (Unicode §3.12), without a dictionary.
public enum Hangul {
    static let syllableBase: UInt32 = 0xAC00
    static let syllableLast: UInt32 = 0xD7A3
    static let initialCount: UInt32 = 19
    static let vowelCount: UInt32 = 21
    static let finalCount: UInt32 = 28

    /// A precomposed syllable split into its initial consonant, vowel and optional final
    /// consonant, as indices into the conjoining jamo blocks (initial 0–18, vowel 0–20,
    /// final 0–27 where 0 means none).
    public struct Syllable: Hashable, Sendable {
        /// The initial consonant, 0–18 (ㄱ is 0; see ``Hangul/Initial``).
        public var initial: Int
        /// The vowel, 0–20 (ㅏ is 0).
        public var vowel: Int
        /// The final consonant (받침), 1–27, or 0 for none.
        public var final: Int

        /// A syllable from its jamo indices (no final consonant by default).
        public init(initial: Int, vowel: Int, final: Int = 0) {
            self.initial = initial
            self.vowel = vowel
            self.final = final
        }

        /// The precomposed scalar, or nil if an index is out of range.
        public var scalar: Unicode.Scalar? {
            guard (0..<19).contains(initial), (0..<21).contains(vowel), (0..<28).contains(final) else { return nil }
            return Unicode.Scalar(
                syllableBase + (UInt32(initial) * vowelCount + UInt32(vowel)) * finalCount + UInt32(final))
        }

        /// The precomposed syllable as a Character, or nil if an index is out of range.
        public var character: Character? { scalar.map(Character.init) }
    }

    /// Initial consonant indices used by the spelling rules.
    public enum Initial {
        /// ㄴ, which South Korean spelling drops to ㅇ at the start of a word (녀성 → 여성).
        public static let nieun = 2  // ㄴ
        /// ㄹ, which North Korean spelling keeps at the start of a word (로동, 력사).
        public static let rieul = 5  // ㄹ
        /// ㅇ, the silent initial the southern forms begin with.
        public static let ieung = 11  // ㅇ
    }

    /// Vowels that begin with a y-glide or are ㅣ (ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ): before them South Korean
    /// spelling drops a word-initial ㄹ or ㄴ to ㅇ.
    public static let iotizedVowels: Set<Int> = [2, 3, 6, 7, 12, 17, 20]

    /// True for a precomposed syllable (가 to 힣).
    public static func isSyllable(_ scalar: Unicode.Scalar) -> Bool {
        (syllableBase...syllableLast).contains(scalar.value)
    }

    /// True for conjoining or compatibility jamo standing alone (not part of a syllable).
    public static func isJamo(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF: return true
        default: return false
        }
    }

    /// Whether the UTF-8 bytes just before `start` encode a Hangul syllable (a match there
    /// begins inside a Korean word).
    @inlinable
    public static func syllableEnds(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start >= 3, start <= bytes.count, (0xEA...0xED).contains(bytes[start - 3]) else { return false }
        let value =
            (UInt32(bytes[start - 3] & 0x0F) << 12) | (UInt32(bytes[start - 2] & 0x3F) << 6)
            | UInt32(bytes[start - 1] & 0x3F)
        return (0xAC00...0xD7A3).contains(value)
    }

    /// True for any Hangul scalar: syllables and jamo.
    public static func isHangul(_ scalar: Unicode.Scalar) -> Bool { isSyllable(scalar) || isJamo(scalar) }

    /// Splits a precomposed syllable into its jamo indices; nil for any other scalar.
    public static func decompose(_ scalar: Unicode.Scalar) -> Syllable? {
        guard isSyllable(scalar) else { return nil }
        let index = scalar.value - syllableBase
        return Syllable(
            initial: Int(index / (vowelCount * finalCount)),
            vowel: Int((index % (vowelCount * finalCount)) / finalCount),
            final: Int(index % finalCount))
    }

    /// Splits a Character that is one precomposed syllable; nil for anything else.
    public static func decompose(_ character: Character) -> Syllable? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return nil }
        return decompose(scalar)
    }

    /// True when the syllable has a final consonant (받침): decides 을/를, 이/가, 은/는, 으로/로.
    public static func hasFinal(_ character: Character) -> Bool { (decompose(character)?.final ?? 0) != 0 }
}
