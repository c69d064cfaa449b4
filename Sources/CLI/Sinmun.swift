import ArgumentParser
import Foundation
import SinmunCollect
import SinmunPostgres
import SinmunStore

@main
struct Sinmun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sinmun",
        abstract: "An observatory for North Korean state-media discourse.",
        discussion: """
            Sinmun keeps a corpus of Rodong Sinmun and KCNA articles in one SQLite file \
            (./sinmun.sqlite, or --db FILE, or the SINMUN_DB environment variable), \
            deduplicated and full-text indexed for Korean and English.

              sinmun import ../shared/corpora/kcna-en-2024/headlines_2024-11-11.json
              sinmun stats
              sinmun search 인공지능
            """,
        subcommands: [
            ImportCommand.self, CrawlCommand.self, StatsCommand.self, SearchCommand.self, AnalyzeCommand.self,
            TokensCommand.self, CodeCommand.self, CodesCommand.self, QuotesCommand.self, SuggestCommand.self,
            KwicCommand.self, ValidateCommand.self,
            CodebookCommand.self, TrendCommand.self, ChangePointsCommand.self, CompareCommand.self, ReportCommand.self,
            StudyCommand.self, KeynessCommand.self, CollocationsCommand.self, TermsCommand.self,
            TopicsCommand.self, CooccurrenceCommand.self, WatchCommand.self, ServeCommand.self, BenchCommand.self,
            DoctorCommand.self, DbCommand.self,
        ]
    )
}

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The corpus: a SQLite file, or postgres://USER@HOST:PORT/DB for the commands that run on PostgreSQL.",
            discussion: "Default: $SINMUN_DB, else ./sinmun.sqlite.", valueName: "file|url"))
    var db: String?

    @Flag(name: .long, help: "Write machine-readable JSON to standard output.")
    var json = false

    /// Opens the SQLite corpus, for the commands that run on SQLite only.
    func openStore() throws -> CorpusStore {
        let path = CorpusStore.resolvePath(option: db)
        // Opening the URL as a file would create one.
        guard !PostgresLocation.isURL(path) else {
            throw PostgresCorpusError.notOnPostgres(
                "this command (one of kwic, quotes, suggest, tokens, bench)"
            )
        }
        return try CorpusStore(path: path)
    }

    /// Runs `body` on the corpus `--db` names, a SQLite file or a PostgreSQL URL, for the
    /// commands that run on both; a PostgreSQL connection is closed after.
    func withBackend<T>(_ body: (any CorpusBackend) async throws -> T) async throws -> T {
        let location = CorpusStore.resolvePath(option: db)
        guard PostgresLocation.isURL(location) else { return try await body(try CorpusStore(path: location)) }
        return try await PostgresCorpus.with(location) { corpus in try await body(corpus) }
    }
}

/// `--from`, `--to`, `--outlet`, `--lang`: the article filter most commands take.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only articles on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only articles on or before this date.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only this outlet (rodong, kcna ...).", valueName: "name"))
    var outlet: String?

    @Option(help: ArgumentHelp("Only this edition language (ko, en ...).", valueName: "code"))
    var lang: String?

    func filter() throws -> ArticleFilter {
        ArticleFilter(
            from: try parseDateOption(from, name: "--from"),
            to: try parseDateOption(to, name: "--to", endOfPeriod: true),
            outlet: outlet.map(Outlet.init(name:)), language: lang)
    }
}

enum Terminal {
    /// True when standard error is a terminal: progress and colour go there only then.
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// A one-line progress bar on standard error, drawn only on a terminal and at most ten
/// times a second.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, enabled: Bool = Terminal.stderrIsTTY) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ fraction: Double) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || fraction >= 1 else { return }
        lastDraw = Date()
        let width = 30
        let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))%".utf8))
        drawn = true
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

/// Parses `--from`/`--to` values; a `--to` of a year or month means its last day.
func parseDateOption(_ raw: String?, name: String, endOfPeriod: Bool = false) throws -> PublicationDate? {
    guard let raw else { return nil }
    guard let date = DateParsing.parse(raw) else {
        throw ValidationError("\(name) '\(raw)' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    }
    return endOfPeriod ? date.endOfPeriod : date
}
