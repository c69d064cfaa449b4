import ArgumentParser
import Foundation
import Hummingbird
import SinmunCode
import SinmunServer

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
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("Token required on every request (default: $SINMUN_TOKEN).", valueName: "token"))
    var token: String?
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["SINMUN_TOKEN"]
        let options = DashboardOptions(
            host: host, port: port, token: token?.isEmpty == false ? token : nil, codebook: try codebookOption.load())
        let store = try common.openStore()
        let app = try Dashboard.application(store: store, options: options)
        Terminal.error("serving http://\(host):\(port)/search\(options.token == nil ? "" : " (token required)")")
        try await app.runService()
    }
}
