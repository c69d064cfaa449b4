/// A coder's labels as the CSV `sinmun validate` reads: a `url` column (the article's first
/// address; its id when it has none, which validate also resolves) and one column per code,
/// `1`, `0` or empty. Written alike from either backend.
public enum HumanLabelCSV {
    /// The CSV of labels given in article order, each with the article's key (address or id).
    public static func text(_ labels: [(key: String, code: String, value: Bool)], codes: [String]) -> String {
        var lines = [(["url"] + codes).joined(separator: ",")]
        var order: [String] = []
        var values: [String: [String: Bool]] = [:]
        for label in labels {
            if values[label.key] == nil { order.append(label.key) }
            values[label.key, default: [:]][label.code] = label.value
        }
        for key in order {
            let quoted =
                key.contains(",") || key.contains("\"")
                ? "\"" + key.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : key
            lines.append(
                ([quoted] + codes.map { values[key]?[$0].map { $0 ? "1" : "0" } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
