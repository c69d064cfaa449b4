import Foundation
import SinmunMeasure

/// Renders a ``StudyReport`` as a self-contained HTML page (inline CSS and SVG, no script),
/// Markdown and JSON. Every figure in the HTML is a `<data value=… data-key=…>` element
/// naming the JSON field it shows, so the two can be checked against each other.
public enum ReportRenderer {
    public static func json(_ report: StudyReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Data(roundedNumbers(String(decoding: try encoder.encode(report), as: UTF8.self)).utf8)
    }

    /// Rewrites every JSON number (outside strings) to at most 12 significant digits. Beyond
    /// that, JSON parsers disagree on the last bit (Foundation on Linux writes and reads some
    /// 17-digit values differently), and a report's figures must read back exactly.
    static func roundedNumbers(_ text: String) -> String {
        var out = ""
        var token = ""
        var inString = false
        var escaped = false
        func flush() {
            guard !token.isEmpty else { return }
            if token.contains("."), let value = Double(token), value.isFinite {
                let short = String(format: "%.12g", value)
                out += Double(short).map { "\($0)" }.map { $0.hasSuffix(".0") ? String($0.dropLast(2)) : $0 } ?? token
            } else {
                out += token
            }
            token = ""
        }
        for character in text {
            if inString {
                out.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            if character.isNumber || character == "." || character == "-" || character == "+"
                || ((character == "e" || character == "E") && !token.isEmpty)
            {
                token.append(character)
                continue
            }
            flush()
            out.append(character)
            if character == "\"" { inString = true }
        }
        flush()
        return out
    }

    // MARK: - HTML

    static func number(_ value: Int, _ key: String) -> String {
        "<data value=\"\(value)\" data-key=\"\(key)\">\(value)</data>"
    }

    static func percent(_ value: Double?, _ key: String, digits: Int = 2) -> String {
        guard let value else { return "—" }
        return "<data value=\"\(value)\" data-key=\"\(key)\">\(String(format: "%.\(digits)f%%", value * 100))</data>"
    }

    static func decimal(_ value: Double?, _ key: String, digits: Int = 2) -> String {
        guard let value else { return "—" }
        return "<data value=\"\(value)\" data-key=\"\(key)\">\(String(format: "%.\(digits)f", value))</data>"
    }

    static func probability(_ value: Double, _ key: String) -> String {
        "<data value=\"\(value)\" data-key=\"\(key)\">\(value < 0.001 ? String(format: "%.1e", value) : String(format: "%.3f", value))</data>"
    }

    /// The sentence with its matches marked, every piece escaped.
    static func marked(_ quote: StudyReport.Quote) -> String {
        HTML.marked(
            quote.sentence,
            byteRanges: quote.marks.filter { $0.count == 2 && $0[0] >= 0 && $0[0] <= $0[1] }.map { $0[0]..<$0[1] })
    }

    static func source(_ quote: StudyReport.Quote) -> String {
        let title = HTML.escape(quote.title)
        guard let url = HTML.safeURL(quote.url) else { return title }
        return "<a href=\"\(HTML.escape(url))\">\(title)</a>"
    }

    static let style = """
        body{font-family:\(SVGChart.fontStack);max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
        h3{font-size:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
        th,td{border-bottom:1px solid #e5e5e5;padding:.25rem .4rem;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}mark{background:#ffe08a;padding:0 .1rem}
        .note{background:#f4f6f8;border-left:3px solid #1b6ca8;padding:.4rem .7rem;margin:.5rem 0}
        .meta{color:#666;font-size:.85rem}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
        blockquote{margin:.3rem 0 .8rem;padding-left:.8rem;border-left:3px solid #ccc}
        @media print{body{margin:0;max-width:none}figure,table,blockquote{break-inside:avoid}a{color:inherit}}
        """

    /// The report as a reader of report.json gets it: rendering from the decoded copy makes
    /// every figure in the HTML and Markdown the exact number the JSON holds (JSON number
    /// text need not round-trip every last bit of a Double).
    static func canonical(_ report: StudyReport) -> StudyReport {
        guard let data = try? json(report), let decoded = try? JSONDecoder().decode(StudyReport.self, from: data) else {
            return report
        }
        return decoded
    }

    public static func html(_ original: StudyReport) -> String {
        let report = canonical(original)
        var h =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(report.title))</title>\n<style>\(style)</style>\n</head>\n<body>\n"
        h += "<h1>\(HTML.escape(report.title))</h1>\n"
        h +=
            "<p class=\"meta\">Scope: \(HTML.escape(report.scope)). Codebook <code>\(HTML.escape(report.method.codebook))</code>.</p>\n"
        h +=
            "<p class=\"meta generated\">Generated \(HTML.escape(report.generatedAt)) by \(HTML.escape(report.method.software)).</p>\n"
        for note in report.notes { h += "<p class=\"note\">\(HTML.escape(note))</p>\n" }

        // Coverage.
        let c = report.coverage
        h += "<h2 id=\"coverage\">Corpus coverage</h2>\n"
        h +=
            "<p>\(number(c.articles, "coverage.articles")) dated articles from \(HTML.escape(c.firstDate ?? "—")) to \(HTML.escape(c.lastDate ?? "—"))"
        h +=
            "; \(number(c.headlineOnly, "coverage.headlineOnly")) of the corpus's articles are headline-only (photo and video items), \(number(c.undated, "coverage.undated")) undated.</p>\n"
        h += "<table><tr><th>Outlet</th><th class=\"n\">Articles</th></tr>"
        for (i, row) in c.byOutlet.enumerated() {
            h +=
                "<tr><td>\(HTML.escape(row.key))</td><td class=\"n\">\(number(row.articles, "coverage.byOutlet[\(i)].articles"))</td></tr>"
        }
        h += "</table>\n<table><tr><th>Language</th><th class=\"n\">Articles</th></tr>"
        for (i, row) in c.byLanguage.enumerated() {
            h +=
                "<tr><td>\(HTML.escape(row.key))</td><td class=\"n\">\(number(row.articles, "coverage.byLanguage[\(i)].articles"))</td></tr>"
        }
        h += "</table>\n"
        let unit = c.period.rawValue
        if !c.periods.isEmpty {
            h +=
                "<figure>"
                + SVGChart.bars(
                    id: "coverage", title: "Articles per \(unit)",
                    description: "Articles in the corpus per \(unit); hatched periods have no articles at all.",
                    labels: c.periods.map(\.period), values: c.periods.map { $0.gap ? nil : Double($0.exposure) })
            h +=
                "<figcaption>Articles per \(unit). Hatched: no data (\(c.gaps.count) \(unit)(s)).</figcaption></figure>\n"
            if c.byOutlet.count > 1 {
                h +=
                    "<figure>"
                    + SVGChart.stacked(
                        id: "outlets", title: "Share of each outlet per \(unit)",
                        description: "Composition of the corpus by outlet, \(unit) by \(unit).",
                        labels: c.periods.map(\.period),
                        series: c.byOutlet.map { ($0.key, c.periodsByOutlet[$0.key] ?? []) })
                h += "<figcaption>Composition by outlet, per \(unit).</figcaption></figure>\n"
            }
        }

        // Volume.
        if let v = report.volume {
            h += "<h2 id=\"volume\">\(HTML.escape(v.label)) over time</h2>\n"
            h +=
                "<p>\(number(v.total, "volume.total")) of \(number(v.exposure, "volume.exposure")) articles carry <code>\(HTML.escape(v.code))</code> (\(percent(v.share, "volume.share"))).</p>\n"
            if v.total > 0 {
                let markers = Dictionary(v.changes.map { ($0.period, "change") }, uniquingKeysWith: { a, _ in a })
                h +=
                    "<figure>"
                    + SVGChart.bars(
                        id: "volume-count", title: "\(v.label): articles per \(unit)",
                        description:
                            "Count of articles with the code per \(unit); dashed lines mark detected change points.",
                        labels: v.series.map(\.period), values: v.series.map { $0.count.map(Double.init) },
                        markers: markers)
                h +=
                    "<figcaption>Articles per \(unit) with the code. Dashed: detected change points.</figcaption></figure>\n"
                h +=
                    "<figure>"
                    + SVGChart.shares(
                        id: "volume-share", title: "\(v.label): share of all articles per \(unit)",
                        description: "Share of the \(unit)'s articles with the code, with 95% Wilson intervals.",
                        labels: v.series.map(\.period), values: v.series.map(\.share), lower: v.series.map(\.lower),
                        upper: v.series.map(\.upper), markers: markers)
                h +=
                    "<figcaption>Share of all articles, with 95% Wilson intervals; periods without articles are empty.</figcaption></figure>\n"
                h +=
                    "<table><tr><th>Period</th><th class=\"n\">Articles with code</th><th class=\"n\">All articles</th><th class=\"n\">Share</th><th class=\"n\">95% interval</th></tr>"
                for (i, p) in v.series.enumerated() where !p.gap {
                    h +=
                        "<tr><td>\(HTML.escape(p.period))</td><td class=\"n\">\(number(p.count ?? 0, "volume.series[\(i)].count"))</td><td class=\"n\">\(number(p.exposure, "volume.series[\(i)].exposure"))</td>"
                    h +=
                        "<td class=\"n\">\(percent(p.share, "volume.series[\(i)].share"))</td><td class=\"n\">\(percent(p.lower, "volume.series[\(i)].lower")) – \(percent(p.upper, "volume.series[\(i)].upper"))</td></tr>"
                }
                h += "</table>\n"
                if v.changes.isEmpty {
                    h +=
                        "<p>No change point was detected (PELT, binomial cost, penalty \(decimal(report.method.penaltyFactor, "method.penaltyFactor", digits: 1)) × ln periods).</p>\n"
                }
                for (i, change) in v.changes.enumerated() {
                    h +=
                        "<p>Change point at <strong>\(HTML.escape(change.period))</strong> (plausibly \(HTML.escape(change.plausibleFrom)) … \(HTML.escape(change.plausibleTo))): share \(percent(change.shareBefore, "volume.changes[\(i)].shareBefore")) → \(percent(change.shareAfter, "volume.changes[\(i)].shareAfter")), likelihood ratio \(decimal(change.likelihoodRatio, "volume.changes[\(i)].likelihoodRatio", digits: 1)).</p>\n"
                }
                for (i, burst) in v.bursts.enumerated() {
                    h +=
                        "<p>Burst \(HTML.escape(burst.from)) … \(HTML.escape(burst.to)), level \(number(burst.level, "volume.bursts[\(i)].level")), weight \(decimal(burst.weight, "volume.bursts[\(i)].weight", digits: 1)).</p>\n"
                }
            }
        }

        // Frames.
        if let frames = report.frames {
            h +=
                "<h2 id=\"frames\">Frames</h2>\n<p>Articles carrying each frame among the articles with the concept, per half-year.</p>\n"
            h +=
                "<table><tr><th>Frame</th><th class=\"n\">Articles</th><th class=\"n\">Share</th>"
                + frames.periods.map { "<th class=\"n\">\(HTML.escape($0))</th>" }.joined() + "</tr>"
            h +=
                "<tr><td><em>all concept articles</em></td><td></td><td></td>"
                + frames.conceptPerPeriod.enumerated().map {
                    "<td class=\"n\">\(number($1, "frames.conceptPerPeriod[\($0)]"))</td>"
                }.joined() + "</tr>"
            for (i, row) in frames.frames.enumerated() {
                h +=
                    "<tr><td>\(HTML.escape(row.label)) <code>\(HTML.escape(row.code))</code></td><td class=\"n\">\(number(row.articles, "frames.frames[\(i)].articles"))</td><td class=\"n\">\(percent(row.share, "frames.frames[\(i)].share", digits: 0))</td>"
                h +=
                    row.perPeriod.enumerated().map {
                        "<td class=\"n\">\(number($1, "frames.frames[\(i)].perPeriod[\($0)]"))</td>"
                    }.joined() + "</tr>"
            }
            h += "</table>\n"
            h +=
                "<figure>"
                + SVGChart.horizontalBars(
                    id: "frames", title: "Share of concept articles carrying each frame",
                    description: "One bar per frame: the share of the concept's articles that carry it.",
                    rows: frames.frames.map {
                        ($0.label, $0.share ?? 0, String(format: "%.0f%%", ($0.share ?? 0) * 100))
                    }) + "</figure>\n"
            h += "<h3>Before and after</h3>\n<p>\(HTML.escape(frames.comparisonNote))</p>\n"
            if let cmp = frames.comparison {
                h +=
                    "<table><tr><th></th><th>Dates</th><th class=\"n\">With code</th><th class=\"n\">All</th><th class=\"n\">Share [95%]</th></tr>"
                for (name, side, key) in [("Before", cmp.before, "before"), ("After", cmp.after, "after")] {
                    h +=
                        "<tr><td>\(name)</td><td>\(HTML.escape(side.from)) … \(HTML.escape(side.to))</td><td class=\"n\">\(number(side.count, "frames.comparison.\(key).count"))</td><td class=\"n\">\(number(side.articles, "frames.comparison.\(key).articles"))</td>"
                    h +=
                        "<td class=\"n\">\(percent(side.share, "frames.comparison.\(key).share")) [\(percent(side.lower, "frames.comparison.\(key).lower")), \(percent(side.upper, "frames.comparison.\(key).upper"))]</td></tr>"
                }
                h += "</table>\n"
                if let r = cmp.rateRatio {
                    h +=
                        "<p>Rate ratio after/before: \(r.ratio.map { decimal($0, "frames.comparison.rateRatio.ratio") } ?? "∞") [\(decimal(r.lower, "frames.comparison.rateRatio.lower")), \(r.upper.map { decimal($0, "frames.comparison.rateRatio.upper") } ?? "∞")], exact p = \(probability(r.pValue, "frames.comparison.rateRatio.pValue")).</p>\n"
                }
                h +=
                    "<table><tr><th>Code</th><th class=\"n\">Before</th><th class=\"n\">After</th><th class=\"n\">Odds ratio [95%]</th><th class=\"n\">Fisher p</th></tr>"
                for (i, f) in cmp.frames.enumerated() {
                    let key = "frames.comparison.frames[\(i)]"
                    let odds =
                        f.fisher.estimable
                        ? "\(f.fisher.oddsRatio.map { decimal($0, "\(key).fisher.oddsRatio") } ?? "∞") [\(decimal(f.fisher.lower, "\(key).fisher.lower")), \(f.fisher.upper.map { decimal($0, "\(key).fisher.upper") } ?? "∞")]"
                        : "—"
                    h +=
                        "<tr><td><code>\(HTML.escape(f.code))</code></td><td class=\"n\">\(number(f.before, "\(key).before"))/\(number(f.beforeOf, "\(key).beforeOf"))</td><td class=\"n\">\(number(f.after, "\(key).after"))/\(number(f.afterOf, "\(key).afterOf"))</td>"
                    h +=
                        "<td class=\"n\">\(odds)</td><td class=\"n\">\(probability(f.fisher.pValue, "\(key).fisher.pValue"))</td></tr>"
                }
                h += "</table>\n"
            }
        }

        // Actors.
        if report.volume.map({ $0.total > 0 }) == true, !report.actors.isEmpty {
            h += "<h2 id=\"actors\">Who is cited</h2>\n"
            h +=
                "<figure>"
                + SVGChart.horizontalBars(
                    id: "actors", title: "Concept articles citing each actor",
                    description: "Number of the concept's articles in which each actor appears near the concept.",
                    rows: report.actors.map { ($0.label, Double($0.articles), String($0.articles)) }) + "</figure>\n"
            h += "<table><tr><th>Actor</th><th class=\"n\">Articles</th></tr>"
            for (i, actor) in report.actors.enumerated() {
                h +=
                    "<tr><td>\(HTML.escape(actor.label))</td><td class=\"n\">\(number(actor.articles, "actors[\(i)].articles"))</td></tr>"
            }
            h += "</table>\n"
            for actor in report.actors where !actor.quotes.isEmpty {
                h += "<h3>\(HTML.escape(actor.label))</h3>\n"
                for quote in actor.quotes {
                    h +=
                        "<blockquote>\(marked(quote))<br><span class=\"meta\">\(HTML.escape(quote.date ?? "undated")), \(HTML.escape(quote.outlet)): \(source(quote))</span></blockquote>\n"
                }
            }
        }
        if !report.leaderGuidance.isEmpty {
            h += "<h2 id=\"leader\">Leader guidance</h2>\n"
            for quote in report.leaderGuidance {
                h +=
                    "<blockquote>\(marked(quote))<br><span class=\"meta\">\(HTML.escape(quote.date ?? "undated")), \(HTML.escape(quote.outlet)): \(source(quote))</span></blockquote>\n"
            }
        }
        if !report.indicators.isEmpty, report.volume.map({ $0.total > 0 }) == true {
            h +=
                "<h2 id=\"indicators\">Signals of institutionalisation</h2>\n<table><tr><th>Indicator</th><th class=\"n\">Articles</th><th>First</th><th>Last</th><th>Example</th></tr>"
            for (i, row) in report.indicators.enumerated() {
                h +=
                    "<tr><td>\(HTML.escape(row.label))</td><td class=\"n\">\(number(row.articles, "indicators[\(i)].articles"))</td><td>\(HTML.escape(row.first ?? "not seen"))</td><td>\(HTML.escape(row.last ?? ""))</td><td>\(row.quote.map(marked) ?? "")</td></tr>"
            }
            h += "</table>\n"
        }
        if !report.evidence.isEmpty {
            h +=
                "<h2 id=\"evidence\">Evidence</h2>\n<table><tr><th>Date</th><th>Outlet</th><th>Article</th><th>Level</th><th>Evidence</th></tr>"
            for quote in report.evidence {
                h +=
                    "<tr><td>\(HTML.escape(quote.date ?? "undated"))</td><td>\(HTML.escape(quote.outlet))</td><td>\(source(quote))</td><td>\(HTML.escape(quote.level))</td><td>\(marked(quote))</td></tr>"
            }
            h += "</table>\n"
        }
        // Method.
        let m = report.method
        h += "<h2 id=\"method\">Method</h2>\n<ul>"
        h +=
            "<li>Codebook <code>\(HTML.escape(m.codebook))</code>, SHA-256 <code>\(HTML.escape(m.codebookHash))</code>.</li>"
        h += "<li>Corpus snapshot (articles and texts in scope) SHA-256 <code>\(HTML.escape(m.corpusHash))</code>.</li>"
        h +=
            "<li>\(HTML.escape(m.software)). Shares with 95% Wilson intervals; change points by PELT with a binomial cost and penalty \(decimal(m.penaltyFactor, "method.penaltyFactor", digits: 1)) × ln(periods); bursts by Kleinberg's automaton; rate ratio with the exact conditional interval; frame shifts by Fisher's exact test.</li></ul>\n"
        if let validation = m.validation {
            h +=
                "<table><tr><th>Code</th><th class=\"n\">Labelled</th><th class=\"n\">Precision</th><th class=\"n\">Recall</th><th class=\"n\">F1</th></tr>"
            for (i, v) in validation.enumerated() {
                h +=
                    "<tr><td><code>\(HTML.escape(v.code))</code></td><td class=\"n\">\(number(v.labelled, "method.validation[\(i)].labelled"))</td><td class=\"n\">\(decimal(v.precision, "method.validation[\(i)].precision"))</td><td class=\"n\">\(decimal(v.recall, "method.validation[\(i)].recall"))</td><td class=\"n\">\(decimal(v.f1, "method.validation[\(i)].f1"))</td></tr>"
            }
            h += "</table>\n"
        } else {
            h += "<p>No validation labels were given (<code>--labels</code>).</p>\n"
        }
        return h + "</body>\n</html>\n"
    }

    // MARK: - Markdown

    public static func markdown(_ original: StudyReport) -> String {
        let report = canonical(original)
        func pct(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "—" }
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var md =
            "# \(report.title)\n\nScope: \(report.scope). Codebook `\(report.method.codebook)`.\n\nGenerated \(report.generatedAt) by \(report.method.software).\n\n"
        for note in report.notes { md += "> \(note)\n\n" }
        let c = report.coverage
        md +=
            "## Corpus coverage\n\n\(c.articles) dated articles from \(c.firstDate ?? "—") to \(c.lastDate ?? "—"); \(c.headlineOnly) headline-only, \(c.undated) undated; \(c.gaps.count) \(c.period.rawValue)(s) without articles.\n\n| Outlet | Articles |\n| --- | ---: |\n"
        for row in c.byOutlet { md += "| \(cell(row.key)) | \(row.articles) |\n" }
        md += "\n| Language | Articles |\n| --- | ---: |\n"
        for row in c.byLanguage { md += "| \(cell(row.key)) | \(row.articles) |\n" }
        if let v = report.volume {
            md +=
                "\n## \(v.label) over time\n\n\(v.total) of \(v.exposure) articles carry `\(v.code)` (\(pct(v.share))).\n\n"
            if v.total > 0 {
                md += "| Period | With code | All | Share | 95% interval |\n| --- | ---: | ---: | ---: | --- |\n"
                for p in v.series where !p.gap {
                    md +=
                        "| \(p.period) | \(p.count ?? 0) | \(p.exposure) | \(pct(p.share)) | \(pct(p.lower)) – \(pct(p.upper)) |\n"
                }
                md += "\n"
                if v.changes.isEmpty { md += "No change point was detected.\n\n" }
                for change in v.changes {
                    md +=
                        "Change point at **\(change.period)** (plausibly \(change.plausibleFrom) … \(change.plausibleTo)): \(pct(change.shareBefore)) → \(pct(change.shareAfter)), LR \(String(format: "%.1f", change.likelihoodRatio)).\n\n"
                }
                for burst in v.bursts {
                    md +=
                        "Burst \(burst.from) … \(burst.to), level \(burst.level), weight \(String(format: "%.1f", burst.weight)).\n\n"
                }
            }
        }
        if let frames = report.frames {
            md +=
                "## Frames\n\n| Frame | Articles | Share | " + frames.periods.joined(separator: " | ")
                + " |\n| --- | ---: | ---: |" + frames.periods.map { _ in " ---: |" }.joined() + "\n"
            for row in frames.frames {
                md +=
                    "| \(cell(row.label)) | \(row.articles) | \(pct(row.share)) | "
                    + row.perPeriod.map(String.init).joined(separator: " | ") + " |\n"
            }
            md += "\n\(frames.comparisonNote)\n\n"
            if let cmp = frames.comparison {
                md +=
                    "Before \(cmp.before.from) … \(cmp.before.to): \(cmp.before.count) of \(cmp.before.articles) (\(pct(cmp.before.share))). After \(cmp.after.from) … \(cmp.after.to): \(cmp.after.count) of \(cmp.after.articles) (\(pct(cmp.after.share))).\n\n"
                if let r = cmp.rateRatio {
                    md +=
                        "Rate ratio after/before: \(r.ratio.map { String(format: "%.2f", $0) } ?? "∞") [\(String(format: "%.2f", r.lower)), \(r.upper.map { String(format: "%.2f", $0) } ?? "∞")], exact p = \(String(format: "%.3g", r.pValue)).\n\n"
                }
                md += "| Code | Before | After | Fisher p |\n| --- | ---: | ---: | ---: |\n"
                for f in cmp.frames {
                    md +=
                        "| `\(f.code)` | \(f.before)/\(f.beforeOf) | \(f.after)/\(f.afterOf) | \(String(format: "%.3g", f.fisher.pValue)) |\n"
                }
                md += "\n"
            }
        }
        if report.volume.map({ $0.total > 0 }) == true {
            md += "## Who is cited\n\n| Actor | Articles |\n| --- | ---: |\n"
            for actor in report.actors { md += "| \(cell(actor.label)) | \(actor.articles) |\n" }
            for actor in report.actors where !actor.quotes.isEmpty {
                md += "\n### \(actor.label)\n\n"
                for q in actor.quotes {
                    md +=
                        "> \(cell(q.sentence))\n>\n> — \(q.date ?? "undated"), \(q.outlet): \(cell(q.title))\(q.url.map { " <\($0)>" } ?? "")\n\n"
                }
            }
            if !report.leaderGuidance.isEmpty {
                md += "## Leader guidance\n\n"
                for q in report.leaderGuidance {
                    md += "> \(cell(q.sentence))\n>\n> — \(q.date ?? "undated"), \(q.outlet): \(cell(q.title))\n\n"
                }
            }
            md +=
                "## Signals of institutionalisation\n\n| Indicator | Articles | First | Last |\n| --- | ---: | --- | --- |\n"
            for row in report.indicators {
                md += "| \(cell(row.label)) | \(row.articles) | \(row.first ?? "not seen") | \(row.last ?? "") |\n"
            }
            md += "\n## Evidence\n\n| Date | Outlet | Article | Level | Evidence |\n| --- | --- | --- | --- | --- |\n"
            for q in report.evidence {
                md += "| \(q.date ?? "undated") | \(q.outlet) | \(cell(q.title)) | \(q.level) | \(cell(q.sentence)) |\n"
            }
        }
        let m = report.method
        md +=
            "\n## Method\n\n- Codebook `\(m.codebook)`, SHA-256 `\(m.codebookHash)`.\n- Corpus snapshot SHA-256 `\(m.corpusHash)`.\n- \(m.software); PELT penalty \(m.penaltyFactor) × ln(periods).\n"
        if let validation = m.validation {
            md += "\n| Code | Labelled | Precision | Recall | F1 |\n| --- | ---: | ---: | ---: | ---: |\n"
            for v in validation {
                md +=
                    "| `\(v.code)` | \(v.labelled) | \(v.precision.map { String(format: "%.2f", $0) } ?? "—") | \(v.recall.map { String(format: "%.2f", $0) } ?? "—") | \(v.f1.map { String(format: "%.2f", $0) } ?? "—") |\n"
            }
        }
        return md
    }

    /// Writes report.html, report.md and report.json into `directory`. A directory that
    /// exists and is not empty needs `force`.
    public static func write(_ report: StudyReport, to directory: URL, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportError("\(directory.path) exists and is not a folder") }
            let contents = try manager.contentsOfDirectory(atPath: directory.path)
            if !contents.isEmpty && !force {
                throw ReportError("\(directory.path) is not empty; pass --force to overwrite the report files in it")
            }
        } else {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Data(html(report).utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(markdown(report).utf8).write(to: directory.appendingPathComponent("report.md"))
        try json(report).write(to: directory.appendingPathComponent("report.json"))
    }
}

public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
