import ArgumentParser
import Foundation
import SinmunCode
import SinmunCollect
import SinmunStore

struct WatchAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a watch rule.",
        discussion: """
            Select articles with --code (repeat it: an article needs every code) or --query (typed \
            as for `sinmun search`), then say what fires the rule; with none of the three flags it \
            fires for every period (--by, default day) that holds a selected article:

              --first-appearance        once, for the first period ever with a selected article
              --share-above X           every period (--by, default month) whose share of selected
                                        articles, among all articles under the filters, is above X
              --changepoint             every change point in the series (--by, default month)

            --since keeps history out: only articles dated from that day on count. Without it, the \
            first run reports what the corpus already holds.
            """
    )

    @Argument(help: ArgumentHelp("The rule's name: letters, digits, '-', '_' or '.'.", valueName: "name"))
    var name: String

    @Option(name: .customLong("code"), help: ArgumentHelp("A code articles must have.", valueName: "code"))
    var codes: [String] = []

    @Option(help: ArgumentHelp("A search articles must match.", valueName: "text"))
    var query: String?

    @Flag(name: .customLong("first-appearance"), help: "Fire once, for the first period with a selected article.")
    var firstAppearance = false

    @Option(
        name: .customLong("share-above"),
        help: ArgumentHelp("Fire for each period whose share is above this (0.05 = 5%).", valueName: "share"))
    var shareAbove: Double?

    @Flag(help: "Fire for each change point of the series.")
    var changepoint = false

    @Option(help: ArgumentHelp("The period: day, week, month, quarter or year.", valueName: "unit"))
    var by: String?

    @Option(help: ArgumentHelp("Only this outlet's articles (rodong, kcna).", valueName: "name"))
    var outlet: String?

    @Option(help: ArgumentHelp("Only this edition (ko, en).", valueName: "code"))
    var lang: String?

    @Option(help: ArgumentHelp("Only articles dated on or after this day.", valueName: "date"))
    var since: String?

    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else { throw ValidationError("a rule name is 1–64 letters, digits, '-', '_' or '.'") }
        guard codes.isEmpty != (query == nil) else { throw ValidationError("give --code (one or more) or --query") }
        let triggers = [firstAppearance, shareAbove != nil, changepoint].filter { $0 }.count
        guard triggers <= 1 else {
            throw ValidationError("choose one of --first-appearance, --share-above and --changepoint")
        }
        if let shareAbove, !(0..<1).contains(shareAbove) {
            throw ValidationError("--share-above takes a share from 0 to below 1 (0.05 for 5%)")
        }
        if let by, !["day", "week", "month", "quarter", "year"].contains(by) {
            throw ValidationError("--by must be day, week, month, quarter or year")
        }
    }

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        let trigger: WatchRule.Trigger =
            firstAppearance
            ? .firstAppearance : shareAbove != nil ? .shareAbove : changepoint ? .changepoint : .appearance
        if !codes.isEmpty {
            let codebook = try codebookOption.load()
            for code in codes where codebook.code(named: code) == nil {
                throw ValidationError(
                    "unknown code '\(code)' in \(codebook.name); known: "
                        + codebook.codes.map(\.name).joined(separator: ", "))
            }
        }
        if let query, SearchQuery(typed: query).isEmpty { throw ValidationError("nothing to search for in '\(query)'") }
        let defaultPeriod = trigger == .shareAbove || trigger == .changepoint ? "month" : "day"
        // A codebook file is kept by its absolute path: a timer runs in another folder.
        let codebookReference =
            BuiltInCodebooks.all[codebookOption.codebook] != nil
            ? codebookOption.codebook : URL(fileURLWithPath: codebookOption.codebook).standardizedFileURL.path
        let rule = WatchRule(
            name: name, codes: codes, codebook: codebookReference, query: query, trigger: trigger,
            threshold: shareAbove, period: by ?? defaultPeriod, outlet: outlet.map { Outlet(name: $0).rawValue },
            language: lang, since: try parseDateOption(since, name: "--since")?.isoString)
        try store.addWatchRule(rule)
        if common.json {
            try Terminal.printJSON(rule)
        } else {
            print("added \(rule.name): \(rule.summary)\nit is evaluated on the next `sinmun watch run`")
        }
    }
}
