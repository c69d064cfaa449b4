import ArgumentParser
import Foundation
import SinmunStore

struct WatchRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a watch rule (a built-in one is disabled). Its alerts are kept unless --purge."
    )

    @Argument(help: ArgumentHelp("The rule's name.", valueName: "name"))
    var name: String

    @Flag(help: "Drop the rule's alerts and their queued deliveries too (the name can then be used again).")
    var purge = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        let rule = try? store.watchRule(named: name)
        let alerts = try store.alertCount(rule: name)
        try store.removeWatchRule(named: name, purge: purge)
        if common.json {
            try Terminal.printJSON(["removed": name])
            return
        }
        switch (rule?.builtIn, purge) {
        case (true?, _): print("disabled the built-in rule \(name)")
        case (false?, _): print("removed \(name)")
        case (nil, _): print("removed nothing but the alerts of the earlier rule \(name)")
        }
        if purge { print("dropped \(alerts) alert(s) and their queued deliveries") }
    }
}
