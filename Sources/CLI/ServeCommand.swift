import ArgumentParser
import Foundation
import Hummingbird
import NIOPosix
import SinmunCode
import SinmunPostgres
import SinmunServer
import SinmunStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the analyst's dashboard: search, timelines, articles, human coding, the report.",
        discussion: """
            Pages: /search, /timeline/CODE, /article/ID, /code (label articles as a named coder; \
            /labels.csv?coder=NAME exports what `sinmun validate --labels` reads), /report. JSON \
            under /api/ (search, series, article, codes), described in Docs/openapi.yaml. Bound to \
            127.0.0.1 by default; binding elsewhere needs a token (--token or SINMUN_TOKEN), then \
            required on every request.

            Under load: queries run on a thread pool of their own; every page and JSON answer (the \
            coding forms aside) carries an \
            ETag (a client that sends it back in If-None-Match gets 304 and no body) and goes out \
            gzipped where the client accepts it; answers are kept in memory (--cache-mb) until \
            anything is committed to the corpus, by this server or any other process. \
            scripts/load-check DB measures 50 concurrent clients.

            With --db postgres://USER@HOST:PORT/DB a team's analysts share one corpus on a server: \
            every page and the API are served from it over a pool of connections (a role that \
            may only read is enough, but for the coding forms, which save labels).
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("Token required on every request (default: $SINMUN_TOKEN).", valueName: "token"))
    var token: String?
    @Option(help: ArgumentHelp("Memory for answers kept until the corpus changes (0: none).", valueName: "MB"))
    var cacheMb = 64
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["SINMUN_TOKEN"]
        let options = DashboardOptions(
            host: host, port: port, token: token?.isEmpty == false ? token : nil, codebook: try codebookOption.load(),
            cacheBytes: max(0, cacheMb) << 20)
        let location = CorpusStore.resolvePath(option: common.db)
        let notice = "serving http://\(host):\(port)/search\(options.token == nil ? "" : " (token required)")"
        guard PostgresLocation.isURL(location) else {
            let app = try Dashboard.application(store: try CorpusStore(path: location), options: options)
            Terminal.error(notice)
            try await app.runService()
            return
        }
        // Connections enough for every thread that runs queries, and a spare.
        try await PostgresCorpusPool.with(location, connections: NIOThreadPool.singleton.numberOfThreads + 1) { pool in
            // Commits are heard on a connection of their own; the pool answers until then.
            let generation = PostgresGenerationWatch.start(pool.location, fallback: pool)
            do {
                let app = try Dashboard.application(store: pool, generation: generation, options: options)
                Terminal.error(notice + " from \(pool.location.redacted)")
                try await app.runService()
            } catch {
                await generation.stop()
                throw error
            }
            await generation.stop()
        }
    }
}
