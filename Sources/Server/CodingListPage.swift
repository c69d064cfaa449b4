import Foundation
import SinmunStore

/// The articles to pick from for labelling (template `coding-list`).
struct CodingListPage {
    struct Hit {
        var link: String
        var title: String
        var date: String
        var outlet: String
    }

    var title = "Coding"
    var coders: String
    var form: SearchForm
    var hits: [Hit]

    init(_ result: SearchResult, _ parameters: SearchParameters, codes: [String], coder: String?, coders: [String]) {
        self.coders = coders.joined(separator: ", ")
        form = SearchForm(parameters, codes: codes)
        hits = result.hits.map {
            Hit(
                link: "/code/\($0.id)" + DashboardSite.query([("coder", coder)]), title: $0.title, date: $0.date ?? "",
                outlet: $0.outlet)
        }
    }
}
