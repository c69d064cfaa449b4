import Foundation
import SinmunCollect
import SinmunCrawl
import SinmunStore
import Testing

@Suite("Probing a site's layout before a first crawl", .serialized)
struct SiteProbeTests {
    static func probe(_ site: CrawlSite, port: Int, store: CorpusStore) async throws -> ProbeReport {
        let fetcher = HTTPPageFetcher(timeout: .seconds(20))
        let report = try await SiteProbe(
            store: store, options: CrawlTests.options(site, port: port, from: "2024-04-01", to: "2024-04-01"),
            fetcher: fetcher
        ).run()
        try await fetcher.shutdown()
        return report
    }

    @Test("Rodong as the parsers expect: ok, each step recognised, every page kept; a missing shortcut is no fault")
    func rodongOK() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.rodong) { site, port in
            site.dayListingMissing = true
            let report = try await Self.probe(.rodong, port: port, store: store)
            #expect(report.ok, "\(report.text)")
            // A #require: the checks below index the steps.
            try #require(
                report.steps.map(\.name) == ["robots.txt", "home page", "listing", "day listing shortcut", "article"])
            let home = report.steps[1]
            #expect(home.url == "http://127.0.0.1:\(port)/ko/" && home.status == 200 && (home.bytes ?? 0) > 0)
            #expect(home.recognised.contains { $0.contains("01@2024-04-03@0") })
            #expect(report.steps[2].recognised.contains { $0.contains("article ids, dated 2024-04-03") })
            #expect(report.steps[3].status == 404 && report.steps[3].recognised[0].contains("menus"))
            #expect(report.steps[4].recognised.contains { $0.hasPrefix("title: ") })
            #expect(report.steps[4].recognised.contains("date: 2024-04-03 (printed)"))
            // Every raw page is kept (a 404 comes without one); the number leads back to it.
            for step in report.steps where step.status == 200 {
                let number = try #require(step.snapshot, "\(step.name)")
                #expect(try store.snapshot(id: number)?.url == step.url)
            }
            // Only these requests, at the crawl's pace: nothing else was fetched.
            #expect(site.requestTargets().count == 5)
        }
    }

    @Test("Rodong articles without #articleContent: not ok, the article step names what is missing")
    func rodongChangedLayout() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.rodong) { site, port in
            site.layoutChanged = true
            let report = try await Self.probe(.rodong, port: port, store: store)
            #expect(!report.ok)
            let article = try #require(report.steps.last)
            #expect(article.name == "article" && !article.ok)
            let diagnosis = try #require(article.diagnosis)
            #expect(diagnosis.contains("div#articleContent"))
            let number = try #require(article.snapshot)
            #expect(diagnosis.contains("snapshot \(number)"))
            #expect(report.steps.dropLast().allSatisfy { $0.ok })
        }
    }

    @Test("KCNA without div.menu-block: not ok, the home step says the menu changed, the rest still probed")
    func kcnaChangedLayout() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.kcna) { site, port in
            let normal = try await Self.probe(.kcna, port: port, store: store)
            #expect(normal.ok, "\(normal.text)")
            try #require(normal.steps.map(\.name) == ["robots.txt", "home page", "listing", "article"])
            #expect(normal.steps[0].recognised.first?.contains("no robots.txt") == true)

            site.layoutChanged = true
            let changed = try await Self.probe(.kcna, port: port, store: store)
            #expect(!changed.ok)
            try #require(changed.steps.count == 4)
            let home = changed.steps[1]
            #expect(!home.ok)
            let diagnosis = try #require(home.diagnosis)
            #expect(diagnosis.contains("no section menu") && diagnosis.contains("div.menu-block"))
            #expect(diagnosis.contains("3 of them lead to /category/ pages outside a div.menu-block"))
            #expect(changed.steps[2...].allSatisfy { $0.ok })
            #expect(changed.text.contains("FAIL home page"))
        }
    }

    @Test("sinmun crawl --probe: JSON report, exit status 1 when the layout differs, --snapshot prints a kept page")
    func commandLine() async throws {
        let db = Scratch.path("cli-probe.sqlite")
        try await CrawlTests.serving(.kcna) { site, port in
            let arguments = [
                "crawl", "kcna", "--lang", "en", "--probe", "--base-url", "http://127.0.0.1:\(port)", "--rate", "20",
                "--db", db,
            ]
            let good = try SinmunProcess.run(arguments + ["--json"])
            #expect(good.status == 0, "\(good.stderr)")
            let report = try #require(try good.json() as? [String: Any])
            #expect(report["ok"] as? Bool == true)
            #expect(report["baseURL"] as? String == "http://127.0.0.1:\(port)")
            let steps = try #require(report["steps"] as? [[String: Any]])
            #expect(steps.count == 4 && steps.allSatisfy { $0["ok"] as? Bool == true })

            site.layoutChanged = true
            let bad = try SinmunProcess.run(arguments)
            #expect(bad.status == 1)
            #expect(bad.stdout.contains("diagnosis: home page: no section menu"))
            let home =
                try #require(
                    try SinmunProcess.run(arguments + ["--json"]).json() as? [String: Any])["steps"] as? [[String: Any]]
            let number = try #require(home?[1]["snapshot"] as? Int)
            let page = try SinmunProcess.run(["crawl", "--snapshot", "\(number)", "--db", db])
            #expect(page.status == 0 && page.stdout.contains("nav-strip"))
        }
    }
}
