import Foundation

/// The archive formats `sinmun import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// The KCNA archive JSON: an array of `{topic, headline, link, date, date_str, story_text}`.
    case kcnaArchive = "kcna-json"
    /// Rodong Sinmun English scrapes: JSON Lines of `{url, title, content: [..], byline, dateScraped}`,
    /// the date read from `newsID=YYYY-MM-DD-NNNN` in the URL.
    case rodongJSONL = "rodong-jsonl"
    /// A folder of `.txt` files, one article each, the date from the file name
    /// (`1987.txt`, `2024-03-01-foo.txt`); wire-service header lines are kept out of the body.
    case textFolder = "text"
    /// Generic JSON Lines, one article an object, fields named by ``FieldMap``.
    case jsonl
    /// Generic JSON: an array of article objects (or `{"articles": [...]}`), fields by ``FieldMap``.
    case json
    /// Saved Rodong Sinmun article pages (`.html`), a file or a folder of them; the address is
    /// read from the page (`saved from url=`, canonical link) or the file name.
    case rodongHTML = "rodong-html"
    /// Saved KCNA article pages (`.html`), as ``rodongHTML``.
    case kcnaHTML = "kcna-html"
    /// Generic CSV with a header row (RFC 4180 quoting), columns named by ``FieldMap``.
    case csv

    /// Guesses the format of a file or folder from its name and first bytes.
    public static func detect(_ url: URL) throws -> ImportFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportIssue(source: url.path, message: "no such file or folder")
        }
        if isDirectory.boolValue {
            // A folder of saved pages: tell the site from the first page's markup.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if let page = names.sorted().first(where: {
                $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm")
            }) {
                return try htmlFormat(of: url.appendingPathComponent(page))
            }
            guard names.contains(where: { $0.lowercased().hasSuffix(".txt") }) else {
                throw ImportIssue(
                    source: url.path,
                    message: "the folder holds no file Sinmun imports (\(importableExtensions.joined(separator: ", ")))"
                )
            }
            return .textFolder
        }
        switch url.pathExtension.lowercased() {
        case "txt": return .textFolder
        case "html", "htm": return try htmlFormat(of: url)
        case "csv", "tsv": return .csv
        case "jsonl", "ndjson":
            let head = try firstLine(of: url)
            return head.contains("\"content\"") && head.contains("newsID=") ? .rodongJSONL : .jsonl
        case "json":
            let head = try prefix(of: url, bytes: 4096)
            if head.contains("\"story_text\"") && head.contains("\"headline\"") && head.contains("\"link\"") {
                return .kcnaArchive
            }
            // A .json file holding one complete object per line is JSON Lines.
            let lines = head.split(separator: "\n").prefix(2).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            return lines.count == 2 && lines.allSatisfy({ $0.hasPrefix("{") && $0.hasSuffix("}") }) ? .jsonl : .json
        default:
            let known = ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw ImportIssue(
                source: url.path, message: "cannot tell the format from the name; pass --format (\(known))")
        }
    }

    /// The file name endings Sinmun imports, for messages.
    static let importableExtensions = [".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".html", ".htm", ".txt"]

    /// What importing a path means: the path itself as one source, or, for a folder holding
    /// data files (JSON, JSON Lines, CSV), each file by its own detected format. Saved pages
    /// beside them are read one by one too, and `.txt` files together as a text folder.
    ///
    /// A folder of only `.txt` files, or of only saved pages, stays one source (its outlet
    /// comes from its `SOURCE.md`; its pages' site from the first page).
    public static func sources(at url: URL) throws -> [(url: URL, format: ImportFormat?)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [(url, nil)]
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
        func ending(_ name: String, _ endings: [String]) -> Bool {
            endings.contains { name.lowercased().hasSuffix($0) }
        }
        let data = names.filter { ending($0, [".json", ".jsonl", ".ndjson", ".csv", ".tsv"]) }
        guard !data.isEmpty else { return [(url, nil)] }
        var sources: [(url: URL, format: ImportFormat?)] = names.filter {
            ending($0, [".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".html", ".htm"])
        }.map { (url.appendingPathComponent($0), nil) }
        if names.contains(where: { ending($0, [".txt"]) }) { sources.append((url, .textFolder)) }
        return sources
    }

    private static func htmlFormat(of url: URL) throws -> ImportFormat {
        let head = try prefix(of: url, bytes: 1 << 20)
        if head.contains("kcna.kp") || head.contains("content-wrapper") { return .kcnaHTML }
        if head.contains("rodong.rep.kp") || head.contains("ContDIV") || head.contains("TitleP") { return .rodongHTML }
        throw ImportIssue(
            source: url.path,
            message: "an HTML page of neither rodong.rep.kp nor kcna.kp; pass --format rodong-html or kcna-html")
    }

    private static func prefix(of url: URL, bytes: Int) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ImportIssue(source: url.path, message: "cannot open the file")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: bytes)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func firstLine(of url: URL) throws -> String {
        let head = try prefix(of: url, bytes: 65_536)
        return String(head.split(separator: "\n", maxSplits: 1).first ?? "")
    }
}

/// A problem with one record, or with a whole file, found at import.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or folder.
    public var source: String
    /// Where in it: `line 12`, `record 7`, a file name; nil for the whole source.
    public var location: String?
    /// What was wrong, for the analyst: `unknown date '...'`, `malformed JSON` ...
    public var message: String

    /// Names the source, the place in it (nil for the whole source) and the problem.
    public init(source: String, location: String? = nil, message: String) {
        self.source = source
        self.location = location
        self.message = message
    }

    /// `FILE: line N: reason`, or `FILE: reason` for the whole source.
    public var description: String {
        if let location { return "\(source): \(location): \(message)" }
        return "\(source): \(message)"
    }
}

/// What a reader hands over for each record: a cleaned article, or the reason it was skipped.
public enum ImportItem: Sendable {
    /// A record read and cleaned.
    case article(Article)
    /// A record left out, with the reason; reading goes on.
    case skipped(ImportIssue)
}

/// Options shared by the readers.
public struct ImportOptions: Sendable {
    /// Field names for the generic JSON, JSON Lines and CSV formats.
    public var fieldMap: FieldMap
    /// Outlet for records that do not name one.
    public var outlet: Outlet?
    /// Edition language for records that do not give one (otherwise guessed from the script).
    public var language: String?

    /// Options for one import; the defaults read the usual field names and guess the rest.
    public init(fieldMap: FieldMap = FieldMap(), outlet: Outlet? = nil, language: String? = nil) {
        self.fieldMap = fieldMap
        self.outlet = outlet
        self.language = language
    }
}

/// Which source field feeds which article field in the generic formats.
///
/// Each article field has a list of accepted names, tried in order; `--map title=headline`
/// puts `headline` first for `title`. Unknown article fields are rejected with the list of
/// known ones.
public struct FieldMap: Sendable, Equatable {
    /// The article fields a source field can be mapped to (the left side of `--map`).
    public static let fields = ["title", "body", "date", "url", "outlet", "lang", "section", "page", "byline"]

    public private(set) var names: [String: [String]] = [
        "title": ["title", "headline"],
        "body": ["body", "text", "content", "story_text"],
        "date": ["date", "date_str", "published", "pubdate"],
        "url": ["url", "urls", "link"],
        "outlet": ["outlet", "source", "publisher"],
        "lang": ["lang", "language"],
        "section": ["section", "sections", "topic", "category"],
        "page": ["page"],
        "byline": ["byline", "author"],
    ]

    /// The usual names only: `title|headline`, `body|text|content|story_text` ...
    public init() {}

    /// Parses `title=headline,body=story_text`.
    public init(parsing spec: String) throws {
        for pair in spec.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ImportIssue(source: "--map", message: "expected FIELD=SOURCE_NAME, got '\(pair)'")
            }
            guard FieldMap.fields.contains(parts[0]) else {
                throw ImportIssue(
                    source: "--map",
                    message: "unknown field '\(parts[0])'; known: \(FieldMap.fields.joined(separator: ", "))")
            }
            names[parts[0], default: []].insert(parts[1], at: 0)
        }
    }

    /// The names accepted for an article field, most preferred first.
    public func candidates(for field: String) -> [String] { names[field] ?? [] }
}
