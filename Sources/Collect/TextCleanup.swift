import Foundation

/// The clean-up applied to every text at import, one small function per defect seen in real
/// archives. Each is pure and idempotent: cleaning clean text changes nothing.
public enum TextCleanup {
    /// Unicode NFC, so that NFD input (decomposed Hangul jamo) compares and hashes equal to
    /// the usual precomposed syllables.
    public static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }

    /// One line's whitespace: tabs, no-break and full-width spaces become plain spaces, runs
    /// collapse to one, the ends are trimmed, and invisible format characters (BOM, zero-width
    /// space and joiners) are dropped.
    public static func normalizeLine(_ line: Substring) -> String {
        var out = ""
        out.reserveCapacity(line.utf8.count)
        var pendingSpace = false
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD:
                continue
            default:
                break
            }
            if scalar.properties.isWhitespace || scalar.value == 0x3000 {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.unicodeScalars.append(" ")
                pendingSpace = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Splits text into paragraphs at line breaks (`\n`, `\r\n`, `\r`, U+2028/2029),
    /// normalises each with ``normalizeLine(_:)`` and drops empty ones.
    public static func paragraphs(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: true, whereSeparator: { $0.isNewline })
            .map { normalizeLine($0) }
            .filter { !$0.isEmpty }
    }

    /// Undoes a JSON `\/` escape that survived into the text (double-escaped archives).
    public static func unescapeJSONSlashes(_ text: String) -> String {
        text.contains("\\/") ? text.replacingOccurrences(of: "\\/", with: "/") : text
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
        guard text.contains("&") else { return text }
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

    public static func repair(_ text: String, names: [String] = defaultNames) -> String {
        guard names.contains(where: { text.contains($0) }) else { return text }
        // Collect every occurrence, longest names first, skipping overlaps.
        var hits: [Range<String.Index>] = []
        for name in names.sorted(by: { $0.count > $1.count }) {
            for range in text.ranges(of: name) where !hits.contains(where: { $0.overlaps(range) }) {
                hits.append(range)
            }
        }
        hits.sort { $0.lowerBound < $1.lowerBound }
        var out = ""
        var cursor = text.startIndex
        for range in hits {
            out += text[cursor..<range.lowerBound]
            if range.lowerBound > text.startIndex {
                let before = text[text.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber { out.append(" ") }
            }
            out += text[range]
            cursor = range.upperBound
            if cursor < text.endIndex, text[cursor].isLetter {
                let word = text[cursor...].prefix(while: { $0.isLetter })
                if !(word.first!.isLowercase && solidSuffixes.contains(String(word))) {
                    out.append(" ")
                }
            }
        }
        out += text[cursor...]
        return out
    }
}
