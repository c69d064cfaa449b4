import ArgumentParser
import Foundation
import SinmunStore

struct WatchListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the watch rules with their alert counts and the period of each one's newest alert.",
        discussion: "Built-in rules appear once a `watch run` has run; removed built-in ones show as disabled."
    )

    @OptionGroup var common: CommonOptions

    struct Entry: Encodable {
        var rule: WatchRule
        var alerts: Int
        var newestAlertPeriod: String?
    }

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        let entries = try store.watchRules(includingDisabled: true).map { rule in
            Entry(
                rule: rule, alerts: try store.alertCount(rule: rule.name),
                newestAlertPeriod: try store.watchAlerts(rule: rule.name, limit: 1).first?.period)
        }
        if common.json {
            try Terminal.printJSON(entries)
            return
        }
        if entries.isEmpty {
            print("no watch rules yet: `sinmun watch add` one, or `sinmun watch run` for the built-in ones")
        }
        for entry in entries {
            let flags = (entry.rule.builtIn ? " [built-in]" : "") + (entry.rule.enabled ? "" : " [disabled]")
            let last = entry.newestAlertPeriod.map { ", newest alert for \($0)" } ?? ""
            print("\(entry.rule.name.padding(24)) \(entry.rule.summary)\(flags)")
            print("\(String().padding(24)) \(entry.alerts) alert(s)\(last)")
        }
    }
}
