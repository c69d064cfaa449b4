/// One token of a text as the word-level analyser reads it: a morpheme of Korean (from
/// MeCab with NK-HanDic) or a word or symbol of English.
///
/// `start` and `end` are UTF-8 byte offsets into the analysed text. MeCab reads Korean as
/// conjoining jamo and may end a token inside a syllable (`고함` → `고하` + `ᆷ`), so two
/// tokens can share a syllable: each token's span is the smallest run of whole characters of
/// the original text whose decomposition (NFD) contains the token's surface.
///
/// The JSON shape is a contract (`sinmun tokens --json`):
/// `{"surface","lemma","pos","start","end","hanja"?,"northern"?}`.
public struct WordToken: Codable, Sendable, Hashable {
    /// The token as printed (composed to syllables; a bare final consonant stays a jamo).
    public var surface: String
    /// The dictionary form: `받아들이다` for `받아들여`, `력사` for `력사`; for English the
    /// lower-cased stem (`drones` → `drone`).
    public var lemma: String
    /// The Sejong tag (NNG, NNP, VV, JKO, EF, SL, SN, SF …).
    public var pos: String
    /// UTF-8 byte offset of the first character of the token's span.
    public var start: Int
    /// UTF-8 byte offset just past the token's span.
    public var end: Int
    /// The Hanja spelling the dictionary gives (`朝鮮勞動黨`), if any.
    public var hanja: String?
    /// True when the dictionary flags the word as North Korean (`&북한어`); absent otherwise.
    public var northern: Bool?

    /// A token from its parts.
    public init(
        surface: String, lemma: String, pos: String, start: Int, end: Int, hanja: String? = nil, northern: Bool? = nil
    ) {
        self.surface = surface
        self.lemma = lemma
        self.pos = pos
        self.start = start
        self.end = end
        self.hanja = hanja
        self.northern = northern
    }

    /// Nouns and noun-like tags that can join a compound printed as one word.
    var isNoun: Bool { pos == "NNG" || pos == "NNP" }
}
