import ArgumentParser
import Foundation
import SinmunStore

struct WatchShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a watch rule and its alerts, newest first, with their evidence."
    )

    @Argument(help: ArgumentHelp("The rule's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Show at most this many alerts.", valueName: "n"))
    var limit = 20

    @OptionGroup var common: CommonOptions

    struct Output: Encodable {
        var rule: WatchRule
        var alerts: [WatchAlert]
    }

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        let rule = try store.watchRule(named: name)
        let alerts = try store.watchAlerts(rule: name, limit: limit)
        if common.json {
            try Terminal.printJSON(Output(rule: rule, alerts: alerts))
            return
        }
        print("\(rule.name): \(rule.summary)\(rule.enabled ? "" : " [disabled]")")
        if alerts.isEmpty { print("no alert yet") }
        for alert in alerts { print(WatchAlertText.describe(alert)) }
    }
}
