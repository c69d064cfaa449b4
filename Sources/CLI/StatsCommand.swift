import ArgumentParser
import Foundation
import SinmunStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the corpus holds: articles by outlet, language and month.",
        discussion: "With --json, an object whose `articles` field is the number of distinct articles."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let stats = try await common.withBackend { try $0.statistics() }
        if common.json {
            try Terminal.printJSON(stats)
            return
        }
        print("articles         \(stats.articles) distinct")
        print("records read     \(stats.records) (\(stats.mergedRecords) merged into other copies)")
        print("addresses        \(stats.urls)")
        print("revisions        \(stats.revisions) (edited texts at an article's address)")
        print("headline-only    \(stats.emptyBodies) (no body text)")
        print("undated          \(stats.undated)")
        if stats.synthetic > 0 {
            print("synthetic        \(stats.synthetic) (generated benchmark text, not state media)")
        }
        print("near-duplicates  \(stats.nearDuplicatePairs) pairs over \(stats.articlesWithNearDuplicates) articles")
        print("dates            \(stats.firstDate ?? "-") … \(stats.lastDate ?? "-")")
        let share = stats.articles > 0 ? Double(stats.analysed) / Double(stats.articles) * 100 : 0
        print(
            "analysed         \(stats.analysed) of \(stats.articles) (\(String(format: "%.0f", share))%) "
                + "in the term index, \(stats.terms) terms"
                + (stats.analysed < stats.articles ? "; `sinmun analyze` adds the rest" : ""))
        print("\nby outlet")
        for (key, value) in stats.byOutlet.sorted(by: { $0.key < $1.key }) { print("  \(key.padding(12))\(value)") }
        print("by language")
        for (key, value) in stats.byLanguage.sorted(by: { $0.key < $1.key }) { print("  \(key.padding(12))\(value)") }
        print("by month")
        let maxCount = stats.byMonth.values.max() ?? 1
        for (key, value) in stats.byMonth.sorted(by: { $0.key < $1.key }) {
            let bar = String(repeating: "█", count: max(value > 0 ? 1 : 0, value * 40 / maxCount))
            print("  \(key.padding(12))\(String(value).padding(7)) \(bar)")
        }
    }
}
