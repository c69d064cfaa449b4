import Foundation

/// Reads a folder of plain-text files (or one file), one article per file.
///
/// The date comes from the file name (`1987.txt` → 1987, year precision; `2024-03-01-x.txt`
/// → that day); a date in a recognised wire header of the same year refines it to the day.
/// The title is the file's first line when it reads like one, otherwise the file name.
/// The outlet is `--outlet`; else the one known outlet the file's title and wire source lines
/// name; else the one the folder's `SOURCE.md` or `README.md` names; else unknown.
struct TextFolderReader {
    var options: ImportOptions

    func read(_ url: URL, progress: (Double) -> Void, emit: (ImportItem) throws -> Void) throws {
        let (files, source) = try ArchiveReader.files(at: url, extensions: ["txt"], kind: ".txt")
        let folderOutlet = Self.describedOutlet(ofFolder: URL(fileURLWithPath: source, isDirectory: true))
        for (index, file) in files.enumerated() {
            progress(Double(index + 1) / Double(files.count))
            let location = file.lastPathComponent
            do {
                try emit(
                    .article(try article(file, source: source, location: location, folderOutlet: folderOutlet)))
            } catch let error as RecordError {
                try emit(.skipped(ImportIssue(source: source, location: location, message: error.message)))
            }
        }
    }

    /// The outlet a folder's description names: its `SOURCE.md` and `README.md` (either case, those present),
    /// when together they mention exactly one known outlet (`Rodong Sinmun`, `KCNA` ...); nil otherwise.
    static func describedOutlet(ofFolder folder: URL) -> Outlet? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        let descriptions = names.filter { ["source.md", "readme.md"].contains($0.lowercased()) }.sorted()
        let text = descriptions.compactMap { name in
            try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return Outlet.onlyOneMentioned(in: text.joined(separator: "\n"))
    }

    /// An article of a text file. Its outlet is `--outlet` when given; else the one outlet the file's title and
    /// wire source lines name (`<로동신문>, <조선인민군>, <청년전위> 공동사설 - 2001년 01월 01일`); else the
    /// folder's (`folderOutlet`, from its description); else unknown.
    func article(_ file: URL, source: String, location: String, folderOutlet: Outlet? = nil) throws -> Article {
        let data = try ArchiveReader.contents(of: file)
        guard let text = String(data: data, encoding: .utf8) else {
            let firstBad = firstInvalidUTF8Line(data)
            throw RecordError("invalid UTF-8 (first at line \(firstBad)); convert the file to UTF-8")
        }
        let stem = file.deletingPathExtension().lastPathComponent
        guard let fileDate = Self.date(fromFileName: stem) else {
            throw RecordError("no date in the file name (expected YYYY, YYYY-MM or YYYY-MM-DD at its start)")
        }
        let lines = TextCleanup.nfc(text).split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
            .map { TextCleanup.normalizeLine($0) }
        let parts = WireHeader.split(lines)
        var date = fileDate
        if let headerDate = parts.headerDate, headerDate.year == fileDate.year, fileDate.precision != .day {
            date = headerDate
        }
        let language = options.language ?? LanguageGuess.language(of: parts.body.prefix(20).joined(separator: " "))
        let title = parts.title.map { JucheCalendar.stripDateStamp($0).title } ?? stem
        // The title and the wire's source lines, not its editor's summary (prose that may name anyone).
        let heading = [parts.title].compactMap { $0 } + parts.headerLines.filter(WireHeader.isWireLine)
        let headerOutlet = Outlet.onlyOneMentioned(in: heading.joined(separator: "\n"))
        return Article(
            outlet: options.outlet ?? headerOutlet ?? folderOutlet ?? .unknown, language: language, date: date,
            sections: [], title: title, paragraphs: parts.body,
            provenance: Provenance(source: source, locator: location))
    }

    /// `1987` → 1987 (year), `2024-03` → March 2024, `2024-03-01…` or `20240301…` → that day.
    static func date(fromFileName stem: String) -> PublicationDate? {
        let digits = stem.prefix(while: { $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        let groups = digits.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard let first = groups.first else { return nil }
        if first.count == 8 { return DateParsing.parse(first) }
        guard first.count == 4 else { return nil }
        return DateParsing.parse(groups.prefix(3).joined(separator: "-"))
    }

    private func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var start = 0
        let bytes = [UInt8](data)
        for (index, byte) in bytes.enumerated() where byte == 0x0A || index == bytes.count - 1 {
            let end = byte == 0x0A ? index : index + 1
            if String(validating: bytes[start..<end], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}

/// Recognises the header a South Korean wire service (Yonhap, CBS, the unification ministry's
/// archive) puts above a North Korean text, and the editor's summary (`해 제`) before the
/// original (`원 문`), so that neither is counted as the paper's own words.
public enum WireHeader {
    /// A text file split into the paper's text and the wire service's additions.
    public struct Parts: Sendable {
        /// The text's own title, when one stands above or after the header.
        public var title: String?
        /// The wire service's lines (filing stamps, the `해 제` summary), kept out of the body.
        public var headerLines: [String]
        /// A date read from a header line, to refine the file name's date.
        public var headerDate: PublicationDate?
        /// The paper's own paragraphs.
        public var body: [String]
    }

    /// Splits normalised lines into title, header and body paragraphs.
    public static func split(_ lines: [String]) -> Parts {
        let nonEmpty = lines.enumerated().filter { !$0.element.isEmpty }
        // 1. An explicit "원 문" (original text) marker: everything before it is header.
        if let marker = nonEmpty.prefix(40).first(where: { $0.element.filter({ !$0.isWhitespace }) == "원문" }) {
            let header = lines[..<marker.offset].filter { !$0.isEmpty }
            let title = header.first.flatMap { isWireLine($0) ? nil : $0 }
            return Parts(
                title: title, headerLines: header, headerDate: header.lazy.compactMap(dateIn).first,
                body: lines[(marker.offset + 1)...].filter { !$0.isEmpty && !isSeparator($0) })
        }
        // 2. Otherwise scan the first few lines: a short title line, wire lines, and any
        //    "다음은 … 전문" (the following is the full text) line end the header.
        var header: [String] = []
        var title: String?
        var consumed = 0
        let lead = Array(nonEmpty.prefix(6))
        if let announce = lead.prefix(4).lastIndex(where: {
            $0.element.contains("다음은") && ($0.element.contains("전문") || $0.element.contains("全文"))
        }) {
            consumed = announce + 1
        }
        for (position, entry) in lead.enumerated() {
            let line = entry.element
            if position < consumed {
                if title == nil, position == 0, looksLikeTitle(line) { title = line }
                header.append(line)
                continue
            }
            if isWireLine(line) {
                if title == nil, position == 0, looksLikeTitle(line) { title = line }
                header.append(line)
                consumed = position + 1
            } else if position == 0, looksLikeTitle(line) {
                title = line
                header.append(line)
                consumed = 1
            } else {
                break
            }
        }
        let bodyStart = consumed < nonEmpty.count ? nonEmpty[consumed].offset : lines.count
        return Parts(
            title: title.map(cleanTitle), headerLines: header,
            headerDate: header.lazy.compactMap(dateIn).first,
            body: lines[bodyStart...].filter { !$0.isEmpty && !isSeparator($0) })
    }

    /// A header line of a wire service: a filing stamp (`2005/01/01 08:17송고`), a dated
    /// source line (`… 공동사설 - 2001년 01월 01일`), a bracketed time stamp, an agency
    /// credit, a line of asterisks or the `해 제` heading.
    public static func isWireLine(_ line: String) -> Bool {
        let compact = line.filter { !$0.isWhitespace }
        if compact.isEmpty || compact.allSatisfy({ $0 == "*" }) { return true }
        if compact == "해제" || line.contains("송고") || line.contains("연합뉴스") || line.contains("정보보고") { return true }
        if line.hasPrefix("[") && dateIn(line) != nil && line.count < 60 { return true }
        if line.hasPrefix("- ") && dateIn(line) != nil { return true }
        if line.contains(" - ") && dateIn(line) != nil && line.count < 80 { return true }
        if compact.contains("원문") && line.count < 30 { return true }
        // A bare date or date-time line: "2013년 01월 01일 09시 37분", "2010.1.1."
        let stripped = compact.filter { !"년월일시분.-/:".contains($0) }
        if !stripped.isEmpty && stripped.allSatisfy(\.isNumber) && compact.count <= 24 && dateIn(line) != nil {
            return true
        }
        return false
    }

    /// A wire editor's separator line (`*******`): never the paper's text.
    static func isSeparator(_ line: String) -> Bool {
        line.allSatisfy { $0 == "*" || $0 == " " }
    }

    static func looksLikeTitle(_ line: String) -> Bool {
        guard line.count <= 80, let last = line.last else { return false }
        return !".!?！。".contains(last) && !line.hasSuffix("다")
    }

    static func cleanTitle(_ title: String) -> String {
        // Drop a trailing filing stamp: "북한 신년사<전문> 2005/01/01 08:17송고".
        var words = title.split(separator: " ")
        while let last = words.last,
            last.contains("송고") || (last.contains(where: \.isNumber) && DateParsing.parse(String(last)) != nil)
        {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// The first date written in a line: `2001년 01월 01일`, `2005/01/01`, `2012-01-01`.
    static func dateIn(_ line: String) -> PublicationDate? {
        let scalars = Array(DateParsing.foldFullWidthDigits(line))
        var index = 0
        while index < scalars.count {
            guard scalars[index].isNumber else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, scalars[end].isNumber || "년월일 ./-".contains(scalars[end]) { end += 1 }
            let candidate = String(scalars[index..<end]).trimmingCharacters(in: CharacterSet(charactersIn: " ./-"))
            let groups = candidate.split(whereSeparator: { !$0.isNumber })
            if groups.count >= 3, groups[0].count == 4,
                let date = DateParsing.parse(groups.prefix(3).joined(separator: "-"))
            {
                return date
            }
            index = end
        }
        return nil
    }
}
