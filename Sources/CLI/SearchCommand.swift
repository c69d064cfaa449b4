import ArgumentParser
import Foundation
import SinmunCollect
import SinmunPostgres
import SinmunRead
import SinmunStore

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search titles and bodies, ranked, with the matches highlighted.",
        discussion: """
            Words must all occur; "quoted words" must occur together. Korean is found inside \
            longer words (인공지능 finds 인공지능기술을) in North or South Korean spelling \
            (노동 finds 로동, 러시아 finds 로씨야) and with or without spaces (국가주도 finds \
            국가 주도); --exact turns the spelling and spacing variants off. English words match \
            their inflections (drone finds drones). lemma:WORD finds every inflected form of a \
            word through the term index (`sinmun analyze` first): lemma:받아들이다 finds \
            받아들여 and 받아들이며; lemma:노동/NNG restricts the tag. Every other character is \
            taken literally.

              sinmun search 인공지능 --from 2024-01 --outlet kcna
              sinmun search '"artificial intelligence"' --json
              sinmun search 'lemma:받아들이다' --outlet rodong
              sinmun search 로동 --db postgres://analyst@db.example.org/sinmun

            With --db postgres://USER@HOST:PORT/DB (or SINMUN_DB set to such a URL) the search \
            runs on a PostgreSQL copy of the corpus (`sinmun db copy`), with the same counts; \
            lemma: clauses read the term index there as here (`sinmun analyze`).
            """
    )

    @Argument(help: "What to look for.")
    var query: [String]

    @Option(help: "How many hits to show.")
    var limit = 10

    @Option(help: "Skip this many hits first (paging).")
    var offset = 0

    @OptionGroup var filters: FilterOptions

    @Flag(help: "Search the spelling as typed: no North/South spelling or spacing variants.")
    var exact = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        let text = query.joined(separator: " ")
        let parsed = SearchQuery(typed: text, exact: exact)
        let database = CorpusStore.resolvePath(option: common.db)
        var store: CorpusStore?
        let result: SearchResult
        if PostgresLocation.isURL(database) {
            let filter = try filters.filter()
            result = try await PostgresCorpus.with(database) { corpus in
                try corpus.search(parsed, filter: filter, limit: limit, offset: offset)
            }
        } else {
            let opened = try CorpusStore(path: database)
            store = opened
            result = try opened.search(parsed, filter: try filters.filter(), limit: limit, offset: offset)
        }
        if common.json {
            try Terminal.printJSON(result.hits.map(JSONHit.init))
            return
        }
        if parsed.isEmpty {
            Terminal.error("nothing to search for in '\(text)': only punctuation or operators")
            return
        }
        if !parsed.lemmas.isEmpty, let coverage = try? store?.analysisCoverage(), coverage.analysed < coverage.articles
        {
            Terminal.error(
                "note: \(coverage.articles - coverage.analysed) article(s) are not in the term index yet; "
                    + "`sinmun analyze` adds them")
        }
        let tty = Terminal.stdoutIsTTY
        let (open, close) = tty ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("**", "**")
        print(
            "\(result.total) article(s) match \(text)"
                + (result.hits.isEmpty ? "" : " — showing \(offset + 1)–\(offset + result.hits.count)"))
        if let window = result.rankedAmong {
            print(
                "(a broad query: ranked by relevance among the \(window) most recently published matches; "
                    + "--from, --to, --outlet or --lang narrow what is ranked)")
        }
        for (index, hit) in result.hits.enumerated() {
            let title = Snippet(text: hit.title, highlights: hit.titleHighlights).marked(open: open, close: close)
            print("\n\(offset + index + 1). \(hit.date ?? "undated")  \(hit.outlet)/\(hit.lang)  \(title)")
            print("   \(hit.snippet.marked(open: open, close: close))")
            for url in hit.urls.prefix(3) { print("   \(url)") }
            if hit.urls.count > 3 { print("   (+\(hit.urls.count - 3) more addresses)") }
        }
    }

    /// The JSON shape of a hit: highlights as `[start, end)` Character offsets.
    struct JSONHit: Encodable {
        var id, outlet, lang, title: String
        var date: String?
        var urls, sections: [String]
        var score: Double
        var titleHighlights: [[Int]]
        var snippet: String
        var snippetHighlights: [[Int]]

        init(_ hit: SearchHit) {
            id = hit.id
            outlet = hit.outlet
            lang = hit.lang
            title = hit.title
            date = hit.date
            urls = hit.urls
            sections = hit.sections
            score = hit.score
            titleHighlights = hit.titleHighlights.map { [$0.lowerBound, $0.upperBound] }
            snippet = hit.snippet.text
            snippetHighlights = hit.snippet.highlights.map { [$0.lowerBound, $0.upperBound] }
        }
    }
}
