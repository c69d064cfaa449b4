import Foundation
import SinmunStore

/// Watch alerts as an Atom feed (RFC 4287), for any feed reader (templates `alerts-atom` and
/// `alert-content`).
///
/// Everything from the corpus (titles, evidence sentences, rule names) is untrusted: the
/// templates escape it for XML, and characters XML 1.0 cannot carry at all (most control
/// characters) are dropped first, so the feed always parses. An entry's content is HTML
/// (`type="html"`), escaped once as HTML and once more as the element's text.
public enum AlertFeed {
    /// The feed of `alerts` (newest first). `link` is where readers see the alerts (the
    /// dashboard's `/alerts`), `selfLink` the feed's own address; `articleLink` gives an
    /// article's page from its id when there is a dashboard to link to (otherwise entries
    /// link to the articles' own http(s) addresses).
    public static func atom(
        alerts: [WatchAlert], title: String = "Sinmun watch alerts", link: String? = nil, selfLink: String? = nil,
        articleLink: ((String) -> String)? = nil
    ) throws -> String {
        let library = try TemplateLibrary.report.get()
        let entries = try alerts.map { alert in
            Entry(
                id: "urn:sinmun:alert:" + percentEncoded(alert.rule) + ":" + percentEncoded(alert.period),
                title: xmlSafe("\(alert.rule) · \(alert.period)"), updated: xmlSafe(alert.firedAt),
                trigger: xmlSafe(alert.trigger), summary: xmlSafe(alert.summary),
                link: (alert.articles.first.flatMap { articleLink?($0.id) ?? HTML.safeURL($0.url) }).map(xmlSafe),
                content: try library.render(Content(alert, articleLink: articleLink), template: "alert-content"))
        }
        let feed = Feed(
            title: xmlSafe(title), updated: xmlSafe(alerts.map(\.firedAt).max() ?? "1970-01-01T00:00:00Z"),
            link: link.map(xmlSafe), selfLink: selfLink.map(xmlSafe), entries: entries)
        return try library.render(feed, template: "alerts-atom")
    }

    struct Feed {
        var title: String
        var updated: String
        var link: String?
        var selfLink: String?
        var entries: [Entry]
    }

    struct Entry {
        var id: String
        var title: String
        var updated: String
        var trigger: String
        var summary: String
        var link: String?
        var content: String
    }

    /// An entry's HTML: the summary, the evidence sentences, the articles.
    struct Content {
        struct Evidence {
            var sentence: String
            var title: String
        }

        struct Article {
            var label: String
            var link: String?
        }

        var summary: String
        var hasEvidence: Bool
        var evidence: [Evidence]
        var hasArticles: Bool
        var count: Int
        var articles: [Article]

        init(_ alert: WatchAlert, articleLink: ((String) -> String)?) {
            summary = xmlSafe(alert.summary)
            evidence = alert.evidence.map {
                Evidence(sentence: xmlSafe($0.sentence), title: xmlSafe(alert.title(ofArticle: $0.article)))
            }
            hasEvidence = !evidence.isEmpty
            count = alert.articleCount
            articles = alert.articles.map {
                Article(
                    label: xmlSafe("\($0.date ?? "undated") \($0.title)"),
                    link: (articleLink?($0.id) ?? HTML.safeURL($0.url)).map(xmlSafe))
            }
            hasArticles = !articles.isEmpty
        }
    }

    /// `text` without the characters XML 1.0 forbids (the templates escape the rest).
    public static func xmlSafe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let allowed =
                value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            if allowed { out.append(scalar) }
        }
        return String(out)
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
