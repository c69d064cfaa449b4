import ArgumentParser

struct CollocationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "collocations", abstract: "(being written)")

    func run() throws {}
}
