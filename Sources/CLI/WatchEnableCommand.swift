import ArgumentParser
import Foundation
import SinmunStore

struct WatchEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Evaluate a disabled rule again (a built-in rule that `watch remove` disabled)."
    )

    @Argument(help: ArgumentHelp("The rule's name.", valueName: "name"))
    var name: String

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withBackend { store in try run(on: store) }
    }

    func run(on store: any CorpusBackend) throws {
        try store.enableWatchRule(named: name)
        if common.json {
            try Terminal.printJSON(["enabled": name])
        } else {
            print("enabled \(name): it is evaluated on the next `sinmun watch run`")
        }
    }
}
