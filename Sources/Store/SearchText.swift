import Foundation

/// The form in which text enters the full-text index, and the matching form of a query.
///
/// SQLite's `unicode61` tokenizer keeps Korean particles on the word (`인공지능기술을` is one
/// token), so a search for `인공지능` would miss it. Before indexing, every run of Hangul or
/// Han characters is rewritten as its overlapping character bigrams (`인공 공지 지능 능기 기술
/// 술을`); a query is rewritten the same way and searched as a phrase, which matches exactly
/// where the query's characters stand together in the text, particles or not. Latin text is
/// left to `unicode61` with the Porter stemmer (`drone` finds `drones`). Full-width ASCII
/// (`２０２４`) is folded to ASCII on both sides.
public enum SearchText {
    /// Text as the FTS index stores it.
    public static func indexForm(_ text: String) -> String {
        // Built as UTF-8 bytes, read from the text's own bytes: each character is decoded only
        // to classify it, and its bytes are copied, not re-encoded (scalar-by-scalar appends
        // cost a tenth of import; this form is 2.2x faster than appending scalars to bytes).
        var text = text
        return text.withUTF8 { source in
            var out: [UInt8] = []
            out.reserveCapacity(source.count * 2 + 16)
            // The current run of CJK characters, as byte ranges of `source`.
            var run: [Range<Int>] = []
            var index = 0
            while index < source.count {
                let lead = source[index]
                if lead < 0x80 {
                    writeBigrams(of: &run, from: source, to: &out)
                    out.append(lead)
                    index += 1
                    continue
                }
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F)
                for offset in 1..<length { value = value << 6 | UInt32(source[index + offset] & 0x3F) }
                // A String's bytes are valid UTF-8, so every sequence decodes to a scalar.
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                if isCJK(scalar) {
                    run.append(index..<(index + length))
                } else {
                    writeBigrams(of: &run, from: source, to: &out)
                    let folded = foldWidth(scalar)
                    if folded == scalar {
                        out.append(contentsOf: source[index..<(index + length)])
                    } else {
                        UTF8.encode(folded) { out.append($0) }
                    }
                }
                index += length
            }
            writeBigrams(of: &run, from: source, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Writes a run of CJK characters (byte ranges of `source`) as space-separated bigrams, a
    /// lone character as itself, set off by spaces; empties the run.
    private static func writeBigrams(
        of run: inout [Range<Int>], from source: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]
    ) {
        guard !run.isEmpty else { return }
        out.append(0x20)
        if run.count == 1 {
            out.append(contentsOf: source[run[0]])
        } else {
            for i in 0..<(run.count - 1) {
                if i > 0 { out.append(0x20) }
                out.append(contentsOf: source[run[i]])
                out.append(contentsOf: source[run[i + 1]])
            }
        }
        out.append(0x20)
        run.removeAll(keepingCapacity: true)
    }

    /// The tokens a piece of query text stands for, in order: bigrams for CJK runs (a lone
    /// character stays a unigram), lower-cased letter-and-digit runs for everything else.
    public static func queryTokens(_ text: String) -> [QueryToken] {
        var tokens: [QueryToken] = []
        var run: [Unicode.Scalar] = []
        var word = String.UnicodeScalarView()
        func flushRun() {
            if run.count == 1 {
                tokens.append(QueryToken(text: String(run[0]), isLoneCJK: true))
            } else if run.count > 1 {
                for i in 0..<(run.count - 1) {
                    var pair = String.UnicodeScalarView()
                    pair.append(run[i])
                    pair.append(run[i + 1])
                    tokens.append(QueryToken(text: String(pair), isLoneCJK: false))
                }
            }
            run.removeAll()
        }
        func flushWord() {
            if !word.isEmpty { tokens.append(QueryToken(text: String(word).lowercased(), isLoneCJK: false)) }
            word = String.UnicodeScalarView()
        }
        for raw in text.unicodeScalars {
            let scalar = foldWidth(raw)
            if isCJK(scalar) {
                flushWord()
                run.append(scalar)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                flushRun()
                word.append(scalar)
            } else {
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
        return tokens
    }

    /// One token of a compiled query.
    public struct QueryToken: Hashable, Sendable {
        /// A CJK bigram, a lone CJK character, or a lower-cased run of letters and digits.
        public var text: String
        /// A single Hangul or Han character: matched as a prefix of the indexed bigrams.
        public var isLoneCJK: Bool
    }

    /// Hangul syllables and jamo, CJK ideographs: the scripts written without word spaces
    /// around particles, indexed as bigrams.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF,
            0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF:
            return true
        default:
            return false
        }
    }

    static func foldWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) { return ascii }
        if scalar.value == 0x3000 { return " " }
        return scalar
    }
}

/// A user's search as typed, parsed into clauses that must all match.
///
/// Words are ANDed; text in double quotes is a phrase. Every other character is literal: FTS5
/// operators (`*`, `NEAR(`, `-`, `^`, `:`, parentheses, unbalanced quotes) are never passed
/// through, so no input can make the query fail or mean something the user did not type.
///
/// Each clause may stand for several spellings (`노동` for `노동` or `로동`): the `expand`
/// function given at parsing returns them, and a clause matches when any of them does. The
/// store itself knows nothing of spelling; the text engine supplies the expansion.
public struct SearchQuery: Sendable, Equatable {
    /// One word or quoted phrase and the spellings it stands for (the typed text first).
    public struct Clause: Sendable, Equatable {
        /// As typed (a phrase without its quotes).
        public let text: String
        /// Every spelling that satisfies the clause, the typed one first.
        public let alternatives: [String]

        /// Each spelling compiled for the index, in the order of ``alternatives``.
        public var phrases: [SearchPhrase] { alternatives.map(SearchPhrase.init) }

        /// A clause from its parts: how a backend turns a lemma's printed forms into a clause
        /// the highlighter marks.
        public init(text: String, alternatives: [String]) {
            self.text = text
            self.alternatives = alternatives
        }
    }

    /// A `lemma:WORD` or `lemma:WORD/TAG` clause: every inflected form of the word, found
    /// through the term index (`sinmun analyze`).
    public struct LemmaClause: Sendable, Equatable {
        /// As typed after `lemma:`.
        public let text: String
        /// The lemma in the spelling term keys use (North and South spellings fold together).
        public let folded: String
        /// A Sejong tag that restricts the lemma (`받아들이다/VV`), if given.
        public let pos: String?
    }

    /// The words and phrases, all of which must match.
    public let clauses: [Clause]
    /// The `lemma:` clauses, all of which must match too.
    public let lemmas: [LemmaClause]

    /// Parses a typed query. `expand` gives a clause's other spellings; `foldLemma` puts a
    /// `lemma:` clause into the spelling term keys use.
    public init(
        _ raw: String, expand: (String) -> [String] = { [$0] }, foldLemma: (String) -> String = { $0.lowercased() }
    ) {
        var texts: [String] = []
        var inQuote = false
        var current = ""
        func close() {
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, !SearchText.queryTokens(trimmed).isEmpty { texts.append(trimmed) }
            current = ""
        }
        for character in raw {
            if character == "\"" || character == "“" || character == "”" {
                close()
                inQuote.toggle()
            } else if character.isWhitespace && !inQuote {
                close()
            } else {
                current.append(character)
            }
        }
        close()
        var lemmas: [LemmaClause] = []
        var words: [String] = []
        for text in texts {
            guard text.lowercased().hasPrefix("lemma:") else {
                words.append(text)
                continue
            }
            let parts = text.dropFirst("lemma:".count).split(separator: "/", maxSplits: 1)
            guard let word = parts.first, !word.isEmpty else { continue }
            let pos = parts.count > 1 ? parts[1].uppercased().filter(\.isLetter) : ""
            lemmas.append(
                LemmaClause(
                    text: String(text.dropFirst("lemma:".count)), folded: foldLemma(String(word)),
                    pos: pos.isEmpty ? nil : pos))
        }
        self.lemmas = lemmas
        clauses = words.map { text in
            var seen = Set<String>()
            let alternatives = ([text] + expand(text)).filter {
                !SearchText.queryTokens($0).isEmpty && seen.insert($0).inserted
            }
            return Clause(text: text, alternatives: alternatives)
        }
    }

    /// A query of given clauses and no lemma clauses (for highlighting the forms a lemma
    /// search found).
    public init(clauses: [Clause]) {
        self.clauses = clauses
        self.lemmas = []
    }

    /// True when nothing searchable remains (only punctuation or operators were typed).
    public var isEmpty: Bool { clauses.isEmpty && lemmas.isEmpty }

    /// The FTS5 MATCH expression: each spelling a quoted phrase of index tokens, a clause's
    /// spellings ORed, clauses ANDed. Tokens hold only letters, digits and CJK characters, so
    /// quoting cannot be broken.
    public var ftsExpression: String {
        clauses.map { clause -> String in
            let phrases = clause.alternatives.map(Self.phrase)
            return phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// ``ftsExpression`` for the full-text index, whose third column holds facet tokens
    /// (``SearchFacets``): a typed word shaped like one (`y2024`) is confined to the title and
    /// body, so it never matches a facet. Other queries go unconfined, since a column filter
    /// makes FTS5 read every match's positions (a third slower on a broad query). Empty
    /// without word clauses.
    var textMatch: String {
        guard !clauses.isEmpty else { return "" }
        let typed = clauses.flatMap(\.alternatives).flatMap { SearchText.queryTokens($0) }
        return typed.contains { SearchFacets.isFacetShaped($0.text) }
            ? "{title body} : (" + ftsExpression + ")" : ftsExpression
    }

    static func phrase(_ text: String) -> String {
        SearchPhrase(text).ftsPhrase
    }
}
