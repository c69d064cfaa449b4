import Foundation

extension Period {
    /// The period unit that suits a span of dates: months for a few years of text, quarters
    /// up to fifteen years, years beyond (the 1946–2026 corpus gets 81 bars, not 300
    /// quarters). The report and the dashboard's timeline both choose by this rule.
    public static func fitting(from first: String, to last: String) -> Period {
        let span = (Int(last.prefix(4)) ?? 0) - (Int(first.prefix(4)) ?? 0)
        return span <= 6 ? .month : span <= 15 ? .quarter : .year
    }
}
