import Foundation

/// The people and bodies an analysis tracks as speakers, each with the actor it speaks for:
/// names in every spelling (`뿌찐`, `푸틴`, `Putin`) and the titles printed with them.
///
/// A codebook's actor codes fill it (their `names:`); ``ReportedSpeech`` uses it to tell a
/// named speaker (`로씨야대통령 뿌찐`) from a pronoun or a title alone, which carry the last
/// named speaker of the article.
public struct SpeakerCatalogue: Sendable {
    /// One name and the actor it belongs to.
    public struct Entry: Sendable, Hashable {
        /// The name as printed (`Vladimir Putin`, `뿌찐`).
        public var name: String
        /// The actor it speaks for (`actor_russia`).
        public var actor: String
        /// Whether it names a person or body that speaks (`뿌찐`), rather than a word that only
        /// ties a speaker's title to the actor (`로씨야` in `로씨야외무상`).
        public var isName: Bool

        /// An entry naming `actor`.
        public init(name: String, actor: String, isName: Bool = true) {
            self.name = name
            self.actor = actor
            self.isName = isName
        }
    }

    /// Every name, longest first so `Kim Jong Un` wins over `Kim`.
    public let entries: [Entry]
    private let korean: MultiPatternMatcher
    private let koreanEntries: [Entry]
    private let latin: MultiPatternMatcher
    private let latinEntries: [Entry]

    /// A catalogue of `entries`; Korean names also match in their South or North spelling.
    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.name.count > $1.name.count }
        var koreanNames: [String] = []
        var koreanEntries: [Entry] = []
        var latinNames: [String] = []
        var latinEntries: [Entry] = []
        for entry in self.entries {
            if entry.name.unicodeScalars.contains(where: Hangul.isHangul) {
                for variant in OrthographyFolding.variants(of: entry.name, limit: 8) {
                    koreanNames.append(variant)
                    koreanEntries.append(entry)
                }
            } else {
                latinNames.append(entry.name)
                latinEntries.append(entry)
            }
        }
        korean = MultiPatternMatcher(patterns: koreanNames, wordBoundaries: koreanNames.map { _ in false })
        self.koreanEntries = koreanEntries
        latin = MultiPatternMatcher(patterns: latinNames, wordBoundaries: latinNames.map { _ in true })
        self.latinEntries = latinEntries
    }

    /// An empty catalogue: speakers are still found, none is tied to an actor.
    public static let empty = SpeakerCatalogue(entries: [])

    /// A name found in a text.
    public struct Mention: Sendable, Hashable {
        /// UTF-8 byte offsets of the name in the text searched.
        public var range: Range<Int>
        /// The actor it speaks for; nil for a titled name the catalogue does not hold.
        public var actor: String?
        /// Whether the entry found names a speaker (see ``SpeakerCatalogue/Entry/isName``).
        public var isName: Bool
        /// The title printed before the name (`premier` in `Premier Kim Tok Hun`), lower-cased.
        public var title: String? = nil
    }

    /// Every catalogue name in `text`, in order; of overlapping names the longest.
    public func mentions(in text: String) -> [Mention] {
        var found: [Mention] = []
        var copy = text
        copy.withUTF8 { bytes in
            for (matcher, entries) in [(korean, koreanEntries), (latin, latinEntries)] where !matcher.patterns.isEmpty {
                matcher.forEachMatch(in: bytes) { match in
                    let entry = entries[match.pattern]
                    // A Korean name begins a word (`리창` is not in `유리창`); a term that only ties a
                    // title to the actor may stand inside one (`로씨야` in `로씨야외무상`).
                    if entry.isName, Hangul.syllableEnds(at: match.range.lowerBound, in: bytes) { return }
                    found.append(Mention(range: match.range, actor: entry.actor, isName: entry.isName))
                }
            }
        }
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var kept: [Mention] = []
        for mention in found {
            if let last = kept.last, last.range.overlaps(mention.range) {
                if mention.range.count > last.range.count { kept[kept.count - 1] = mention }
                continue
            }
            kept.append(mention)
        }
        return kept
    }
}
