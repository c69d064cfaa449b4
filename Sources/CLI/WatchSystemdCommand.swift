import ArgumentParser
import Foundation
import SinmunPostgres
import SinmunStore
import SinmunWatch

struct WatchSystemdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "systemd",
        abstract: "Print a systemd service and timer that run `watch run` on a schedule.",
        discussion: """
            Arguments after -- are passed to `watch run`; the database is the one this command \
            would use, as an absolute path.

              sinmun watch systemd --every 6h -- --crawl kcna --lang en --webhook https://example.org/hook
              sinmun watch systemd --every 6h --output-dir ~/.config/systemd/user -- --crawl rodong
              systemctl --user daemon-reload && systemctl --user enable --now sinmun-watch.timer
            """
    )

    @Option(help: ArgumentHelp("How often the timer starts a run.", valueName: "interval"))
    var every = "6h"

    @Option(
        name: .customLong("output-dir"),
        help: ArgumentHelp("Write sinmun-watch.service and sinmun-watch.timer here.", valueName: "dir"))
    var outputDir: String?

    @Argument(parsing: .postTerminator, help: "Arguments for `watch run`.")
    var runArguments: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        let interval = try WatchInterval(parsing: every)
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        let path = CorpusStore.resolvePath(option: common.db)
        let database: String
        if PostgresLocation.isURL(path) {
            // A unit file is world-readable: the password comes from PGPASSWORD in the unit's
            // environment (systemctl edit), never from the URL written into it.
            guard URLComponents(string: path)?.password == nil else {
                throw ValidationError(
                    "the URL carries a password, which the unit file would show: drop it from the URL and set "
                        + "PGPASSWORD in the unit's environment (systemctl --user edit sinmun-watch.service)")
            }
            database = path
        } else {
            database = URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let units = SystemdUnits(
            executable: executable, arguments: ["watch", "run", "--db", database] + runArguments,
            workingDirectory: FileManager.default.currentDirectoryPath, interval: interval)
        if let outputDir {
            let folder = URL(fileURLWithPath: outputDir)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try units.service.write(
                to: folder.appendingPathComponent("sinmun-watch.service"), atomically: true, encoding: .utf8)
            try units.timer.write(
                to: folder.appendingPathComponent("sinmun-watch.timer"), atomically: true, encoding: .utf8)
            print("wrote \(folder.path)/sinmun-watch.service and sinmun-watch.timer")
        } else if common.json {
            try Terminal.printJSON(["service": units.service, "timer": units.timer])
        } else {
            print(units.service)
            print(units.timer, terminator: "")
        }
    }
}
