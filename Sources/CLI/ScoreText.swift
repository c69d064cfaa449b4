import SinmunCode

/// Precision, recall and F1 as the commands print them (`validate`, `quotes`, `suggest`).
enum ScoreText {
    /// `0.83`, or `missing` when undefined.
    static func value(_ value: Double?, missing: String = "-") -> String {
        value.map { String(format: "%.2f", $0) } ?? missing
    }

    /// `[0.72,0.90]`, or empty when undefined.
    static func interval(_ bounds: [Double]?) -> String {
        bounds.map { "[\(value($0[0])),\(value($0[1]))]" } ?? ""
    }

    /// One row of a scores table: name, units, TP, FP, FN, then precision, recall and F1 with
    /// their intervals, in the columns `header` names.
    static func row(_ name: String, units: Int, _ s: AgreementStatistics.Scores) -> String {
        var line = name.padding(20)
        for count in [units, s.truePositives, s.falsePositives, s.falseNegatives] { line += String(count).padding(4) }
        line += "\(value(s.precision, missing: "  - ")) \(interval(s.precisionInterval).padding(13))  "
        line += "\(value(s.recall, missing: "  - ")) \(interval(s.recallInterval).padding(13))  "
        line += "\(value(s.f1, missing: "  - ")) \(interval(s.f1Interval).padding(13))"
        return line
    }

    /// The header of ``row(_:units:_:)``'s table.
    static let header = "code                  n   TP  FP  FN  precision          recall             F1"
}
