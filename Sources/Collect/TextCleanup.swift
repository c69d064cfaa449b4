import Foundation

/// The clean-up applied to every text at import, one small function per defect seen in real
/// archives. Each is pure and idempotent: cleaning clean text changes nothing.
public enum TextCleanup {
    /// Unicode NFC, so that NFD input (decomposed Hangul jamo) compares and hashes equal to
    /// the usual precomposed syllables.
    public static func nfc(_ text: String) -> String {
        // Most text has nothing to compose: skip Foundation's full normalisation then (it was
        // a tenth of import time at scale).
        isTriviallyNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// True when every scalar lies in a range that has no combining marks and no conjoining
    /// jamo, so the text is already NFC.
    static func isTriviallyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x300, 0xAC00...0xD7A3, 0x2000...0x20CF, 0x2100...0x2BFF, 0x3000...0x3098, 0x309B...0x30FF,
                0x4E00...0x9FFF, 0xFF00...0xFFEF:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// One line's whitespace: tabs, no-break and full-width spaces become plain spaces, runs
    /// collapse to one, the ends are trimmed, and invisible format characters (BOM, zero-width
    /// space and joiners) are dropped. So are control characters (C0 but for whitespace, DEL,
    /// C1): they mean nothing in an article, and an escape sequence in stored text would be
    /// obeyed by the terminal that prints a search hit or an alert.
    public static func normalizeLine(_ line: Substring) -> String {
        normalizeLine(line.unicodeScalars)
    }

    static func normalizeLine(_ scalars: Substring.UnicodeScalarView) -> String {
        if let clean = alreadyNormalized(Substring(scalars)) { return clean }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            let value = scalar.value
            let isSpace: Bool
            if value < 0x80 {
                isSpace = value == 0x20 || (0x09...0x0D).contains(value)
                if !isSpace && (value < 0x20 || value == 0x7F) { continue }
            } else {
                switch value {
                case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD, 0x80...0x9F: continue
                default: isSpace = value == 0x3000 || scalar.properties.isWhitespace
                }
            }
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// The line itself when it is already normal — no leading, trailing or doubled space, no
    /// other whitespace or format character — checked on UTF-8 bytes (the common case, and
    /// far cheaper than rebuilding the string scalar by scalar).
    static func alreadyNormalized(_ line: Substring) -> String? {
        var previousSpace = true
        var result = true
        line.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0x20 {
                        if previousSpace {
                            result = false
                            return
                        }
                        previousSpace = true
                    } else if byte < 0x20 || byte == 0x7F {
                        result = false
                        return
                    } else {
                        previousSpace = false
                    }
                    index += 1
                } else if byte >= 0xE4 && byte <= 0xED && index + 2 < bytes.count {
                    // Leads E4–ED are U+4000–U+DFFF (Han, Hangul syllables): never space or format.
                    previousSpace = false
                    index += 3
                } else if byte == 0xE2 && index + 2 < bytes.count {
                    // Punctuation U+2010–2027 and U+2030–205E (dashes, quotes, ellipsis) is
                    // common in English text; U+2000–200F, 2028–202F and 2060+ are spaces,
                    // separators or format characters.
                    let value =
                        (UInt32(byte & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                        | UInt32(bytes[index + 2] & 0x3F)
                    guard (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value) else {
                        result = false
                        return
                    }
                    previousSpace = false
                    index += 3
                } else {
                    // Anything else takes the scalar-by-scalar path.
                    result = false
                    return
                }
            }
        } ?? { result = false }()
        guard result, !(previousSpace && !line.isEmpty) else { return nil }
        return String(line)
    }

    /// Splits text into paragraphs at line breaks (`\n`, `\r\n`, `\r`, U+2028/2029, NEL,
    /// vertical tab, form feed), normalises each with ``normalizeLine(_:)`` and drops empty ones.
    public static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            switch scalars[index].value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:
                let line = normalizeLine(Substring(text).unicodeScalars[start..<index])
                if !line.isEmpty { result.append(line) }
                index = scalars.index(after: index)
                start = index
            default:
                index = scalars.index(after: index)
            }
        }
        let line = normalizeLine(Substring(text).unicodeScalars[start..<index])
        if !line.isEmpty { result.append(line) }
        return result
    }

    /// Undoes a JSON `\/` escape that survived into the text (double-escaped archives).
    public static func unescapeJSONSlashes(_ text: String) -> String {
        text.utf8.contains(0x5C) && text.contains("\\/") ? text.replacingOccurrences(of: "\\/", with: "/") : text
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "hellip": "\u{2026}", "middot": "\u{00B7}",
        "laquo": "\u{00AB}", "raquo": "\u{00BB}", "bull": "\u{2022}", "copy": "\u{00A9}",
    ]

    /// Decodes HTML character references: the common named ones, `&#NNN;` and `&#xHH;`.
    /// Unknown or malformed references are left as they are, never dropped.
    public static func decodeHTMLEntities(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }
        var out = ""
        var index = text.startIndex
        while let amp = text[index...].firstIndex(of: "&") {
            out += text[index..<amp]
            let limit = text.index(amp, offsetBy: 12, limitedBy: text.endIndex) ?? text.endIndex
            guard let semi = text[amp..<limit].firstIndex(of: ";") else {
                out.append("&")
                index = text.index(after: amp)
                continue
            }
            let name = text[text.index(after: amp)..<semi]
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                decoded = namedEntities[String(name)]
            }
            if let decoded {
                out += decoded
                index = text.index(after: semi)
            } else {
                out.append("&")
                index = text.index(after: amp)
            }
        }
        out += text[index...]
        return out
    }

    /// The whole clean-up of a body or title as an importer applies it: entities, stray
    /// `\/`, NFC, and (for English) the glued-name repair. Returns paragraphs.
    public static func cleanBody(_ text: String, language: String) -> [String] {
        var text = nfc(unescapeJSONSlashes(decodeHTMLEntities(text)))
        if language == "en" { text = NameSpacingRepair.repair(text) }
        return paragraphs(text)
    }

    /// Clean-up of a title: as a body, on one line, with a trailing date stamp removed.
    /// Returns the title and the date the stamp gave, if any.
    public static func cleanTitle(_ text: String, language: String) -> (title: String, stampDate: PublicationDate?) {
        let joined = cleanBody(text, language: language).joined(separator: " ")
        return JucheCalendar.stripDateStamp(joined)
    }
}

/// Repairs the KCNA extraction glitch that glued leaders' names to their neighbours:
/// `atKim Il SungSquare` → `at Kim Il Sung Square`, `ComradeKim Jong Unsaid` →
/// `Comrade Kim Jong Un said`.
///
/// It only touches the listed names, so ordinary camel-case words (`kWh`, `McDonald`) are
/// never split; derived words that really are written solid (`Kimilsungism`) don't contain
/// the spaced name and are left alone, as are the suffixes in ``solidSuffixes``.
public enum NameSpacingRepair {
    /// Leaders' and officials' names whose spacing the archive lost, longest first when used.
    public static let defaultNames: [String] = [
        "Kim Il Sung", "Kim Jong Il", "Kim Jong Un", "Kim Jong Suk", "Kim Yo Jong", "Kim Ju Ae",
        "Kim Tok Hun", "Choe Ryong Hae", "Choe Son Hui", "Pak Thae Song", "Jo Yong Won",
        "Kumsusan Palace of the Sun", "Mangyongdae",
    ]

    /// Lower-case continuations that form a real word with the name (`Kim Il Sungism`).
    public static let solidSuffixes: Set<String> = ["ism", "isms", "ist", "ists", "ite", "ites", "ia"]

    /// Puts the spaces back around each of `names` where the archive glued it to its
    /// neighbours (`atKim Il SungSquare` → `at Kim Il Sung Square`); other text is unchanged.
    public static func repair(_ text: String, names: [String] = defaultNames) -> String {
        // Works on UTF-8 bytes: the names are ASCII, and glue is only ever ASCII letters.
        let bytes = Array(text.utf8)
        var hits: [Range<Int>] = []
        for name in names.sorted(by: { $0.utf8.count > $1.utf8.count }) {
            let needle = Array(name.utf8)
            for start in occurrences(of: needle, in: bytes) {
                let range = start..<(start + needle.count)
                if !hits.contains(where: { $0.overlaps(range) }) { hits.append(range) }
            }
        }
        guard !hits.isEmpty else { return text }
        hits.sort { $0.lowerBound < $1.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + hits.count * 2)
        var cursor = 0
        for range in hits {
            out += bytes[cursor..<range.lowerBound]
            if range.lowerBound > 0, isASCIILetterOrDigit(bytes[range.lowerBound - 1]) { out.append(0x20) }
            out += bytes[range]
            cursor = range.upperBound
            if cursor < bytes.count, isASCIILetter(bytes[cursor]) {
                var end = cursor
                while end < bytes.count, isASCIILetter(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[cursor..<end], as: UTF8.self)
                let isLower = (0x61...0x7A).contains(bytes[cursor])
                if !(isLower && solidSuffixes.contains(word)) { out.append(0x20) }
            }
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (0x30...0x39).contains(byte)
    }

    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}
