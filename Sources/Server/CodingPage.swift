import Foundation
import SinmunCode
import SinmunStore

/// The form where a person labels one article with the codebook's codes (template `coding`).
struct CodingPage {
    struct CodeBox {
        var name: String
        var label: String
        var checked: Bool
    }

    var title: String
    var id: String
    var articleTitle: String
    var date: String
    var outlet: String
    var text: MarkedText
    var coder: String
    var csrf: String
    var saved: Bool
    var codes: [CodeBox]
    /// The coder's labels as CSV (`/labels.csv?coder=…`).
    var export: String

    init(
        _ article: ArticleDetail, codebook: Codebook, coder: String, labels: [String: Bool], csrf: String, saved: Bool
    ) {
        title = "Code: \(article.title)"
        id = article.id
        articleTitle = article.title
        date = article.date ?? ""
        outlet = article.outlet
        text = MarkedText(article, codebook: codebook.name)
        self.coder = coder
        self.csrf = csrf
        self.saved = saved
        codes = codebook.codes.map { CodeBox(name: $0.name, label: $0.label, checked: labels[$0.name] == true) }
        export = "/labels.csv" + DashboardSite.query([("coder", coder)])
    }
}
