import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Standing rules evaluated after every collection, and alerts when they fire.",
        discussion: """
            A rule selects articles by codes or a search and fires once per period: on any article \
            (a keyword alert), on the first appearance ever, on a share above a threshold, or on a \
            change point. Built in: the first appearance of each institutionalisation indicator \
            together with ai (first-ind_plan, first-ind_organ ...).

              sinmun watch add drones --code ai --code military
              sinmun watch add ai-share --code ai --share-above 0.05 --by month --outlet kcna
              sinmun watch add organ --query '"인공지능위원회"' --first-appearance
              sinmun watch run --crawl rodong --lang ko --crawl kcna --lang en --import ~/drop --json
              sinmun watch run --every 6h --webhook https://example.org/hook
              sinmun watch feed > alerts.atom
              sinmun watch systemd --every 6h -- --crawl kcna --lang en

            Alerts are kept in the database: a rerun, or a run killed and run again, never repeats \
            one and never loses one. The dashboard shows them at /alerts and /alerts.atom.
            """,
        subcommands: [
            WatchAddCommand.self, WatchListCommand.self, WatchShowCommand.self, WatchRemoveCommand.self,
            WatchEnableCommand.self, WatchRunCommand.self, WatchFeedCommand.self, WatchSystemdCommand.self,
        ]
    )
}
