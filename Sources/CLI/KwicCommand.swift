import ArgumentParser
import Foundation
import SinmunCode
import SinmunCollect
import SinmunStore

struct KwicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwic",
        abstract: "Keyword in context: every occurrence of a term with the words around it.",
        discussion: """
            Korean terms are found in North or South Korean spelling and with any spacing \
            (로동 and 노동; 국가주도 and 국가 주도); English terms as whole words.

              sinmun kwic 인공지능 --window 6
              sinmun kwic "artificial intelligence" --json
            """
    )

    @Argument(help: "The term.") var term: String
    @Option(help: "Words shown either side.") var window = 8
    @Option(help: "At most this many lines.") var limit = 100
    @OptionGroup var filters: FilterOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (0...50).contains(window) else { throw ValidationError("--window must be between 0 and 50") }
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000") }
    }

    func run() throws {
        let lines = try common.openStore().keywordsInContext(
            term, window: window, filter: try filters.filter(), limit: limit)
        if common.json {
            try Terminal.printJSON(lines)
            return
        }
        let (open, close) = Terminal.stdoutIsTTY ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
        for line in lines {
            let pre = String(line.pre.suffix(60))
            // pre and post keep their own spacing: a Korean particle follows the keyword directly.
            let post = String(line.post.prefix(60))
            print("\(line.date ?? "undated") \(line.outlet.padding(7)) …\(pre)\(open)\(line.keyword)\(close)\(post)…")
        }
        if lines.isEmpty { Terminal.error("no occurrences of '\(term)'") }
    }
}
