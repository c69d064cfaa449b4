import Foundation
import FoundationXML
import GRDB
import Hummingbird
import HummingbirdTesting
import SinmunCode
import SinmunCollect
import SinmunCrawl
import SinmunMeasure
import SinmunServer
import SinmunShow
import SinmunStore
import SinmunWatch
import Testing

/// A drop folder that publishes one day at a time, in the project's own words.
enum WatchFixture {
    /// Two articles a day: one that the rules select, one that they do not.
    static func day(_ date: String) -> String {
        let lines: [String]
        switch date {
        case "2024-04-01":
            lines = [
                record("Farm planning trial", "Researchers tried artificial intelligence in farm planning.", date, 1),
                record("A new bridge", "A bridge was opened over the river.", date, 2),
            ]
        case "2024-04-02":
            lines = [
                record(
                    "Strategy adopted",
                    "The meeting adopted a national AI strategy for artificial intelligence research.", date, 3),
                record("A football match", "Two teams played a match in the city stadium.", date, 4),
            ]
        default:
            lines = [record("A quiet day", "Nothing of note was printed on \(date).", date, 5)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func record(_ title: String, _ body: String, _ date: String, _ number: Int) -> String {
        let object: [String: String] = [
            "title": title, "body": body, "date": date, "outlet": "kcna", "lang": "en",
            "url": "http://example.test/\(number)",
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The rules the tests watch: a keyword alert, a first appearance of a search, a share.
    static let rules = [
        WatchRule(name: "ai-daily", codes: ["ai"]),
        WatchRule(name: "strategy-first", query: "strategy", trigger: .firstAppearance),
        WatchRule(name: "ai-share", codes: ["ai"], trigger: .shareAbove, threshold: 0.4, period: "day"),
    ]

    static func folder() throws -> URL {
        let url = URL(fileURLWithPath: Scratch.path("drop"))
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func publish(_ date: String, in folder: URL) throws {
        try Data(day(date).utf8).write(to: folder.appendingPathComponent("\(date).jsonl"))
    }

    static func options(folder: URL) -> WatchRunOptions {
        var options = WatchRunOptions()
        options.importFolders = [folder]
        options.analyze = false
        options.today = PublicationDate(year: 2024, month: 4, day: 3)!
        options.webhookBackoff = .milliseconds(5)
        return options
    }

    /// Runs once and returns the report and the alerts written to standard output.
    static func run(
        _ store: any WatchBackend, _ options: WatchRunOptions, poster: any AlertPoster = NoPoster()
    ) async throws -> (WatchRunReport, [WatchAlert]) {
        let printed = Printed()
        let report = try await WatchRunner(store: store, options: options, fetcher: OfflineFetcher(), poster: poster)
            .run(deliver: { printed.append($0) })
        return (report, printed.alerts)
    }
}

final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [WatchAlert] = []
    private var byRun: [[WatchAlert]] = []
    func append(_ alert: WatchAlert) { lock.withLock { list.append(alert) } }
    var alerts: [WatchAlert] { lock.withLock { list } }
    /// Alerts grouped by run, for tests that keep them apart.
    var runs: [[WatchAlert]] {
        get { lock.withLock { byRun } }
        set { lock.withLock { byRun = newValue } }
    }
}

struct NoPoster: AlertPoster {
    func post(_ body: Data, to url: String, alertID: Int64) async throws -> Int { 500 }
}

@Suite("Watch: rules, alerts, delivery")
struct WatchTests {
    @Test("a new day: each rule alerts once, with evidence; a third run adds nothing")
    func newDay() async throws {
        let store = try Scratch.store()
        for rule in WatchFixture.rules { try store.addWatchRule(rule) }
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        let (first, printedFirst) = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(Set(first.newAlerts.map(\.rule)) == ["ai-daily", "ai-share"])
        #expect(printedFirst.map(\.id) == first.newAlerts.map(\.id))

        try WatchFixture.publish("2024-04-02", in: folder)
        let (second, printedSecond) = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        #expect(second.imports.map(\.imported) == [true], "only the new file is imported")
        let byRule = Dictionary(grouping: second.newAlerts, by: \.rule)
        for rule in ["ai-daily", "strategy-first", "ai-share", "first-ind_plan"] {
            #expect(byRule[rule]?.count == 1, "\(rule) should alert once for the new day")
            #expect(byRule[rule]?.first?.period == "2024-04-02")
        }
        #expect(second.newAlerts.count == 4, "\(second.newAlerts.map(\.rule))")
        #expect(printedSecond.count == 4)
        let plan = try #require(byRule["first-ind_plan"]?.first)
        #expect(plan.articles.map(\.title) == ["Strategy adopted"])
        #expect(plan.evidence.first?.sentence.contains("national AI strategy") == true)
        let share = try #require(byRule["ai-share"]?.first)
        #expect(share.figure == 0.5 && share.articleCount == 1)
        let search = try #require(byRule["strategy-first"]?.first)
        #expect(search.evidence.first?.sentence.contains("national AI strategy for") == true)

        let (third, printedThird) = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        #expect(third.newAlerts.isEmpty && printedThird.isEmpty && third.imports.isEmpty)
        #expect(try store.alertCount().count == 6)
    }

    @Test("a run stopped between coding and alerting, then rerun, gives each alert exactly once")
    func crashBetweenCodingAndAlerting() async throws {
        let store = try Scratch.store()
        try store.addWatchRule(WatchFixture.rules[0])
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        var stopped = WatchFixture.options(folder: folder)
        stopped.stopAfter = .code
        let (killed, printedKilled) = try await WatchFixture.run(store, stopped)
        #expect(killed.stoppedAfter == .code && killed.coding.first?.coded == 2)
        #expect(killed.newAlerts.isEmpty && printedKilled.isEmpty)
        #expect(try store.alertCount().count == 0)

        // Stopped after evaluating: the alert is stored but not yet printed.
        stopped.stopAfter = .evaluate
        let (evaluated, printedEvaluated) = try await WatchFixture.run(store, stopped)
        #expect(evaluated.newAlerts.map(\.rule) == ["ai-daily"] && printedEvaluated.isEmpty)

        let (rerun, printedRerun) = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        #expect(rerun.newAlerts.isEmpty, "the alert was raised before; it is not raised again")
        #expect(printedRerun.map(\.rule) == ["ai-daily"], "…and it is delivered now, once")
        let (again, printedAgain) = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        #expect(again.newAlerts.isEmpty && printedAgain.isEmpty)
        #expect(try store.alertCount().count == 1)
    }

    @Test("a webhook that fails twice receives the alert exactly once, later")
    func webhookRetries() async throws {
        let receiver = Receiver(failures: 2)
        let router = Router()
        router.post("/hook") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let status = receiver.receive(Data(buffer: body), id: request.headers[.init("Sinmun-Alert-Id")!])
            return Response(status: status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try Scratch.store()
            try store.addWatchRule(WatchFixture.rules[0])
            let folder = try WatchFixture.folder()
            try WatchFixture.publish("2024-04-01", in: folder)
            var options = WatchFixture.options(folder: folder)
            options.webhooks = ["http://127.0.0.1:\(port)/hook"]
            options.webhookAttempts = 1
            let poster = HTTPAlertPoster(timeout: .seconds(5))
            // One try a run: the first two runs fail, and the delivery waits in the queue.
            let (first, _) = try await WatchFixture.run(store, options, poster: poster)
            #expect(first.newAlerts.count == 1 && first.pendingDeliveries == 1)
            #expect(first.problems.contains { $0.contains("stays queued") })
            let (second, _) = try await WatchFixture.run(store, options, poster: poster)
            #expect(second.pendingDeliveries == 1 && receiver.delivered.isEmpty)
            let (third, _) = try await WatchFixture.run(store, options, poster: poster)
            #expect(third.pendingDeliveries == 0 && third.problems.isEmpty)
            let (fourth, _) = try await WatchFixture.run(store, options, poster: poster)
            #expect(fourth.delivered == 0)
            #expect(receiver.requests == 3)
            #expect(receiver.delivered.count == 1)
            let alert = try JSONDecoder().decode(WatchAlert.self, from: try #require(receiver.delivered.first?.body))
            #expect(alert.rule == "ai-daily" && alert.period == "2024-04-01" && !alert.evidence.isEmpty)
            #expect(receiver.delivered.first?.id == alert.id.map(String.init))

            // Within one run: retried with backoff until it goes through.
            let retrying = Receiver(failures: 2)
            receiver.replace(with: retrying)
            let other = try Scratch.store()
            try other.addWatchRule(WatchFixture.rules[0])
            options.webhookAttempts = 3
            let (once, _) = try await WatchFixture.run(other, options, poster: poster)
            #expect(once.pendingDeliveries == 0 && retrying.requests == 3 && retrying.delivered.count == 1)
            try await poster.shutdown()
        }
    }

    @Test("the Atom feed parses with an XML parser, and its state-media text is escaped")
    func atomFeed() throws {
        let store = try Scratch.store()
        let nasty = "Text with <script>alert(1)</script> & ]]> and a control \u{1} character"
        let alert = WatchAlert(
            rule: "ai-daily", firedAt: "2026-11-30T10:00:00Z", period: "2024-04-01", trigger: "appearance", figure: 1,
            summary: nasty, articleCount: 1,
            articles: [
                .init(
                    id: "0123456789abcdef", date: "2024-04-01", outlet: "kcna", lang: "en", title: "A <b>title</b>",
                    url: "javascript:alert(2)")
            ],
            evidence: [.init(article: "0123456789abcdef", sentence: nasty)])
        try store.recordAlerts([alert], targets: [])
        let feed = try AlertFeed.atom(alerts: try store.watchAlerts(), link: "http://example.test/alerts")
        #expect(!feed.contains("<script>") && !feed.contains("javascript:"))
        let document = try XMLDocument(data: Data(feed.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "feed" && root.uri == "http://www.w3.org/2005/Atom")
        let entries = root.elements(forName: "entry")
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(
            entry.elements(forName: "summary").first?.stringValue == nasty.replacingOccurrences(of: "\u{1}", with: ""))
        // type="html": the parsed text is HTML in which the corpus text is escaped once more.
        let html = try #require(entry.elements(forName: "content").first?.stringValue)
        #expect(html.contains("&lt;script&gt;") && !html.contains("<script>"))
        #expect(html.contains("A &lt;b&gt;title&lt;/b&gt;"))
        #expect(entry.elements(forName: "id").first?.stringValue == "urn:sinmun:alert:ai-daily:2024-04-01")
    }

    @Test("the dashboard serves the alerts page and feed, escaped")
    func dashboardAlerts() async throws {
        let store = try Scratch.store()
        let alert = WatchAlert(
            rule: "ai-daily", firedAt: "2026-11-30T10:00:00Z", period: "2024-04-01", trigger: "appearance", figure: 1,
            summary: "<img src=x onerror=alert(1)>", articleCount: 1,
            articles: [
                .init(id: "0123456789abcdef", date: "2024-04-01", outlet: "kcna", lang: "en", title: "T", url: nil)
            ],
            evidence: [.init(article: "0123456789abcdef", sentence: "<script>bad()</script>")])
        try store.recordAlerts([alert], targets: [])
        let router = try Dashboard.router(
            store: store, options: DashboardOptions(codebook: try BuiltInCodebooks.load("ai-discourse")))
        try await Application(router: router).test(.router) { client in
            let page = try await client.execute(uri: "/alerts", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(page.0 == .ok)
            #expect(page.1.contains("&lt;script&gt;bad()") && !page.1.contains("<script>bad"))
            #expect(!page.1.contains("<img src=x"))
            let feed = try await client.execute(uri: "/alerts.atom", method: .get) {
                ($0.headers[.contentType], String(buffer: $0.body))
            }
            #expect(feed.0?.hasPrefix("application/atom+xml") == true)
            #expect(try XMLDocument(data: Data(feed.1.utf8)).rootElement()?.elements(forName: "entry").count == 1)
        }
    }

    @Test("a drop folder imports each new file by its own format and skips what it has seen")
    func dropFolder() throws {
        let store = try Scratch.store()
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        try Data("title,body,date,outlet,lang\nA CSV item,Written for the tests.,2024-04-05,kcna,en\n".utf8)
            .write(to: folder.appendingPathComponent("extra.csv"))
        try Data("not an archive".utf8).write(to: folder.appendingPathComponent("notes.bin"))
        try Data("partial".utf8).write(to: folder.appendingPathComponent("late.jsonl.part"))
        let drop = DropFolder(url: folder, store: store)
        let first = try drop.importNew()
        #expect(
            first.map { URL(fileURLWithPath: $0.path).lastPathComponent } == [
                "2024-04-01.jsonl", "extra.csv", "notes.bin",
            ])
        #expect(first.map(\.format) == ["jsonl", "csv", nil])
        #expect(first[2].error?.contains("notes.bin") == true)
        #expect(try store.statistics().articles == 3)
        #expect(try drop.importNew().isEmpty, "nothing new, and the failed file is not retried until it changes")
        try WatchFixture.publish("2024-04-01", in: folder)
        #expect(try drop.importNew().isEmpty, "the same content again is not new")
        #expect(throws: WatchError.self) {
            try DropFolder(url: folder.appendingPathComponent("x"), store: store).importNew()
        }
    }

    @Test("intervals and systemd units")
    func scheduling() throws {
        #expect(try WatchInterval(parsing: "6h").seconds == 21_600)
        #expect(try WatchInterval(parsing: "90s").description == "90s")
        #expect(throws: WatchError.self) { try WatchInterval(parsing: "6 hours") }
        #expect(throws: WatchError.self) { try WatchInterval(parsing: "0m") }
        let units = SystemdUnits(
            executable: "/opt/sinmun/bin/sinmun",
            arguments: ["watch", "run", "--db", "/srv/my corpus.sqlite", "--webhook", "http://h/x?a=1%20"],
            workingDirectory: "/srv", interval: try WatchInterval(parsing: "6h"))
        #expect(
            units.service.contains(
                #"ExecStart=/opt/sinmun/bin/sinmun watch run --db "/srv/my corpus.sqlite" --webhook http://h/x?a=1%%20"#
            ))
        #expect(units.service.contains("Type=oneshot") && units.service.contains("KillSignal=SIGTERM"))
        #expect(units.service.contains("WorkingDirectory=/srv\n"))
        let odd = SystemdUnits(
            executable: "/bin/sinmun", arguments: [], workingDirectory: "/my work",
            interval: try WatchInterval(parsing: "90m"))
        #expect(odd.timer.contains("OnUnitActiveSec=90m") && !odd.timer.contains("Persistent"))
        #expect(odd.service.contains("WorkingDirectory=/my work\n"))
        #expect(units.timer.contains("OnCalendar=*-*-* 00/6:00:00") && units.timer.contains("Persistent=true"))
    }
}

/// A webhook receiver that fails its first requests.
final class Receiver: @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private var count = 0
    private var received: [(body: Data, id: String?)] = []
    private var next: Receiver?

    init(failures: Int) { failuresLeft = failures }

    func replace(with other: Receiver) { lock.withLock { next = other } }

    func receive(_ body: Data, id: String?) -> HTTPResponse.Status {
        if let next = lock.withLock({ next }) { return next.receive(body, id: id) }
        return lock.withLock {
            count += 1
            if failuresLeft > 0 {
                failuresLeft -= 1
                return .serviceUnavailable
            }
            received.append((body, id))
            return .ok
        }
    }

    var requests: Int { lock.withLock { count } }
    var delivered: [(body: Data, id: String?)] { lock.withLock { received } }
}

@Suite("Watch on the real KCNA 2024 archive")
struct WatchRealDataTests {
    @Test("share, change-point and built-in rules fire exactly where the series and the codes say")
    func rulesMatchTheSeries() async throws {
        guard SharedCorpus.available else {
            Issue.record(SharedCorpus.skipMessage)
            return
        }
        let store = try Scratch.store()
        _ = try store.importArchive(SharedCorpus.kcna)
        let book = try BuiltInCodebooks.load("ai-discourse")
        try store.addWatchRule(
            WatchRule(name: "ai-month", codes: ["ai"], trigger: .shareAbove, threshold: 0.03, period: "month"))
        try store.addWatchRule(WatchRule(name: "ai-change", codes: ["ai"], trigger: .changepoint, period: "month"))
        var options = WatchRunOptions()
        options.analyze = false
        let (report, printed) = try await WatchFixture.run(store, options)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(printed.count == report.newAlerts.count)
        let byRule = Dictionary(grouping: report.newAlerts, by: \.rule)

        let series = try #require(try store.series(of: .code("ai", book), period: .month).first)
        let above = series.points.filter { !$0.gap && ($0.share ?? 0) > 0.03 }
        #expect(!above.isEmpty, "KCNA 2024 has months where AI is above 3% of articles")
        #expect(Set(byRule["ai-month"]?.map(\.period) ?? []) == Set(above.map(\.period)))
        for alert in byRule["ai-month"] ?? [] {
            let point = try #require(above.first { $0.period == alert.period })
            #expect(abs(alert.figure - (point.share ?? -1)) < 1e-9)
            #expect(alert.articleCount == point.count && !alert.evidence.isEmpty)
        }
        let changes = ChangeAnalysis.analyse(series).changes.map(\.period)
        #expect((byRule["ai-change"]?.map(\.period) ?? []).sorted() == changes.sorted())

        // Built-in rules: one alert at most, on the first day an article has the indicator and ai.
        var firstDay: [String: String] = [:]
        try store.codedArticles(codebook: book.name) { article in
            guard let date = article.date, article.codes["ai"] != nil else { return }
            for code in article.codes.keys where code.hasPrefix("ind_") {
                firstDay[code] = min(firstDay[code] ?? date, date)
            }
        }
        for indicator in book.codes.filter({ $0.group == .indicator }).map(\.name) {
            let alerts = byRule["first-\(indicator)"] ?? []
            #expect(alerts.map(\.period) == firstDay[indicator].map { [$0] } ?? [], "\(indicator)")
            for alert in alerts {
                #expect(alert.evidence.count >= 1)
                #expect(alert.articles.allSatisfy { $0.date == alert.period })
            }
        }
        let (again, printedAgain) = try await WatchFixture.run(store, options)
        #expect(again.newAlerts.isEmpty && printedAgain.isEmpty)
    }
}

@Suite("sinmun watch and folder import from the command line")
struct WatchCommandLineTests {
    @Test("add, list, run --json, show, feed, remove")
    func commands() throws {
        let db = Scratch.path("watch-cli.sqlite")
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        let add = try SinmunProcess.run(["watch", "add", "ai-daily", "--code", "ai", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        let bad = try SinmunProcess.run(["watch", "add", "x", "--code", "nope", "--db", db])
        #expect(bad.status != 0 && bad.stderr.contains("unknown code 'nope'"))
        let both = try SinmunProcess.run([
            "watch", "add", "y", "--code", "ai", "--first-appearance", "--changepoint", "--db", db,
        ])
        #expect(both.status != 0 && both.stderr.contains("choose one of"))

        let run = try SinmunProcess.run(["watch", "run", "--import", folder.path, "--no-analyze", "--json", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let alert = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        for key in ["rule", "firedAt", "period", "figure", "articles", "evidence"] {
            #expect(alert?[key] != nil, "\(key)")
        }
        #expect(alert?["rule"] as? String == "ai-daily")
        #expect(run.stderr.contains("1 new alert(s)"))

        let rerun = try SinmunProcess.run([
            "watch", "run", "--import", folder.path, "--no-analyze", "--json", "--db", db,
        ])
        #expect(rerun.status == 0 && rerun.stdout.isEmpty)

        let list = try SinmunProcess.run(["watch", "list", "--json", "--db", db])
        let entries = try #require(try list.json() as? [[String: Any]])
        #expect(entries.contains { ($0["rule"] as? [String: Any])?["name"] as? String == "first-ind_plan" })
        #expect(
            entries.first { ($0["rule"] as? [String: Any])?["name"] as? String == "ai-daily" }?["alerts"] as? Int == 1)
        let show = try SinmunProcess.run(["watch", "show", "ai-daily", "--db", db])
        #expect(show.stdout.contains("[ai-daily] 2024-04-01") && show.stdout.contains("artificial intelligence"))
        let feed = try SinmunProcess.run(["watch", "feed", "--dashboard", "http://localhost:8080/", "--db", db])
        #expect(try XMLDocument(data: Data(feed.stdout.utf8)).rootElement()?.elements(forName: "entry").count == 1)
        #expect(feed.stdout.contains("http://localhost:8080/article/"))
        let removeBuiltIn = try SinmunProcess.run(["watch", "remove", "first-ind_plan", "--db", db])
        #expect(removeBuiltIn.stdout.contains("disabled"))
        let disabled = try SinmunProcess.run(["watch", "list", "--json", "--db", db])
        let planRule = { (output: SinmunProcess.Output) throws -> [String: Any]? in
            (try output.json() as? [[String: Any]])?.compactMap { $0["rule"] as? [String: Any] }
                .first { $0["name"] as? String == "first-ind_plan" }
        }
        #expect(try planRule(disabled)?["enabled"] as? Bool == false)
        #expect(try SinmunProcess.run(["watch", "enable", "first-ind_plan", "--db", db]).status == 0)
        #expect(
            try planRule(try SinmunProcess.run(["watch", "list", "--json", "--db", db]))?["enabled"] as? Bool == true)
        let missing = try SinmunProcess.run(["watch", "show", "nothing", "--db", db])
        #expect(missing.status != 0 && missing.stderr.contains("no watch rule named 'nothing'"))
        let systemd = try SinmunProcess.run(["watch", "systemd", "--every", "6h", "--db", db, "--", "--crawl", "kcna"])
        #expect(systemd.stdout.contains("ExecStart=") && systemd.stdout.contains("watch run --db \(db) --crawl kcna"))
    }

    @Test("watch run --every stops cleanly on SIGTERM")
    func stopsOnSigterm() async throws {
        let db = Scratch.path("watch-every.sqlite")
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        #expect(try SinmunProcess.run(["watch", "add", "ai-daily", "--code", "ai", "--db", db]).status == 0)
        let process = Process()
        process.executableURL = SinmunProcess.executable
        process.arguments = [
            "watch", "run", "--every", "1h", "--import", folder.path, "--no-analyze", "--json", "--db", db,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // The first run's summary on standard error means it is now waiting for the next.
        var stderr = Data()
        while !String(decoding: stderr, as: UTF8.self).contains("watch run:") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += chunk
        }
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stdout.split(separator: "\n").count == 1)
    }

    @Test("a run killed with SIGKILL while delivering, then rerun: printed once, posted once")
    func killedWhileDelivering() async throws {
        let hung = Gate()
        let release = Gate()
        let received = Receiver(failures: 0)
        let calls = Printed()
        let router = Router()
        router.post("/hook") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let first = calls.runs.isEmpty
            calls.runs.append([])
            if first {
                // The first delivery hangs: the run is killed while it waits.
                await hung.fire()
                await release.wait()
                return Response(status: .serviceUnavailable)
            }
            return Response(status: received.receive(Data(buffer: body), id: nil))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let db = Scratch.path("watch-kill.sqlite")
            let folder = try WatchFixture.folder()
            try WatchFixture.publish("2024-04-01", in: folder)
            #expect(
                try await SinmunProcess.runOffPool(["watch", "add", "ai-daily", "--code", "ai", "--db", db]).status == 0
            )
            let arguments = [
                "watch", "run", "--import", folder.path, "--no-analyze", "--json", "--db", db, "--webhook",
                "http://127.0.0.1:\(try #require(client.port))/hook",
            ]
            let process = Process()
            process.executableURL = SinmunProcess.executable
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            await hung.wait()
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(printed.split(separator: "\n").count == 1, "the alert was printed before the kill")

            let rerun = try await SinmunProcess.runOffPool(arguments)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(rerun.stdout.isEmpty, "printed once only")
            #expect(received.delivered.count == 1, "posted once the receiver answers")
            let again = try await SinmunProcess.runOffPool(arguments)
            #expect(again.stdout.isEmpty && calls.runs.count == 2)
            await release.fire()
        }
    }

    @Test("a folder holding only a JSON Lines file imports (each data file by its own format)")
    func folderOfJSONLines() throws {
        let db = Scratch.path("folder.sqlite")
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        try Data("title,body,date,outlet,lang\nA CSV item,Written for the tests.,2024-04-05,kcna,en\n".utf8)
            .write(to: folder.appendingPathComponent("more.csv"))
        let run = try SinmunProcess.run(["import", folder.path, "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let files = try #require((try run.json() as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.map { $0["format"] as? String } == ["jsonl", "csv"])
        #expect(files.reduce(0) { $0 + ($1["inserted"] as? Int ?? 0) } == 3)
        let empty = try WatchFixture.folder()
        try Data("x".utf8).write(to: empty.appendingPathComponent("readme.md"))
        let none = try SinmunProcess.run(["import", empty.path, "--db", db])
        #expect(none.status != 0 && none.stderr.contains("holds no file Sinmun imports"))
    }
}

@Suite("Watch over the fixture sites: a new day published between runs", .serialized)
struct WatchCrawlTests {
    /// Runs the watch three times against a fixture site: before the new day, after it, and
    /// once more; returns each run's new alerts.
    static func threeRuns(
        _ kind: CrawlSite, days: (String, String), language: String, query: String
    ) async throws -> [[WatchAlert]] {
        let store = try Scratch.store()
        try store.addWatchRule(WatchRule(name: "ai-daily", codes: ["ai"]))
        try store.addWatchRule(WatchRule(name: "ai-search", query: query))
        let runs = Printed()
        let perRun = Printed()
        try await CrawlTests.serving(kind) { site, port in
            if kind == .rodong { site.dayListingMissing = true }
            // Under the 3 s the fixture's timeout page takes, with room for a loaded machine.
            let fetcher = HTTPPageFetcher(timeout: .milliseconds(2500))
            var options = WatchRunOptions()
            options.crawls = [WatchCrawlTarget(site: kind, language: language, baseURL: "http://127.0.0.1:\(port)")]
            options.analyze = false
            options.firstCrawlDays = 1
            options.requestsPerSecond = 20
            options.crawlRetry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))
            for (index, day) in [days.0, days.1, days.1].enumerated() {
                site.publishedThrough = day
                options.today = DateParsing.parse(day)!
                let report = try await WatchRunner(store: store, options: options, fetcher: fetcher, poster: NoPoster())
                    .run(deliver: { runs.append($0) })
                #expect(report.problems.isEmpty, "run \(index + 1): \(report.problems)")
                perRun.runs.append(report.newAlerts)
            }
            try await fetcher.shutdown()
        }
        let alerts = perRun.runs
        #expect(runs.alerts.count == alerts.joined().count, "every alert printed once")
        return alerts
    }

    @Test("Rodong: each rule alerts once for the new day, with evidence; a third run adds nothing")
    func rodong() async throws {
        let runs = try await Self.threeRuns(
            .rodong, days: ("2024-04-01", "2024-04-02"), language: "ko", query: "인공지능")
        #expect(runs[0].map(\.period).sorted() == ["2024-04-01", "2024-04-01"])
        #expect(runs[1].map(\.rule).sorted() == ["ai-daily", "ai-search"])
        #expect(
            runs[1].allSatisfy { $0.period == "2024-04-02" && $0.evidence.first?.sentence.contains("인공지능") == true })
        #expect(runs[2].isEmpty)
    }

    @Test("KCNA: each rule alerts once for the new day, with evidence; a third run adds nothing")
    func kcna() async throws {
        let runs = try await Self.threeRuns(
            .kcna, days: ("2024-10-05", "2024-10-06"), language: "en", query: "intelligence")
        #expect(Set(runs[0].map(\.period)) == ["2024-10-04", "2024-10-05"])
        #expect(runs[1].map(\.rule).sorted() == ["ai-daily", "ai-search"])
        #expect(
            runs[1].allSatisfy {
                $0.period == "2024-10-06" && $0.evidence.first?.sentence.contains("artificial intelligence") == true
            })
        #expect(runs[2].isEmpty)
    }
}

@Suite("Watch: what the review found")
struct WatchEdgeTests {
    @Test("a name whose alerts are kept is refused until they are purged")
    func reAddedName() throws {
        let store = try Scratch.store()
        try store.addWatchRule(WatchFixture.rules[0])
        let alert = WatchAlert(
            rule: "ai-daily", firedAt: "2026-11-30T10:00:00Z", period: "2024-04-01", trigger: "appearance",
            figure: 1, summary: "s", articleCount: 0, articles: [], evidence: [])
        try store.recordAlerts([alert], targets: [])
        try store.removeWatchRule(named: "ai-daily")
        #expect(throws: WatchStoreError.nameHasAlerts("ai-daily", count: 1)) {
            try store.addWatchRule(WatchFixture.rules[0])
        }
        try store.removeWatchRule(named: "ai-daily", purge: true)
        try store.addWatchRule(WatchFixture.rules[0])
        #expect(try store.alertCount(rule: "ai-daily") == 0)
    }

    @Test("a share is judged on ended periods only")
    func endedPeriods() async throws {
        let store = try Scratch.store()
        try store.addWatchRule(WatchFixture.rules[2])
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        var options = WatchFixture.options(folder: folder)
        options.today = PublicationDate(year: 2024, month: 4, day: 1)!
        let (sameDay, _) = try await WatchFixture.run(store, options)
        #expect(sameDay.newAlerts.isEmpty, "the day has not ended")
        options.today = PublicationDate(year: 2024, month: 4, day: 2)!
        let (nextDay, _) = try await WatchFixture.run(store, options)
        #expect(nextDay.newAlerts.map(\.period) == ["2024-04-01"])
    }

    @Test("a failed listing keeps the crawl's last complete day where it was, and says so")
    func failedListing() async throws {
        let store = try Scratch.store()
        var options = WatchRunOptions()
        options.analyze = false
        options.today = PublicationDate(year: 2024, month: 10, day: 6)!
        options.crawls = [WatchCrawlTarget(site: .kcna, language: "en", baseURL: "http://site.test")]
        options.crawlRetry = RetryPolicy(maxAttempts: 1)
        options.requestsPerSecond = 50
        let report = try await WatchRunner(store: store, options: options, fetcher: Unavailable(), poster: NoPoster())
            .run(deliver: { _ in })
        #expect(report.problems.contains { $0.contains("kcna/en: 1 listing page(s) failed") })
        #expect(try store.crawlCompleteThrough(crawl: "kcna/en") == nil)
    }

    @Test("a webhook that redirects is a failed delivery, not a GET counted as delivered")
    func redirectingWebhook() async throws {
        let router = Router()
        let hits = Receiver(failures: 0)
        router.post("/moved") { _, _ in Response(status: .movedPermanently, headers: [.location: "/hook"]) }
        router.get("/hook") { request, _ in hits.receive(Data(), id: nil) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let store = try Scratch.store()
            try store.addWatchRule(WatchFixture.rules[0])
            let folder = try WatchFixture.folder()
            try WatchFixture.publish("2024-04-01", in: folder)
            var options = WatchFixture.options(folder: folder)
            options.webhooks = ["http://127.0.0.1:\(try #require(client.port))/moved"]
            options.webhookAttempts = 1
            let poster = HTTPAlertPoster(timeout: .seconds(5))
            let (report, _) = try await WatchFixture.run(store, options, poster: poster)
            try await poster.shutdown()
            #expect(report.pendingDeliveries == 1 && hits.requests == 0)
            #expect(try store.pendingDeliveries().first?.lastError?.contains("redirects") == true)
        }
    }

    @Test("a second run while one holds the database stops at once")
    func oneRunAtATime() async throws {
        let store = try Scratch.store()
        try store.addWatchRule(WatchFixture.rules[0])
        let folder = try WatchFixture.folder()
        try WatchFixture.publish("2024-04-01", in: folder)
        var options = WatchFixture.options(folder: folder)
        options.webhooks = ["http://slow.test/hook"]
        options.webhookAttempts = 1
        let slow = SlowPoster()
        let held = options
        let first = Task { try await WatchFixture.run(store, held, poster: slow) }
        await slow.started.wait()
        await #expect(throws: WatchError.alreadyRunning(store.path + "-watch.lock")) {
            _ = try await WatchFixture.run(store, options)
        }
        slow.release()
        let (report, _) = try await first.value
        #expect(report.delivered == 2)
    }
}

/// A fetcher whose every page answers 503, but whose robots.txt is missing (so all is allowed).
struct Unavailable: PageFetcher {
    func fetch(_ url: String) async throws -> FetchedPage {
        url.hasSuffix("/robots.txt") ? FetchedPage(status: 404, body: Data()) : FetchedPage(status: 503, body: Data())
    }
}

/// A poster that holds its first delivery until released.
final class SlowPoster: AlertPoster, @unchecked Sendable {
    let started = Gate()
    private let gate = Gate()

    func release() { Task { await gate.fire() } }

    func post(_ body: Data, to url: String, alertID: Int64) async throws -> Int {
        await started.fire()
        await gate.wait()
        return 200
    }
}

/// A one-shot signal between tasks.
actor Gate {
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() {
        fired = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if fired { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
