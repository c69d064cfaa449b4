import Foundation
import SinmunCollect
import SinmunRead
import Yams

/// A declarative codebook: named codes, each with patterns, exclusions, context rules and a
/// rule for rolling sentence hits up to an article-level decision. See `Docs/codebooks.md`.
public struct Codebook: Sendable {
    /// The name stored with every coding (`ai-discourse`).
    public var name: String
    /// What the codebook measures, in the author's words.
    public var description: String
    /// SHA-256 of the source text and of the version of the coder's reported-speech rules:
    /// coding results are keyed by it, so editing a codebook (or upgrading those rules) recodes
    /// everything and an unchanged one recodes only new or changed articles.
    public var hash: String
    /// The YAML the codebook was read from.
    public var source: String
    /// Codes in evaluation order: every code after the codes its rules name.
    public var codes: [Code]

    /// The code with this name, if the codebook has one.
    public func code(named name: String) -> Code? { codes.first { $0.name == name } }

    /// Every lemma pattern of every code (patterns and exclusions).
    var lemmaPatterns: [(lemma: String, pos: String?)] {
        codes.flatMap { $0.patterns + $0.exclusions }.compactMap { pattern in
            if case .lemma(let lemma, let pos) = pattern { return (lemma, pos) } else { return nil }
        }
    }

    /// Every actor code's names, for telling who speaks, and its plain terms, for telling
    /// whose a titled speaker is (`로씨야외무상`).
    public var speakerCatalogue: SpeakerCatalogue {
        SpeakerCatalogue(
            entries: codes.filter { $0.group == .actor }.flatMap { code in
                // Plain terms (`로씨야`, `Russian`) tie a titled speaker to the actor too.
                let terms = code.patterns.compactMap { pattern -> String? in
                    guard case .term(let term) = pattern, !code.names.contains(term) else { return nil }
                    return term
                }
                return code.names.map { SpeakerCatalogue.Entry(name: $0, actor: code.name) }
                    + terms.map { SpeakerCatalogue.Entry(name: $0, actor: code.name, isName: false) }
            })
    }

    /// Whether any code names a lemma.
    public var usesLemmas: Bool { !lemmaPatterns.isEmpty }

    /// Whether any code names a Korean lemma (coding then needs the Korean analyser).
    public var usesKoreanLemmas: Bool {
        lemmaPatterns.contains { $0.lemma.unicodeScalars.contains(where: Hangul.isSyllable) }
    }
}

/// What a code stands for in the analysis.
public enum CodeGroup: String, Sendable, Codable, CaseIterable {
    /// A concept (the topic itself, `ai`), a frame (`state_led`), an actor cited
    /// (`actor_russia`) or an indicator of institutionalisation (`ind_plan`).
    case concept, frame, actor, indicator
}

/// One pattern of a code.
public enum TermPattern: Sendable, Hashable {
    /// A plain term. Korean terms match inside words and across spacing, in North or South
    /// Korean spelling; Latin terms match whole words, case-insensitively unless written in
    /// capitals (`AI`), and the last word also in its plural (`drone` → `drones`).
    case term(String)
    /// A wildcard term, `*` for any run of letters: `intelligen*`.
    case glob(String)
    /// A regular expression (ICU syntax), matched as written.
    case regex(String)
    /// Every inflected form of a word, read with the word-level analyser: `받아들이다` finds
    /// `받아들여` and `받아들이며`, in North or South spelling; `개발/NNG` restricts the tag.
    /// English lemmas are stems (`drone` finds `drones`). Korean lemmas need MeCab and
    /// NK-HanDic at coding time.
    case lemma(String, pos: String?)
}

/// A condition on where a hit counts.
public struct ContextRule: Sendable, Hashable {
    /// The hit counts only if one of these codes also has a hit...
    public var codes: [String]
    /// ... at most this many sentences away (0: the same sentence)...
    public var sentences: Int
    /// ... and, in the same sentence, at most this many words away (nil: anywhere in it).
    public var words: Int?

    /// A rule requiring one of `codes` within `sentences` sentences (and `words` words, if set).
    public init(codes: [String], sentences: Int, words: Int?) {
        self.codes = codes
        self.sentences = sentences
        self.words = words
    }
}

/// How sentence hits become an article-level level.
public struct RollupRule: Sendable, Hashable {
    /// `mention` needs at least this many qualifying sentences.
    public var mentionSentences: Int
    /// `focus` needs at least this many qualifying sentences ...
    public var focusSentences: Int
    /// ... or this share of all the article's sentences ...
    public var focusShare: Double
    /// ... or (when true) a hit in the title.
    public var focusOnTitle: Bool

    /// A mention from one sentence; focus from three sentences, a fifth of them, or the title.
    public static let standard = RollupRule(mentionSentences: 1, focusSentences: 3, focusShare: 0.2, focusOnTitle: true)
}

/// One code of a codebook.
public struct Code: Sendable {
    /// The name results are stored and queried under (`ai`, `state_led`).
    public var name: String
    /// Concept, frame, actor or indicator.
    public var group: CodeGroup
    /// A short name for tables and charts.
    public var label: String
    /// What the code means and which traps it avoids.
    public var description: String
    /// The cues that earn the code, in any language.
    public var patterns: [TermPattern]
    /// Phrases that look like a hit but are not: a hit they cover is dropped
    /// (`intelligent people` covers `intelligent`).
    public var exclusions: [TermPattern]
    /// Sentence-level condition on hits.
    public var context: ContextRule?
    /// The code applies only in articles that have all of these codes (at any level).
    public var articleRequires: [String]
    /// How the code's sentence hits become `mention` or `focus`.
    public var rollup: RollupRule
    /// Line of the code's definition in the codebook file.
    public var line: Int
    /// An actor's names in every spelling, with their titles (`로씨야대통령 뿌찐`, `뿌찐`,
    /// `Putin`): the speakers that quotes resolve to this actor.
    public var names: [String] = []
}

/// A codebook problem, with the file, line and code it concerns.
public struct CodebookError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The codebook file (or `built-in:NAME`).
    public var file: String
    /// The line concerned, when known.
    public var line: Int?
    /// The code concerned, if the problem is in one.
    public var code: String?
    /// What is wrong.
    public var message: String

    /// `FILE:LINE: code 'NAME': message`, as `sinmun codebook check` prints it.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let code { place += ": code '\(code)'" }
        return "\(place): \(message)"
    }
}
