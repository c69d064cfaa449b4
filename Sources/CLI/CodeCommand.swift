import ArgumentParser
import Foundation
import SinmunCode
import SinmunStore

/// `--codebook NAME|PATH`, shared by the coding commands.
struct CodebookOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("A built-in codebook name (ai-discourse) or a codebook YAML file.", valueName: "name|path"))
    var codebook = "ai-discourse"

    func load() throws -> Codebook {
        try BuiltInCodebooks.load(codebook)
    }
}

struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Code every article with a codebook, keeping the evidence sentences.",
        discussion: """
            Incremental: only articles that are new or changed since this version of the \
            codebook last ran are coded; editing the codebook recodes everything. Results are \
            stored in the database; read them with `sinmun codes`.

            Runs on a SQLite file or on PostgreSQL (--db postgres://USER@HOST:PORT/DB), where \
            several coders may run at once, beside imports.
            """
    )

    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let codebook = try codebookOption.load()
        let bar = ProgressBar(label: "coding", enabled: Terminal.stderrIsTTY && !common.json)
        let report = try await common.withBackend { store in
            try store.code(with: codebook) { done, total in
                bar.update(total > 0 ? Double(done) / Double(total) : 1)
            }
        }
        bar.finish()
        if common.json {
            try Terminal.printJSON(report)
            return
        }
        print(
            "\(codebook.name) (\(codebook.hash.prefix(12))): coded \(report.coded) article(s), "
                + "\(report.upToDate) already up to date, \(report.withCodes) with codes, "
                + "in \(String(format: "%.2f", report.seconds)) s")
        for code in codebook.codes where (report.assigned[code.name] ?? 0) > 0 {
            print("  \(code.name.padding(20))\(report.assigned[code.name]!)")
        }
    }
}

struct CodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "List every article with its codes, levels and evidence.",
        discussion: """
            One record per article, in date order: id, date, outlet, lang, title, urls (every \
            source address), sections, and codes — an object keyed by code name whose values \
            carry level (focus or mention), score, hits and evidence (sentences with UTF-8 byte \
            offsets into the title or body). Articles without codes have an empty codes object. \
            --json writes a JSON array; --jsonl one object per line. Run `sinmun code` first.
            """
    )

    @OptionGroup var codebookOption: CodebookOption

    @Flag(help: "One JSON object per line instead of an array.")
    var jsonl = false

    @Option(help: ArgumentHelp("Only articles with this code (any level).", valueName: "code"))
    var code: String?

    @OptionGroup var filters: FilterOptions

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let codebook = try codebookOption.load()
        if let code, codebook.code(named: code) == nil {
            let known = codebook.codes.map(\.name).joined(separator: ", ")
            throw ValidationError("unknown code '\(code)' in \(codebook.name); known: \(known)")
        }
        let filter = try filters.filter()
        try await common.withBackend { store in try list(codebook, filter, store) }
    }

    private func list(_ codebook: Codebook, _ filter: ArticleFilter, _ store: any CodingBackend) throws {
        let coverage = try store.codingCoverage(codebook: codebook.name)
        if coverage.coded < coverage.articles || coverage.hash != codebook.hash {
            Terminal.error(
                "note: \(coverage.articles - coverage.coded) article(s) are not coded by this version of "
                    + "\(codebook.name); run `sinmun code` first")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            jsonl ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var first = true
        if common.json && !jsonl { print("[") }
        try store.codedArticles(codebook: codebook.name, filter: filter) { article in
            if let code, article.codes[code] == nil { return }
            if common.json || jsonl {
                let text = String(decoding: try encoder.encode(article), as: UTF8.self)
                if jsonl { print(text) } else { print((first ? "" : ",\n") + text, terminator: "") }
                first = false
            } else if !article.codes.isEmpty {
                let summary = article.codes.values.sorted { $0.code < $1.code }.map { "\($0.code):\($0.level)" }.joined(
                    separator: " ")
                print(
                    "\(article.date ?? "undated")  \(article.outlet)/\(article.lang)  \(article.title)\n   \(summary)")
                if let evidence = article.codes.values.first(where: { $0.code == "ai" })?.evidence.first
                    ?? article.codes.values.first?.evidence.first
                {
                    print("   « \(evidence.sentence) »")
                }
            }
        }
        if common.json && !jsonl { print(first ? "]" : "\n]") }
    }
}

struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Show or check a codebook.",
        discussion: "sinmun codebook show ai-discourse > mine.yaml; edit; sinmun codebook check mine.yaml",
        subcommands: [Show.self, Check.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a codebook's YAML.")
        @Argument(help: "A built-in name or a file.") var codebook = "ai-discourse"
        func run() throws {
            print(try BuiltInCodebooks.load(codebook).source)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a codebook against the schema and list its codes.")
        @Argument(help: "A built-in name or a file.") var codebook: String
        @Flag(help: "Write the result as JSON.") var json = false
        func run() throws {
            let book = try BuiltInCodebooks.load(codebook)
            if json {
                struct Summary: Encodable {
                    var name, hash: String
                    var codes: [[String: String]]
                }
                try Terminal.printJSON(
                    Summary(
                        name: book.name, hash: book.hash,
                        codes: book.codes.map { ["name": $0.name, "group": $0.group.rawValue, "label": $0.label] }))
                return
            }
            print("\(book.name): \(book.codes.count) codes, hash \(book.hash.prefix(12))")
            for code in book.codes {
                let columns = code.name.padding(20) + code.group.rawValue.padding(10)
                print("  \(columns)\(code.patterns.count) patterns  \(code.label)")
            }
        }
    }
}
