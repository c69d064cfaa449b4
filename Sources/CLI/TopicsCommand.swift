import ArgumentParser

struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "topics", abstract: "(being written)")

    func run() throws {}
}
