import Foundation

/// Reads an archive file or folder into cleaned articles, one ``ImportItem`` per record.
///
/// Problems with a single record are handed over as `.skipped` and reading goes on; only a
/// problem with the whole source (missing file, not JSON at all) is thrown.
public struct ArchiveReader: Sendable {
    /// Field names, outlet and language to use where the records do not say.
    public var options: ImportOptions

    /// A reader with the given options (by default: fields found by their usual names).
    public init(options: ImportOptions = ImportOptions()) {
        self.options = options
    }

    /// Reads `url` as `format` (detected when nil). `progress` gets the fraction done, 0...1.
    public func read(
        _ url: URL, format: ImportFormat? = nil,
        progress: (Double) -> Void = { _ in },
        emit: (ImportItem) throws -> Void
    ) throws {
        let format = try format ?? ImportFormat.detect(url)
        switch format {
        case .kcnaArchive: try readKCNAArchive(url, progress: progress, emit: emit)
        case .rodongJSONL: try readJSONLines(url, progress: progress, emit: emit, record: rodongArticle)
        case .jsonl: try readJSONLines(url, progress: progress, emit: emit, record: genericArticle)
        case .json: try readJSONArray(url, progress: progress, emit: emit)
        case .csv: try readCSV(url, progress: progress, emit: emit)
        case .textFolder: try TextFolderReader(options: options).read(url, progress: progress, emit: emit)
        case .rodongHTML, .kcnaHTML:
            try SavedPageReader(options: options, site: format).read(url, progress: progress, emit: emit)
        }
    }

    // MARK: - Files

    /// The files a path stands for: itself, or a folder's files with one of `extensions`
    /// (lower-case, without the dot), sorted; and the source name their issues are reported
    /// under (the folder, or the file's folder).
    static func files(at url: URL, extensions: [String], kind: String) throws -> (files: [URL], source: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportIssue(source: url.path, message: "no such file or folder")
        }
        guard isDirectory.boolValue else { return ([url], url.deletingLastPathComponent().path) }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { name in extensions.contains { name.lowercased().hasSuffix("." + $0) } }.sorted()
        guard !names.isEmpty else { throw ImportIssue(source: url.path, message: "the folder holds no \(kind) files") }
        return (names.map { url.appendingPathComponent($0) }, url.path)
    }

    static func contents(of url: URL) throws -> Data {
        do {
            // Mapped, not read: a million-article archive is gigabytes, and its pages can be
            // dropped and re-read by the kernel instead of held in the heap.
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ImportIssue(source: url.path, message: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// Decodes JSON from bytes that may hold invalid UTF-8: the bad bytes become U+FFFD so the
    /// rest parses, and records carrying U+FFFD are reported instead of imported.
    static func jsonObject(_ data: Data) throws -> (Any, repaired: Bool) {
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            return (object, false)
        }
        let repaired = String(decoding: data, as: UTF8.self)
        let object = try JSONSerialization.jsonObject(with: Data(repaired.utf8), options: [.fragmentsAllowed])
        return (object, repaired.utf8.count != data.count || repaired.contains("\u{FFFD}"))
    }

    // MARK: - KCNA archive

    private func readKCNAArchive(_ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void) throws {
        let data = try Self.contents(of: url)
        let parsed: (Any, repaired: Bool)
        do {
            parsed = try Self.jsonObject(data)
        } catch {
            throw ImportIssue(
                source: url.path,
                message: "not a KCNA archive: the file is not valid JSON (\(error.localizedDescription))")
        }
        guard let records = parsed.0 as? [Any] else {
            throw ImportIssue(source: url.path, message: "not a KCNA archive: expected a JSON array of records")
        }
        for (index, element) in records.enumerated() {
            let location = "record \(index + 1)"
            progress(Double(index + 1) / Double(max(records.count, 1)))
            do {
                guard let record = element as? [String: Any] else {
                    throw RecordError("expected an object, found \(type(of: element))")
                }
                try emit(
                    .article(try kcnaArticle(record, source: url.path, location: location, repaired: parsed.repaired)))
            } catch let error as RecordError {
                try emit(.skipped(ImportIssue(source: url.path, location: location, message: error.message)))
            }
        }
    }

    private func kcnaArticle(
        _ record: [String: Any], source: String, location: String, repaired: Bool
    ) throws -> Article {
        guard let headline = record["headline"] as? String else { throw RecordError("no 'headline'") }
        let text = record["story_text"] as? String ?? ""
        if repaired, (headline + text).contains("\u{FFFD}") { throw RecordError("invalid UTF-8 in the record") }
        let language = options.language ?? "en"
        let (title, stampDate) = TextCleanup.cleanTitle(headline, language: language)
        var date: PublicationDate?
        if let string = record["date_str"] as? String, !string.isEmpty {
            guard let parsed = DateParsing.parse(string) else { throw RecordError("unknown date format '\(string)'") }
            date = parsed
        } else if let epoch = record["date"] as? Double {
            date = DateParsing.fromEpoch(epoch)
        }
        let link = (record["link"] as? String).map(TextCleanup.unescapeJSONSlashes)
        return Article(
            outlet: options.outlet ?? .kcna, language: language, date: date ?? stampDate,
            sections: (record["topic"] as? String).map { [TextCleanup.normalizeLine($0[...])] } ?? [],
            title: title, paragraphs: TextCleanup.cleanBody(text, language: language),
            urls: link.map { [$0] } ?? [], provenance: Provenance(source: source, locator: location))
    }

    // MARK: - JSON Lines

    private func readJSONLines(
        _ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void,
        record build: ([String: Any], String, String) throws -> Article
    ) throws {
        let data = try Self.contents(of: url)
        var lineNumber = 0
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                progress(Double(min(start, bytes.count)) / Double(max(bytes.count, 1)))
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                let location = "line \(lineNumber)"
                do {
                    guard String(validating: line, as: UTF8.self) != nil else { throw RecordError("invalid UTF-8") }
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                        throw RecordError("malformed JSON")
                    }
                    guard let record = object as? [String: Any] else { throw RecordError("expected a JSON object") }
                    try emit(.article(try build(record, url.path, location)))
                } catch let error as RecordError {
                    try emit(.skipped(ImportIssue(source: url.path, location: location, message: error.message)))
                }
            }
        }
    }

    private func rodongArticle(_ record: [String: Any], source: String, location: String) throws -> Article {
        guard let url = record["url"] as? String else { throw RecordError("no 'url'") }
        guard let rawTitle = record["title"] as? String else { throw RecordError("no 'title'") }
        let language = options.language ?? "en"
        var text = ""
        if let paragraphs = record["content"] as? [String] {
            text = paragraphs.joined(separator: "\n")
        } else if let content = record["content"] as? String {
            text = content
        }
        var date: PublicationDate?
        if let range = url.range(of: "newsID=") {
            let id = url[range.upperBound...].prefix(10)
            guard let parsed = DateParsing.parse(String(id)), parsed.precision == .day else {
                throw RecordError("cannot read a date from newsID in \(url)")
            }
            date = parsed
        }
        let (title, stampDate) = TextCleanup.cleanTitle(rawTitle, language: language)
        let byline = (record["byline"] as? String).map { TextCleanup.normalizeLine($0[...]) }
        return Article(
            outlet: options.outlet ?? .rodong, language: language, date: date ?? stampDate,
            title: title, paragraphs: TextCleanup.cleanBody(text, language: language),
            byline: byline?.isEmpty == false ? byline : nil,
            urls: [TextCleanup.unescapeJSONSlashes(url)], provenance: Provenance(source: source, locator: location))
    }

    // MARK: - Generic JSON, JSON Lines, CSV

    private func readJSONArray(_ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void) throws {
        let data = try Self.contents(of: url)
        let parsed: (Any, repaired: Bool)
        do {
            parsed = try Self.jsonObject(data)
        } catch {
            throw ImportIssue(source: url.path, message: "not valid JSON (\(error.localizedDescription))")
        }
        let records: [Any]
        if let array = parsed.0 as? [Any] {
            records = array
        } else if let object = parsed.0 as? [String: Any], let array = object["articles"] as? [Any] {
            records = array
        } else {
            throw ImportIssue(source: url.path, message: "expected a JSON array of articles or {\"articles\": [...]}")
        }
        for (index, element) in records.enumerated() {
            let location = "record \(index + 1)"
            progress(Double(index + 1) / Double(max(records.count, 1)))
            do {
                guard let record = element as? [String: Any] else { throw RecordError("expected a JSON object") }
                if parsed.repaired, "\(record)".contains("\u{FFFD}") {
                    throw RecordError("invalid UTF-8 in the record")
                }
                try emit(.article(try genericArticle(record, source: url.path, location: location)))
            } catch let error as RecordError {
                try emit(.skipped(ImportIssue(source: url.path, location: location, message: error.message)))
            }
        }
    }

    private func readCSV(_ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void) throws {
        let data = try Self.contents(of: url)
        let separator: UInt8 = url.pathExtension.lowercased() == "tsv" ? 0x09 : 0x2C
        var header: [String]?
        try CSVParser.parse(data, separator: separator) { row in
            progress(Double(row.endOffset) / Double(max(data.count, 1)))
            let location = "line \(row.line)"
            guard let columns = header else {
                guard let names = row.strings() else {
                    throw ImportIssue(
                        source: url.path, location: location, message: "the header row is not valid UTF-8")
                }
                header = names.map { $0.trimmingCharacters(in: .whitespaces) }
                return
            }
            do {
                if let error = row.error { throw RecordError(error) }
                guard row.fields.count == columns.count else {
                    throw RecordError("expected \(columns.count) fields as in the header, found \(row.fields.count)")
                }
                guard let values = row.strings() else { throw RecordError("invalid UTF-8") }
                let record = Dictionary(zip(columns, values.map { $0 as Any }), uniquingKeysWith: { first, _ in first })
                try emit(.article(try genericArticle(record, source: url.path, location: location)))
            } catch let error as RecordError {
                try emit(.skipped(ImportIssue(source: url.path, location: location, message: error.message)))
            }
        }
        if header == nil { throw ImportIssue(source: url.path, message: "empty CSV file: no header row") }
    }

    /// Builds an article from a generic record through the field map.
    func genericArticle(_ record: [String: Any], source: String, location: String) throws -> Article {
        func value(_ field: String) -> Any? {
            for name in options.fieldMap.candidates(for: field) {
                if let value = record[name], !(value is NSNull) { return value }
            }
            return nil
        }
        func strings(_ field: String) -> [String] {
            switch value(field) {
            case let string as String: return string.isEmpty ? [] : [string]
            case let array as [Any]: return array.compactMap { $0 as? String }
            case let number as NSNumber: return [number.stringValue]
            default: return []
            }
        }
        let rawTitle = strings("title").joined(separator: " ")
        let rawBody = strings("body").joined(separator: "\n")
        guard !rawTitle.isEmpty || !rawBody.isEmpty else {
            let titles = options.fieldMap.candidates(for: "title")
            let bodies = options.fieldMap.candidates(for: "body")
            throw RecordError("neither a title nor a body (looked for \(titles) and \(bodies))")
        }
        let language =
            strings("lang").first.map { $0.lowercased() } ?? options.language
            ?? LanguageGuess.language(of: rawTitle + " " + rawBody.prefix(2000))
        var (title, stampDate) = TextCleanup.cleanTitle(rawTitle, language: language)
        let paragraphs = TextCleanup.cleanBody(rawBody, language: language)
        if title.isEmpty { title = String((paragraphs.first ?? "").prefix(80)) }
        var date: PublicationDate?
        switch value("date") {
        case let string as String where !string.isEmpty:
            guard let parsed = DateParsing.parse(string) else { throw RecordError("unknown date format '\(string)'") }
            date = parsed
        case let number as NSNumber:
            // A bare number is a Unix time (seconds or milliseconds), as archives write it.
            guard let parsed = DateParsing.fromEpoch(number.doubleValue) else {
                throw RecordError("date \(number) is not a Unix time")
            }
            date = parsed
        default:
            break
        }
        var page: Int?
        if let raw = strings("page").first {
            guard let number = Int(DateParsing.foldFullWidthDigits(raw).trimmingCharacters(in: .whitespaces)) else {
                throw RecordError("page '\(raw)' is not a number")
            }
            page = number
        }
        let outlet = strings("outlet").first.map(Outlet.init(name:)) ?? options.outlet ?? .unknown
        let byline = strings("byline").first.map { TextCleanup.normalizeLine($0[...]) }
        var article = Article(
            outlet: outlet, language: language, date: date ?? stampDate, page: page,
            sections: strings("section").map { TextCleanup.normalizeLine($0[...]) }.filter { !$0.isEmpty },
            title: title, paragraphs: paragraphs, byline: byline?.isEmpty == false ? byline : nil,
            urls: strings("url").map(TextCleanup.unescapeJSONSlashes),
            provenance: Provenance(source: source, locator: location))
        // Generated benchmark text marks itself so it can never pass for state media.
        article.synthetic =
            (record["synthetic"] as? Bool) == true || (record["synthetic"] as? NSNumber)?.boolValue == true
        return article
    }
}

/// A record-level failure inside a reader; becomes a `.skipped` issue with the location.
struct RecordError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Guesses an edition language from the script of its letters.
public enum LanguageGuess {
    /// `ko` when Hangul letters are at least a fifth of the letters, `zh` for mostly Han,
    /// otherwise `en`.
    public static func language(of text: some StringProtocol) -> String {
        var hangul = 0
        var han = 0
        var letters = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            switch scalar.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: hangul += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            default: break
            }
        }
        guard letters > 0 else { return "und" }
        if hangul * 5 >= letters { return "ko" }
        if han * 2 >= letters { return "zh" }
        return "en"
    }
}
