import SinmunRead
import SinmunStore

extension SearchQuery {
    /// A query as a user typed it, with North/South spelling and spacing variants of each
    /// clause (unless `exact`), and `lemma:` clauses folded as term keys fold them.
    public init(typed text: String, exact: Bool = false) {
        if exact {
            self.init(text, foldLemma: TermExtraction.foldedLemma)
        } else {
            self.init(text, expand: SearchSpelling.variants, foldLemma: TermExtraction.foldedLemma)
        }
    }
}
