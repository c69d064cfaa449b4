import Foundation
import SinmunStore

/// The search form, filled in with the request's values (template `search-form`).
struct SearchForm {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    var text: String
    var from: String
    var to: String
    var outlets: [Option]
    var languages: [Option]
    var codes: [Option]

    init(_ parameters: SearchParameters, codes: [String]) {
        func options(_ values: [String], _ selected: String?) -> [Option] {
            values.map { Option(value: $0, label: $0.isEmpty ? "any" : $0, selected: $0 == (selected ?? "")) }
        }
        text = parameters.text
        from = parameters.fromText ?? ""
        to = parameters.toText ?? ""
        outlets = options(["", "kcna", "rodong"], parameters.outlet)
        languages = options(["", "ko", "en", "zh"], parameters.lang)
        self.codes = options([""] + codes, parameters.code)
    }
}

/// A page of search results (template `search`).
struct SearchPage {
    struct Hit {
        var id: String
        var titleHTML: String
        var snippetHTML: String
        var date: String
        var outlet: String
        var lang: String
    }

    var title = "Search"
    var form: SearchForm
    var total: Int
    /// `21–40`, or nil when nothing is shown.
    var shown: String?
    var rankedAmong: Int?
    var hits: [Hit]
    /// The next page's address, when there is one.
    var next: String?

    init(_ result: SearchResult, _ parameters: SearchParameters, codes: [String]) {
        form = SearchForm(parameters, codes: codes)
        total = result.total
        shown = result.hits.isEmpty ? nil : "\(parameters.offset + 1)–\(parameters.offset + result.hits.count)"
        rankedAmong = result.rankedAmong
        hits = result.hits.map { hit in
            Hit(
                id: hit.id, titleHTML: MarkedText.html(Snippet(text: hit.title, highlights: hit.titleHighlights)),
                snippetHTML: MarkedText.html(hit.snippet), date: hit.date ?? "undated", outlet: hit.outlet,
                lang: hit.lang)
        }
        next =
            parameters.offset + result.hits.count < result.total
            ? "/search" + DashboardSite.query(parameters.linkItems(offset: parameters.offset + parameters.limit)) : nil
    }
}
