import ArgumentParser
import Foundation
import SinmunShow
import SinmunStore

struct WatchFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Write the alerts as an Atom feed to standard output.",
        discussion: """
              sinmun watch feed > alerts.atom
              sinmun watch feed --dashboard https://sinmun.example.org > /var/www/alerts.atom

            With --dashboard, entries link to the articles' pages there; otherwise to the \
            articles' source addresses. --json writes the alerts as a JSON array instead.
            """
    )

    @Option(help: ArgumentHelp("The dashboard's address, for links to article pages.", valueName: "url"))
    var dashboard: String?

    @Option(help: ArgumentHelp("The newest this many alerts.", valueName: "n"))
    var limit = 200

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        let alerts = try store.watchAlerts(limit: limit)
        if common.json {
            try Terminal.printJSON(alerts)
            return
        }
        var base = dashboard
        while base?.hasSuffix("/") == true { base?.removeLast() }
        print(
            try AlertFeed.atom(
                alerts: alerts, link: base.map { "\($0)/alerts" }, selfLink: base.map { "\($0)/alerts.atom" },
                articleLink: base.map { base in { "\(base)/article/\($0)" } }),
            terminator: "")
    }
}
