import Foundation
import SinmunCode
import SinmunRead

/// A codebook written out for the Python peers of `bench coding`: every code's cues already
/// expanded the way Sinmun expands them (North and South spellings of Korean terms, English
/// plurals, acronyms kept case-sensitive, wildcards and regular expressions as Python `re`
/// reads them), with its exclusions, context rule, required codes and roll-up thresholds. So
/// the peers do the same work as Sinmun, not a two-regex sketch of it.
struct CodingBaselineSpec: Codable {
    struct Cues: Codable {
        /// Korean spellings, spaces kept; matched anywhere, whatever the spacing of the text.
        var korean: [String] = []
        /// Latin terms and their plurals: whole words, case-insensitive.
        var latin: [String] = []
        /// Terms in capitals: whole words, case-sensitive.
        var acronyms: [String] = []
        /// Python regular expressions, from wildcards and `re:` patterns.
        var regex: [String] = []
    }

    struct CodeSpec: Codable {
        var name: String
        var cues: Cues
        var exclusions: Cues
        /// Context codes, sentences away, words away.
        var contextCodes: [String]?
        var contextSentences: Int?
        var contextWords: Int?
        var requires: [String]
        var mentionSentences: Int
        var focusSentences: Int
        var focusShare: Double
        var focusOnTitle: Bool
    }

    var codebook: String
    var codes: [CodeSpec]
    /// What the peers cannot do like Sinmun, said in the benchmark's output.
    var notReproduced: [String]

    init(_ codebook: Codebook) {
        self.codebook = codebook.name
        var lemmas = 0
        codes = codebook.codes.map { code in
            func cues(_ patterns: [TermPattern]) -> Cues {
                var out = Cues()
                for pattern in patterns {
                    switch pattern {
                    case .term(let term):
                        if term.unicodeScalars.contains(where: Hangul.isHangul) {
                            out.korean += ArticleCoder.koreanVariants(term)
                        } else if ArticleCoder.isAcronym(term) {
                            out.acronyms.append(term)
                        } else {
                            out.latin += ArticleCoder.englishForms(term)
                        }
                    case .glob(let glob):
                        out.regex.append(Self.python(glob: glob))
                    case .regex(let source):
                        out.regex.append(Self.python(regex: source))
                    case .lemma:
                        lemmas += 1
                    }
                }
                return out
            }
            return CodeSpec(
                name: code.name, cues: cues(code.patterns), exclusions: cues(code.exclusions),
                contextCodes: code.context?.codes, contextSentences: code.context?.sentences,
                contextWords: code.context?.words, requires: code.articleRequires,
                mentionSentences: code.rollup.mentionSentences, focusSentences: code.rollup.focusSentences,
                focusShare: code.rollup.focusShare, focusOnTitle: code.rollup.focusOnTitle)
        }
        notReproduced =
            [
                "actor codes earned by a quoted speaker (reported speech) are not reproduced",
                "sentences are split by punctuation and line breaks, without Sinmun's abbreviation rules",
            ] + (lemmas > 0 ? ["\(lemmas) lemma pattern(s) need the word-level analyser and are left out"] : [])
    }

    /// An ICU expression as Python's `re` reads it: `re` takes only fixed-width look-behinds,
    /// so a look-behind of alternatives of different lengths (`(?<!정|민주)`) becomes one per
    /// alternative (`(?<!정)(?<!민주)`), or a group of them for a positive one.
    static func python(regex source: String) -> String {
        guard
            let pattern = try? NSRegularExpression(pattern: #"\(\?<([!=])([^()]*\|[^()]*)\)"#)
        else { return source }
        var out = source
        for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).reversed() {
            guard let whole = Range(match.range, in: source), let sign = Range(match.range(at: 1), in: source),
                let body = Range(match.range(at: 2), in: source)
            else { continue }
            let alternatives = source[body].split(separator: "|", omittingEmptySubsequences: false)
            let negative = source[sign] == "!"
            let parts = alternatives.map { "(?<\(negative ? "!" : "=")\($0))" }
            out.replaceSubrange(whole, with: negative ? parts.joined() : "(?:" + parts.joined(separator: "|") + ")")
        }
        return out
    }

    /// `intelligen*` as Python reads it: whole words for Latin, anywhere for Hangul.
    static func python(glob: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: glob).replacingOccurrences(of: "\\*", with: "\\w*")
        let isLatin = !glob.unicodeScalars.contains(where: Hangul.isHangul)
        return isLatin ? "(?i)(?<!\\w)" + escaped + "(?!\\w)" : escaped
    }
}
