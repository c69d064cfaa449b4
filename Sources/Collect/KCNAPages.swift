import Foundation

/// Addresses and page parsing for kcna.kp.
///
/// The structure is the one public scrapers read (github.com/stiles/north-korea-news,
/// `fetch_kcna.py`, 2024–25) and the 2,111 real addresses of the shared KCNA archive show: a
/// home page whose `div.col-md-12.menu-block` links the sections
/// (`/en/category/articles/q/<32 hex>.kcmsf`, `/en/category/photos.kcmsf`), section listings
/// of `ul.article-link li` (a link and a `span.publish-time` `[Juche113.1.2.]`) or, for photos
/// and videos, `div.photo|div.video span.title a`, and article pages
/// (`/en/article/q/<hex>.kcmsf`) whose text is the `p`s of `div.content-wrapper`.
public enum KCNASite {
    /// The site's root; `--base-url` replaces it with a mirror or a test server.
    public static let defaultBase = "http://www.kcna.kp"

    /// The site's folder of an edition: `kp` for Korean, `en`, `cn` for Chinese.
    public static func editionPath(_ language: String) -> String {
        switch language {
        case "ko": return "kp"
        case "zh": return "cn"
        default: return language
        }
    }

    /// The edition's home page, whose menu lists the sections.
    public static func homeAddress(base: String, language: String) -> String {
        "\(RodongSite.trimmed(base))/\(editionPath(language))"
    }

    /// The sections the home page's menu links: (name, absolute address).
    public static func sections(_ document: HTMLDocument) -> [(name: String, url: String)] {
        categoryLinks(document.nodes("//div[\(HTMLDocument.hasClass("menu-block"))]//a[@href]"), in: document)
    }

    /// Every link to a section (`/category/`) anywhere on a page, in the menu or not: what a
    /// probe shows when the menu's markup has changed.
    public static func categoryLinks(_ document: HTMLDocument) -> [(name: String, url: String)] {
        categoryLinks(document.nodes("//a[@href]"), in: document)
    }

    static func categoryLinks(_ nodes: [HTMLNode], in document: HTMLDocument) -> [(name: String, url: String)] {
        var seen: Set<String> = []
        return nodes.compactMap { node in
            guard let href = node.attribute("href"), let url = SitePage.resolve(href, against: document.url),
                url.contains("/category/"), seen.insert(url).inserted
            else { return nil }
            return (node.text, url)
        }
    }

    /// Reads a section listing: its article (or photo, video) links with their dates, and the
    /// next page (a pagination link numbered one more than this page, or marked next).
    public static func listing(_ document: HTMLDocument, section: String?) -> ListingPage {
        var entries: [ListingEntry] = []
        var seen: Set<String> = []
        let items =
            document.nodes("//ul[\(HTMLDocument.hasClass("article-link"))]/li")
            + document.nodes(
                "//div[\(HTMLDocument.hasClass("photo")) or \(HTMLDocument.hasClass("video"))]"
                    + "//span[\(HTMLDocument.hasClass("title"))]")
        for item in items {
            guard let link = item.first(".//a[@href]"), let href = link.attribute("href"),
                let url = SitePage.resolve(href, against: document.url), seen.insert(url).inserted
            else { continue }
            let stamp = item.first(".//span[\(HTMLDocument.hasClass("publish-time"))]")?.text
            // The link's text holds the stamp too on some pages: strip it from the title.
            var title = link.text
            if let stamp, !stamp.isEmpty { title = title.replacingOccurrences(of: stamp, with: "") }
            let cleaned = TextCleanup.cleanTitle(title, language: "en")
            let date = stamp.flatMap(PageDate.parse) ?? cleaned.stampDate
            entries.append(ListingEntry(url: url, title: cleaned.title, date: date, section: section))
        }
        return ListingPage(entries: entries, next: nextPage(document))
    }

    static func nextPage(_ document: HTMLDocument) -> String? {
        let current =
            URLComponents(string: document.url)?.queryItems?.first(where: { $0.name == "page" })?.value.flatMap {
                Int($0)
            } ?? 1
        let links = document.nodes("//*[\(HTMLDocument.hasClass("pagination"))]//a[@href]")
        let next =
            links.first(where: { Int($0.text) == current + 1 })
            ?? links.first(where: { ["next", ">", "›", "»", "다음", "下一页"].contains($0.text.lowercased()) })
        return next?.attribute("href").flatMap { SitePage.resolve($0, against: document.url) }
    }

    /// Reads an article page. Photo and video pages (`/media/`) may have no text: they become
    /// headline-only articles, as in the archives. Any other page without `div.content-wrapper`
    /// text is an error page or a changed layout, and is reported as such.
    public static func article(
        _ document: HTMLDocument, language: String, listed: ListingEntry? = nil
    ) throws -> Article {
        let isMedia = document.url.contains("/media/")
        let rawTitle =
            document.first("//*[\(HTMLDocument.hasClass("article-main-title"))]")?.text
            ?? document.first("//h1")?.text
        let content = document.first("//div[\(HTMLDocument.hasClass("content-wrapper"))]")
        if content == nil && !isMedia {
            throw PageParseError.missingContent(in: document, expected: "the text block (div.content-wrapper)")
        }
        let paragraphs = content.map { SitePage.paragraphs($0.nodes(".//p"), language: language) } ?? []
        if paragraphs.isEmpty && !isMedia {
            throw PageParseError.missingContent(in: document, expected: "paragraphs in div.content-wrapper")
        }
        let cleaned = TextCleanup.cleanTitle(rawTitle ?? listed?.title ?? "", language: language)
        guard !cleaned.title.isEmpty else { throw PageParseError.missingContent(in: document, expected: "the title") }
        let stamp = document.first("//*[\(HTMLDocument.hasClass("publish-time"))]").flatMap { PageDate.parse($0.text) }
        return Article(
            outlet: .kcna, language: language, date: stamp ?? cleaned.stampDate ?? listed?.date,
            sections: listed?.section.map { [$0] } ?? [], title: cleaned.title, paragraphs: paragraphs,
            urls: [document.url], provenance: Provenance(source: document.url, locator: document.url))
    }
}
