/// Korean word handling without a dictionary: eojeol (space-separated word) splitting and the
/// stripping of common particles and copula endings, checked against the final consonant of
/// the stem so that `사이` is not read as `사` + `이`.
public enum KoreanMorphology {
    /// Particles and endings, longest first. Each has the condition on the preceding syllable
    /// it needs: a final consonant, none, or either.
    public static let particles: [(suffix: String, after: FinalCondition)] = [
        ("으로부터", .final), ("에게서는", .any), ("에서부터", .any), ("이였다", .final), ("이였으며", .final),
        ("께서는", .any), ("에서는", .any), ("에서도", .any), ("에서의", .any), ("으로는", .final), ("으로도", .final),
        ("으로써", .final), ("으로서", .final), ("이라는", .final), ("이라고", .final), ("에게서", .any), ("에로의", .any),
        ("로부터", .vowelOrRieul), ("이다", .final), ("께서", .any), ("에서", .any), ("에게", .any), ("에로", .any),
        ("으로", .final), ("부터", .any), ("까지", .any), ("처럼", .any), ("보다", .any), ("마다", .any),
        ("이며", .final), ("이고", .final), ("이나", .final), ("이란", .final), ("라는", .vowel), ("라고", .vowel),
        ("였다", .vowel), ("로서", .vowelOrRieul), ("로써", .vowelOrRieul), ("로는", .vowelOrRieul), ("와의", .vowel),
        ("과의", .final),
        ("들", .any), ("을", .final), ("를", .vowel), ("이", .final), ("가", .vowel), ("은", .final), ("는", .vowel),
        ("의", .any), ("에", .any), ("로", .vowelOrRieul), ("와", .vowel), ("과", .final), ("도", .any), ("만", .any),
    ]

    /// What the syllable before a particle must end in.
    public enum FinalCondition: Sendable {
        case any, final, vowel
        /// No final consonant, or final ㄹ (로 and 으로 split this way).
        case vowelOrRieul

        func accepts(_ syllable: Character) -> Bool {
            guard let s = Hangul.decompose(syllable) else { return false }
            switch self {
            case .any: return true
            case .final: return s.final != 0
            case .vowel: return s.final == 0
            case .vowelOrRieul: return s.final == 0 || s.final == 8  // 8 is final ㄹ
            }
        }
    }

    /// Splits an eojeol into its stem and the particles stripped from its end (outermost
    /// last): `인공지능기술을` → (`인공지능기술`, [`을`]), `나라들의` → (`나라`, [`들`, `의`]).
    /// A stem keeps at least two syllables, so short words are left whole.
    public static func stripParticles(_ eojeol: String) -> (stem: String, particles: [String]) {
        var stem = eojeol
        var stripped: [String] = []
        var changed = true
        while changed {
            changed = false
            for (suffix, condition) in particles where stem.hasSuffix(suffix) {
                let rest = String(stem.dropLast(suffix.count))
                guard rest.count >= 2, let last = rest.last, Hangul.decompose(last) != nil, condition.accepts(last)
                else { continue }
                stem = rest
                stripped.insert(suffix, at: 0)
                changed = true
                break
            }
        }
        return (stem, stripped)
    }

    /// The eojeols of a text: runs of Hangul syllables, letters and digits between spaces and
    /// punctuation, as ranges of the original string.
    public static func eojeols(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isWordCharacter = character.isLetter || character.isNumber
            if isWordCharacter, start == nil { start = index }
            if !isWordCharacter, let s = start {
                ranges.append(s..<index)
                start = nil
            }
            index = text.index(after: index)
        }
        if let s = start { ranges.append(s..<text.endIndex) }
        return ranges
    }
}
