import Foundation
import Hummingbird
import SinmunMeasure
import SinmunStore

/// `/keyness`, `/terms`, `/network`, `/topics` and their JSON under `/api/`: what is distinctive and new
/// in a scope, found in the words rather than named by the codebook.
struct DiscoveryRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/keyness") { request, _ in
            let query = DiscoveryRequest(request)
            let target = try query.text("target")
            let table = target.isEmpty ? nil : try keyness(query)
            let page = KeynessPage(
                target: target, reference: try query.text("reference", default: "rest"),
                measure: try query.choice("measure", default: KeynessMeasure.g2), table: table)
            return try site.page(page, template: "keyness")
        }
        routes.blockingGet("/api/keyness") { request, _ in try site.json(try keyness(DiscoveryRequest(request)).rows) }
        routes.blockingGet("/terms") { request, _ in
            let query = DiscoveryRequest(request)
            let (period, terms) = try emerging(query)
            return try site.page(
                TermsPage(scope: try query.text("scope"), period: period, terms: terms), template: "terms")
        }
        routes.blockingGet("/api/terms") { request, _ in try site.json(try emerging(DiscoveryRequest(request)).1) }
        routes.blockingGet("/network") { request, _ in
            let query = DiscoveryRequest(request)
            let (code, network) = try network(query)
            let page = NetworkPage(code: code, scope: try query.text("scope"), codes: site.codeNames, network: network)
            return try site.page(page, template: "network")
        }
        routes.blockingGet("/api/network") { request, _ in try site.json(try network(DiscoveryRequest(request)).1) }
        routes.blockingGet("/topics") { request, _ in
            let query = DiscoveryRequest(request)
            let page = TopicsPage(
                scope: try query.text("scope"), topics: try query.text("topics"),
                result: query.parameters["scope"] == nil ? nil : try topics(query))
            return try site.page(page, template: "topics")
        }
        routes.blockingGet("/api/topics") { request, _ in try site.json(try topics(DiscoveryRequest(request))) }
        return routes
    }

    func keyness(_ query: DiscoveryRequest) throws -> KeynessTable {
        guard let target = try query.scope("target", codebook: site.codebook) else {
            throw HTTPError(.badRequest, message: "give target=SCOPE")
        }
        let reference = try query.scope("reference", codebook: site.codebook, allowRest: true)
        let options = KeynessOptions(
            measure: try query.choice("measure", default: KeynessMeasure.g2),
            correction: try query.choice("correction", default: KeynessCorrection.none),
            minCount: try query.number("minCount", default: 5, in: 1...100_000),
            limit: try query.number("limit", default: 30, in: 1...500),
            examples: try query.number("examples", default: 2, in: 0...5))
        return try DiscoveryRequest.answer {
            try site.store.keyness(target: target, reference: reference, options: options)
        }
    }

    func emerging(_ query: DiscoveryRequest) throws -> (Period, EmergingTerms?) {
        let scope = try query.scope("scope", codebook: site.codebook)!
        let fitting = try site.store.dateRange().map { Period.fitting(from: $0.lowerBound, to: $0.upperBound) }
        let period = try query.choice("by", default: fitting ?? .month)
        let options = KeynessOptions(
            minCount: try query.number("minCount", default: 3, in: 1...100_000),
            limit: try query.number("limit", default: 10, in: 1...200), examples: 1)
        return (
            period,
            try DiscoveryRequest.answer {
                try site.store.emergingTerms(in: scope, by: period, options: options)
            }
        )
    }

    func topics(_ query: DiscoveryRequest) throws -> TopicModelResult {
        let scope = try query.scope("scope", codebook: site.codebook)!
        let count = try query.text("topics")
        var options = TopicOptions(stabilityRuns: 2)
        if !count.isEmpty && count != "auto" { options.topics = try query.number("topics", default: 8, in: 2...40) }
        return try DiscoveryRequest.answer { try site.store.topics(in: scope, options: options) }
    }

    func network(_ query: DiscoveryRequest) throws -> (String, CoOccurrenceNetwork) {
        let code = try query.text("code", default: site.codebook.codes.first { $0.group == .concept }?.name ?? "ai")
        guard site.codebook.code(named: code) != nil else {
            throw HTTPError(.notFound, message: "unknown code '\(code)'")
        }
        let scope = try query.scope("scope", codebook: site.codebook)!
        let options = CoOccurrenceOptions(
            minCount: try query.number("minCount", default: 2, in: 1...1000),
            edges: try query.number("edges", default: 40, in: 1...200))
        let network = try DiscoveryRequest.answer {
            try site.store.coOccurrence(
                of: code, codebook: site.codebook, in: scope, analyzer: site.analyzer, options: options)
        }
        return (code, network)
    }
}
