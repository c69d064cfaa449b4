import Foundation
import SinmunShow
import SinmunStore

/// One article with its codes, sources and near-duplicates (template `article`).
struct ArticlePage {
    struct CodeRow {
        var code: String
        var level: String
        /// For an actor: speaks, subject or mentioned.
        var link: String?
        var hits: Int
        var evidence: String
    }

    struct QuoteRow {
        var speaker: String
        /// How a pronoun or title was resolved; nil when named.
        var resolved: String?
        var verb: String
        var actor: String
        var words: String
        var conceptInQuote: Bool
    }

    struct Source {
        var address: String
        /// The address when it is a plain http(s) link; nil otherwise (shown, not linked).
        var link: String?
    }

    struct Duplicate {
        var id: String
        var title: String
        var date: String
        var outlet: String
        var similarity: String
    }

    var title: String
    var id: String
    var date: String
    var outlet: String
    var lang: String
    var printedPage: String?
    var sections: String?
    var text: MarkedText
    var codebook: String
    var hasCodes: Bool
    var codes: [CodeRow]
    var hasQuotes: Bool
    var quotes: [QuoteRow]
    var sources: [Source]
    var hasNearDuplicates: Bool
    var nearDuplicates: [Duplicate]
    /// Nil when the article was never revised.
    var revisions: Int?

    init(_ article: ArticleDetail, codebook: String) {
        title = article.title
        id = article.id
        date = article.date ?? "undated"
        outlet = article.outlet
        lang = article.lang
        printedPage = article.page.map { "\($0)" }
        sections = article.sections.isEmpty ? nil : article.sections.joined(separator: ", ")
        text = MarkedText(article, codebook: codebook)
        self.codebook = codebook
        codes = (article.codes[codebook] ?? []).map {
            CodeRow(
                code: $0.code, level: $0.level, link: $0.link, hits: $0.hits,
                evidence: $0.evidence.first?.sentence ?? "")
        }
        hasCodes = !codes.isEmpty
        quotes = (article.quotes[codebook] ?? []).map {
            QuoteRow(
                speaker: $0.speaker, resolved: $0.resolution == "named" ? nil : "resolved from a \($0.resolution)",
                verb: $0.verb, actor: $0.actor ?? "", words: $0.quote ?? "", conceptInQuote: $0.conceptInQuote)
        }
        hasQuotes = !quotes.isEmpty
        sources = article.urls.map { Source(address: $0, link: HTML.safeURL($0)) }
        nearDuplicates = article.nearDuplicates.map {
            Duplicate(
                id: $0.id, title: $0.title, date: $0.date ?? "", outlet: "\($0.outlet)",
                similarity: String(format: "%.2f", $0.similarity))
        }
        hasNearDuplicates = !nearDuplicates.isEmpty
        revisions = article.revisions > 0 ? article.revisions : nil
    }
}
