import Foundation
import SinmunMeasure

/// A scope's topics, their words and their share over time (template `topics`).
struct TopicsPage {
    struct TopicView {
        var label: String
        var share: String
        var stability: String
        var terms: String
        var exampleHTML: String?
        var exampleDate: String
        var perPeriod: [String]
    }

    var title = "Topics"
    var scope: String
    var topics: String
    var model: Model?

    struct Model {
        var documents: Int
        var count: Int
        var stability: String
        var chosenBy: String
        var periods: [String]
        var topicList: [TopicView]
        var json: String
    }

    init(scope: String, topics: String, result: TopicModelResult?) {
        self.scope = scope
        self.topics = topics
        model = result.map { result in
            Model(
                documents: result.documents, count: result.topics, stability: String(format: "%.2f", result.stability),
                chosenBy: result.chosenBy, periods: result.periods,
                topicList: result.topicList.map { topic in
                    TopicView(
                        label: topic.label, share: String(format: "%.1f%%", topic.share * 100),
                        stability: String(format: "%.2f", topic.stability),
                        terms: topic.terms.map(\.lemma).joined(separator: ", "),
                        exampleHTML: topic.examples.first.map(KeynessPage.marked),
                        exampleDate: topic.examples.first?.date ?? "",
                        perPeriod: topic.perPeriod.map { $0.share.map { String(format: "%.0f%%", $0 * 100) } ?? "–" })
                },
                json: "/api/topics" + DashboardSite.query([("scope", scope), ("topics", topics)]))
        }
    }
}
