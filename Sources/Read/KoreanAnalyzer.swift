import CMeCab
import Foundation

/// North Korean Korean, word by word: MeCab with the NK-HanDic dictionary.
///
/// MeCab is loaded at run time (`libmecab.so.2`), so Sinmun builds and runs without it; only
/// the commands that need words ask for it, and ``AnalyzerError`` says what to install. Text
/// is fed as conjoining jamo (NFD), as NK-HanDic expects, and every token is mapped back to
/// UTF-8 byte offsets of the original text (``WordToken``).
///
/// One analyser is shared by all threads: each call borrows a MeCab tagger of its own (MeCab
/// taggers are not thread-safe; the dictionary is memory-mapped once per tagger by the
/// operating system's page cache).
public final class KoreanAnalyzer: @unchecked Sendable {
    /// The dictionary in use.
    public let dictionary: NKHanDic
    /// MeCab's version string (`0.996`).
    public let mecabVersion: String
    /// Names the analyser and dictionary, for results that must be redone when either changes.
    public var signature: String { "mecab \(mecabVersion) + NK-HanDic \(dictionary.version ?? "unversioned")" }

    private let lock = NSLock()
    private var idle: [Tagger] = []

    /// Loads MeCab and opens the dictionary, failing early with a message that says what to
    /// install.
    public init(dictionary: NKHanDic, library: String? = nil) throws(AnalyzerError) {
        var message = [CChar](repeating: 0, count: 512)
        if sinmun_mecab_load(library, &message, message.count) != 0 {
            throw .libraryNotFound(
                String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.dictionary = dictionary
        mecabVersion = sinmun_mecab_version().map { String(cString: $0) } ?? "unknown"
        let first = try Self.makeTagger(dicdir: dictionary.path)
        idle.append(first)
    }

    /// The analyser with the dictionary found by ``NKHanDic/locate(option:environment:)``.
    public convenience init(
        dicdir: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AnalyzerError) {
        try self.init(dictionary: NKHanDic.locate(option: dicdir, environment: environment))
    }

    deinit {
        for tagger in idle { sinmun_mecab_destroy(tagger.pointer) }
    }

    static func makeTagger(dicdir: String) throws(AnalyzerError) -> Tagger {
        guard let pointer = sinmun_mecab_new(dicdir) else {
            throw .taggerFailed(sinmun_mecab_strerror(nil).map { String(cString: $0) } ?? "unknown error")
        }
        return Tagger(pointer: pointer)
    }

    private func borrow() -> Tagger {
        lock.lock()
        if let tagger = idle.popLast() {
            lock.unlock()
            return tagger
        }
        lock.unlock()
        // The first tagger opened this dictionary, so another cannot fail short of memory.
        return (try? Self.makeTagger(dicdir: dictionary.path)) ?? Tagger(pointer: nil)
    }

    private func giveBack(_ tagger: Tagger) {
        guard tagger.pointer != nil else { return }
        lock.lock()
        idle.append(tagger)
        lock.unlock()
    }

    /// The tokens of a text in text order. Every character that is not whitespace lies in
    /// some token's span; characters MeCab cannot take (controls) are tokens of their own
    /// (`SW`). Never fails: any string in, tokens out.
    public func tokens(in text: String) -> [WordToken] {
        guard !text.isEmpty else { return [] }
        let feed = JamoFeed(text)
        let tagger = borrow()
        defer { giveBack(tagger) }
        var tokens: [WordToken] = []
        tokens.reserveCapacity(feed.kind.count / 2)
        feed.bytes.withUnsafeBufferPointer { buffer in
            for chunk in feed.chunks() {
                tagger.parse(buffer, feed: feed, characters: chunk, into: &tokens)
            }
        }
        return Self.coverRest(tokens, feed: feed, text: text)
    }

    /// Adds a token for each non-space character no MeCab token covers (controls, and
    /// anything MeCab skipped), keeping text order.
    static func coverRest(_ tokens: [WordToken], feed: JamoFeed, text: String) -> [WordToken] {
        var missing: [WordToken] = []
        var tokenIndex = 0
        var coveredUpTo = 0
        for character in 0..<feed.kind.count where feed.kind[character] == .text || feed.kind[character] == .cut {
            let start = feed.originalStart[character]
            let end = feed.originalEnd[character]
            while tokenIndex < tokens.count, tokens[tokenIndex].start <= start {
                coveredUpTo = max(coveredUpTo, tokens[tokenIndex].end)
                tokenIndex += 1
            }
            if coveredUpTo >= end { continue }
            let surface = text.utf8Slice(start..<end)
            missing.append(WordToken(surface: surface, lemma: surface, pos: "SW", start: start, end: end))
        }
        guard !missing.isEmpty else { return tokens }
        var merged: [WordToken] = []
        merged.reserveCapacity(tokens.count + missing.count)
        var i = 0
        var j = 0
        while i < tokens.count || j < missing.count {
            if j == missing.count || (i < tokens.count && tokens[i].start <= missing[j].start) {
                merged.append(tokens[i])
                i += 1
            } else {
                merged.append(missing[j])
                j += 1
            }
        }
        return merged
    }
}

/// One MeCab tagger with a cache of parsed dictionary entries.
final class Tagger {
    let pointer: UnsafeMutableRawPointer?

    /// What a dictionary entry says, parsed once: feature strings point into the
    /// memory-mapped dictionary, so an entry's address names it (its bytes are compared too).
    struct Entry {
        var feature: [UInt8]
        var lemma: String?
        var pos: String
        var hanja: String?
        var northern: Bool
    }
    private var entries: [UnsafeRawPointer: Entry] = [:]

    init(pointer: UnsafeMutableRawPointer?) { self.pointer = pointer }

    func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, feed: JamoFeed, characters: Range<Int>, into tokens: inout [WordToken]
    ) {
        guard let pointer, buffer.baseAddress != nil else { return }
        let chunkStart = feed.feedStart[characters.lowerBound]
        let chunkEnd = feed.feedStart[characters.upperBound]
        guard chunkEnd > chunkStart else { return }
        // MeCab reads its input as a C string (strlen in the dictionary lookup) even when given
        // a length: a chunk fed in place read past the end of the feed's heap buffer, which
        // AddressSanitizer caught and which corrupted the heap now and then. Each chunk is fed
        // as its own NUL-terminated copy.
        var chunk = [UInt8](buffer[chunkStart..<chunkEnd])
        chunk.append(0)
        chunk.withUnsafeBufferPointer { copy in
            guard let base = copy.baseAddress else { return }
            read(pointer, base, buffer, feed: feed, chunk: chunkStart..<chunkEnd, into: &tokens)
        }
    }

    /// Turns MeCab's nodes for one NUL-terminated chunk (at `base`, from `chunk` of the feed)
    /// into tokens with offsets in the original text.
    private func read(
        _ pointer: UnsafeMutableRawPointer, _ base: UnsafePointer<UInt8>, _ buffer: UnsafeBufferPointer<UInt8>,
        feed: JamoFeed, chunk: Range<Int>, into tokens: inout [WordToken]
    ) {
        let (chunkStart, chunkEnd) = (chunk.lowerBound, chunk.upperBound)
        let start = UnsafeRawPointer(base)
        var node = sinmun_mecab_parse(pointer, start.assumingMemoryBound(to: CChar.self), chunkEnd - chunkStart)
        var running = chunkStart
        while let current = node {
            let n = current.pointee
            node = UnsafePointer(n.next)
            if n.stat == UInt8(SINMUN_MECAB_BOS_NODE) || n.stat == UInt8(SINMUN_MECAB_EOS_NODE) { continue }
            let length = Int(n.length)
            // The surface points into the fed bytes; rlength counts the spaces before it.
            var offset = running + Int(n.rlength) - length
            if let surface = n.surface {
                let distance = UnsafeRawPointer(surface) - start
                if distance >= 0, distance + length <= chunkEnd - chunkStart { offset = chunkStart + distance }
            }
            running = offset + length
            guard length > 0, offset + length <= chunkEnd else { continue }
            let bytes = UnsafeBufferPointer(rebasing: buffer[offset..<(offset + length)])
            let surface = JamoComposer.compose(bytes)
            if surface.allSatisfy(\.isWhitespace) { continue }
            let entry = self.entry(n.feature)
            let first = feed.character(at: offset)
            let last = feed.character(at: offset + length - 1)
            tokens.append(
                WordToken(
                    surface: surface, lemma: entry.lemma ?? Self.unknownLemma(surface, pos: entry.pos), pos: entry.pos,
                    start: feed.originalStart[first], end: feed.originalEnd[last],
                    hanja: entry.hanja, northern: entry.northern ? true : nil))
        }
    }

    /// Latin words inside Korean text get the English stem as lemma, so both languages give
    /// the same key; other unknown words are their own lemma.
    static func unknownLemma(_ surface: String, pos: String) -> String {
        pos == "SL" ? EnglishTokenizer.stem(surface.lowercased()) : surface
    }

    func entry(_ feature: UnsafePointer<CChar>?) -> Entry {
        guard let feature else { return Entry(feature: [], lemma: nil, pos: "SW", hanja: nil, northern: false) }
        let key = UnsafeRawPointer(feature)
        let length = strlen(feature)
        if let cached = entries[key], cached.feature.count == length,
            cached.feature.withUnsafeBufferPointer({ memcmp($0.baseAddress!, feature, length) == 0 })
        {
            return cached
        }
        let bytes = Array(UnsafeRawBufferPointer(start: key, count: length))
        let entry = Self.parseFeature(bytes)
        entries[key] = entry
        return entry
    }

    /// NK-HanDic's feature columns: 0 class, 5 dictionary form with a homonym number, 7 Hanja,
    /// 10 the Sejong tag, 11 `&북한어` (comma-separated, fields may be double-quoted).
    static func parseFeature(_ bytes: [UInt8]) -> Entry {
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
                continue
            }
            if byte == UInt8(ascii: ","), !quoted {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                if fields.count > 11 { break }
            } else {
                current.append(byte)
            }
        }
        if fields.count <= 11 { fields.append(String(decoding: current, as: UTF8.self)) }
        func field(_ index: Int) -> String? {
            guard index < fields.count, !fields[index].isEmpty, fields[index] != "*" else { return nil }
            return fields[index]
        }
        let pos = field(10) ?? tag(forClass: field(0))
        return Entry(
            feature: bytes, lemma: field(5).map(stripHomonymNumber).map { JamoComposer.compose($0) },
            pos: pos, hanja: field(7), northern: field(11) == "&북한어")
    }

    /// `중앙01` → `중앙`, `력사002` → `력사`; digits after anything but Hangul stay (`G20`).
    static func stripHomonymNumber(_ lemma: String) -> String {
        let scalars = Array(lemma.unicodeScalars)
        var end = scalars.count
        while end > 0, ("0"..."9").contains(scalars[end - 1]) { end -= 1 }
        guard end > 0, end < scalars.count, Hangul.isHangul(scalars[end - 1]) else { return lemma }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<end])
        return String(view)
    }

    /// A tag for entries without a Sejong column (seen only for odd unknown words).
    static func tag(forClass name: String?) -> String {
        switch name {
        case "Noun": return "NNG"
        case "Verb": return "VV"
        case "Adjective": return "VA"
        case "Adverb": return "MAG"
        default: return "SW"
        }
    }
}

/// Composes conjoining jamo back into syllables (NFC for Hangul) without Foundation's
/// general normaliser in the common case.
enum JamoComposer {
    static func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        compose(String(decoding: bytes, as: UTF8.self))
    }

    static func compose(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if (0x1100...0x1112).contains(scalar.value), let vowel = pending, (0x1161...0x1175).contains(vowel.value) {
                pending = scalars.next()
                var final = 0
                if let trailing = pending, (0x11A8...0x11C2).contains(trailing.value) {
                    final = Int(trailing.value - 0x11A7)
                    pending = scalars.next()
                }
                out.append(
                    Hangul.Syllable(initial: Int(scalar.value - 0x1100), vowel: Int(vowel.value - 0x1161), final: final)
                        .scalar!)
                continue
            }
            // A combining mark (after a Latin letter, say) may compose: Foundation's NFC for the
            // whole token. Hangul jamo never reach here as marks.
            if scalar.value >= 0x300, !Hangul.isJamo(scalar), scalar.properties.canonicalCombiningClass != .notReordered
            {
                return text.precomposedStringWithCanonicalMapping
            }
            out.append(scalar)
        }
        return String(out)
    }
}
