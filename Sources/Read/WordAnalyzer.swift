import Foundation

/// Word-level tokens for either language: Korean through MeCab with NK-HanDic
/// (``KoreanAnalyzer``), English (and any text without Hangul) through
/// ``EnglishTokenizer/wordTokens(_:)``, so both give comparable term keys.
///
/// English needs nothing installed; Korean needs the analyser, and without it Korean text
/// throws the ``AnalyzerError`` that says what to install.
public struct WordAnalyzer: Sendable {
    /// The Korean analyser, if MeCab and NK-HanDic were found.
    public let korean: KoreanAnalyzer?
    /// Why there is no Korean analyser.
    public let koreanUnavailable: AnalyzerError?

    /// Version of the term rules (``TermExtraction``): stored analyses by another version are
    /// redone.
    public static let termRulesVersion = "terms-1"

    /// An analyser that reads Korean with `korean`.
    public init(korean: KoreanAnalyzer) {
        self.korean = korean
        koreanUnavailable = nil
    }

    /// Finds the Korean analyser if it can; English works either way.
    public init(dicdir: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        do {
            korean = try KoreanAnalyzer(dicdir: dicdir, environment: environment)
            koreanUnavailable = nil
        } catch {
            korean = nil
            koreanUnavailable = error
        }
    }

    /// The signature stored with analyses of `language`'s articles.
    public func signature(language: String) -> String? {
        if language == "ko" { return korean.map { "\(Self.termRulesVersion); \($0.signature)" } }
        return "\(Self.termRulesVersion); english"
    }

    /// Whether a text of this edition language goes through the Korean analyser.
    public static func isKorean(_ text: String, language: String?) -> Bool {
        if let language { return language == "ko" && text.unicodeScalars.contains(where: Hangul.isSyllable) }
        return text.unicodeScalars.contains(where: Hangul.isHangul)
    }

    /// The tokens of `text`. `language` is the edition (`ko`, `en` …); nil decides by script
    /// (any Hangul: Korean).
    public func tokens(in text: String, language: String? = nil) throws(AnalyzerError) -> [WordToken] {
        guard Self.isKorean(text, language: language) else { return EnglishTokenizer.wordTokens(text) }
        guard let korean else { throw koreanUnavailable ?? .libraryNotFound("not loaded") }
        return korean.tokens(in: text)
    }
}
