import Foundation

/// Reads saved article pages of rodong.rep.kp or kcna.kp (`sinmun import --format rodong-html
/// DIR`): one `.html` file per article, parsed as the crawler parses fetched pages.
///
/// The page's address, which carries Rodong's article id and the edition, is taken from the
/// browser's `<!-- saved from url=(0071)http://… -->` mark, a canonical link or `og:url`; a
/// page with none is read under a `file:` address, its edition from `--lang` (else the script).
struct SavedPageReader {
    var options: ImportOptions
    var site: ImportFormat

    func read(_ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void) throws {
        let (files, source) = try ArchiveReader.files(at: url, extensions: ["html", "htm"], kind: ".html")
        for (index, file) in files.enumerated() {
            progress(Double(index + 1) / Double(files.count))
            do {
                try emit(.article(try article(file, source: source)))
            } catch let error as PageParseError {
                try emit(.skipped(ImportIssue(source: source, location: file.lastPathComponent, message: error.reason)))
            }
        }
    }

    func article(_ file: URL, source: String) throws -> Article {
        let data = try ArchiveReader.contents(of: file)
        let address = Self.savedAddress(in: data) ?? file.absoluteString
        if let truncated = PageParseError.truncation(of: data, url: address) { throw truncated }
        let document = try HTMLDocument(data: data, url: address)
        let language =
            options.language ?? Self.edition(of: address)
            ?? LanguageGuess.language(of: document.first("//body")?.text.prefix(400) ?? "")
        var article =
            site == .kcnaHTML
            ? try KCNASite.article(document, language: language)
            : try RodongSite.article(document, language: language)
        article.provenance = Provenance(source: source, locator: file.lastPathComponent)
        if address.hasPrefix("file:") { article.urls = [] }
        return article
    }

    /// The edition a site address names: `/ko/`, `/en/`, `/cn/` (Chinese), KCNA's `/kp/`.
    static func edition(of address: String) -> String? {
        guard let path = URLComponents(string: address)?.path else { return nil }
        switch path.split(separator: "/").first.map(String.init) {
        case "ko", "kp": return "ko"
        case "en": return "en"
        case "cn", "zh": return "zh"
        default: return nil
        }
    }

    /// The address a saved page came from, if it says.
    static func savedAddress(in data: Data) -> String? {
        let head = String(decoding: data.prefix(16_384), as: UTF8.self)
        if let range = head.range(of: #"saved from url=\(\d+\)[^ >]+"#, options: .regularExpression) {
            let mark = head[range]
            if let start = mark.range(of: ")") { return String(mark[start.upperBound...]) }
        }
        for pattern in [#"<link[^>]+rel=["']canonical["'][^>]*>"#, #"<meta[^>]+property=["']og:url["'][^>]*>"#] {
            if let tag = head.range(of: pattern, options: [.regularExpression, .caseInsensitive]),
                let value = head[tag].range(of: #"(href|content)=["'][^"']+"#, options: .regularExpression)
            {
                let attribute = head[tag][value]
                if let quote = attribute.firstIndex(where: { $0 == "\"" || $0 == "'" }) {
                    return String(attribute[attribute.index(after: quote)...])
                }
            }
        }
        return nil
    }
}
