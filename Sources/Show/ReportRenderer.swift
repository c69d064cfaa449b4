import Foundation
import SinmunMeasure

/// Renders a ``StudyReport`` as a self-contained HTML page (inline CSS and SVG, no script),
/// Markdown and JSON. Every figure in the HTML is a `<data value=… data-key=…>` element
/// naming the JSON field it shows, so the two can be checked against each other.
public enum ReportRenderer {
    /// The report as report.json: sorted keys, numbers to 12 significant digits.
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

    /// The report as a reader of report.json gets it: rendering from the decoded copy makes
    /// every figure in the HTML and Markdown the exact number the JSON holds (JSON number
    /// text need not round-trip every last bit of a Double).
    static func canonical(_ report: StudyReport) -> StudyReport {
        guard let data = try? json(report), let decoded = try? JSONDecoder().decode(StudyReport.self, from: data) else {
            return report
        }
        return decoded
    }

    /// The report as one self-contained HTML page (template `report`).
    public static func html(_ report: StudyReport) throws(ViewError) -> String {
        try TemplateLibrary.report.get().render(ReportPage(canonical(report)), template: "report")
    }

    /// The report as Markdown with the same figures (template `report-md`).
    public static func markdown(_ report: StudyReport) throws(ViewError) -> String {
        try TemplateLibrary.report.get().render(ReportPage(canonical(report)), template: "report-md")
    }

    /// Writes report.html, report.md and report.json into `directory`. A directory that
    /// exists and is not empty needs `force`.
    public static func write(_ report: StudyReport, to directory: URL, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportError.notAFolder(directory.path) }
            let contents = try manager.contentsOfDirectory(atPath: directory.path)
            if !contents.isEmpty && !force {
                throw ReportError.folderNotEmpty(directory.path)
            }
        } else {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Data(html(report).utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(markdown(report).utf8).write(to: directory.appendingPathComponent("report.md"))
        try json(report).write(to: directory.appendingPathComponent("report.json"))
    }
}
