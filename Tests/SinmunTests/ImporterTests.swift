import Foundation
import SinmunCollect
import SinmunStore
import Testing

/// Importers on the real shared corpora.
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct RealCorpusImportTests {
    func articles(_ url: URL, format: ImportFormat? = nil) throws -> (articles: [Article], issues: [ImportIssue]) {
        var articles: [Article] = []
        var issues: [ImportIssue] = []
        try ArchiveReader().read(url, format: format) { item in
            switch item {
            case .article(let article): articles.append(article)
            case .skipped(let issue): issues.append(issue)
            }
        }
        return (articles, issues)
    }

    @Test func kcnaArchiveIsDetectedAndCleaned() throws {
        #expect(try ImportFormat.detect(SharedCorpus.kcna) == .kcnaArchive)
        let (articles, issues) = try articles(SharedCorpus.kcna)
        #expect(articles.count == 2111)
        #expect(issues.isEmpty)
        #expect(articles.allSatisfy { $0.outlet == .kcna && $0.language == "en" && $0.date != nil })
        // No title keeps its Juche stamp or a line break; no text keeps a glued leader name.
        #expect(
            !articles.contains { $0.title.contains("[Juche") || $0.title.contains("\n") || $0.title.contains("[2024.") }
        )
        let glued = ["ofKim", "atKim", "toKim", "Kim Jong Unsaid", "Kim Il SungSquare", "Kim Jong Unreceived"]
        #expect(
            !articles.contains { article in glued.contains { article.body.contains($0) || article.title.contains($0) } }
        )
        #expect(articles.contains { $0.body.contains("at Kim Il Sung Square") })
        #expect(
            articles.allSatisfy { $0.urls.allSatisfy { $0.hasPrefix("http://www.kcna.kp/") && !$0.contains("\\/") } })
        // The first record: a commentary of 2023-12-24 with its dateline paragraph.
        let first = try #require(articles.first)
        #expect(first.date?.isoString == "2023-12-24")
        #expect(first.sections == ["News Commentary"])
        #expect(first.paragraphs.count > 3)
    }

    @Test func rodongEnglishTakesTheDateFromNewsID() throws {
        #expect(try ImportFormat.detect(SharedCorpus.rodongEnglish) == .rodongJSONL)
        let (articles, issues) = try articles(SharedCorpus.rodongEnglish)
        #expect(articles.count == 133)
        #expect(issues.isEmpty)
        for article in articles {
            let url = try #require(article.urls.first)
            let newsID = try #require(url.range(of: "newsID=")).upperBound
            #expect(article.date?.isoString == String(url[newsID...].prefix(10)))
            #expect(article.outlet == .rodong)
            #expect(article.hasBody)
        }
        let dates = articles.compactMap(\.date).sorted()
        #expect(dates.first!.year == 2021 && dates.last!.year == 2022)
    }

    @Test func newYearAddressesKeepTheWireHeaderOutOfTheBody() throws {
        let (articles, issues) = try articles(SharedCorpus.newYear)
        #expect(articles.count == 73)
        #expect(issues.isEmpty)
        #expect(Set(articles.compactMap { $0.date?.year }).count == 73)
        #expect(articles.allSatisfy { $0.language == "ko" && $0.date?.month == 1 && $0.date?.day == 1 })
        for article in articles {
            let opening = article.paragraphs.prefix(2).joined(separator: " ")
            #expect(!opening.contains("송고"), "wire stamp left in the body of \(article.title)")
            #expect(!opening.hasPrefix("- "), "dated source line left in \(article.title)")
            #expect(article.paragraphs.first != "해 제")
        }
        // 1946: the South Korean editor's summary (해 제) precedes the original (원 문).
        let y1946 = try #require(articles.first { $0.date?.year == 1946 })
        #expect(y1946.title == "신년을 맞이하면서 전국인민에게 고함")
        #expect(y1946.paragraphs.first == "동포여러분!")
        #expect(!y1946.body.contains("시정방향을 제시하였다"))
        // 2005: the Yonhap filing stamp is header; its date confirms the day.
        let y2005 = try #require(articles.first { $0.date?.year == 2005 })
        #expect(y2005.date?.precision == .day)
        #expect(!y2005.title.contains("송고"))
    }

    /// The folder's SOURCE.md names Rodong Sinmun and no other known outlet, so every address and joint
    /// editorial is listed as Rodong Sinmun's (they were all printed there), whether the folder or one file is
    /// imported; `--outlet` still decides when given.
    @Test func newYearAddressesAreRodongSinmunByTheirSourceNote() throws {
        let (articles, _) = try articles(SharedCorpus.newYear)
        #expect(articles.count == 73)
        #expect(
            articles.allSatisfy { $0.outlet == .rodong }, "\(articles.filter { $0.outlet != .rodong }.map(\.title))")
        let (one, _) = try self.articles(SharedCorpus.newYear.appendingPathComponent("1987.txt"))
        #expect(one.map(\.outlet) == [.rodong])
        var overridden: [Article] = []
        try ArchiveReader(options: ImportOptions(outlet: .kcna)).read(SharedCorpus.newYear) { item in
            if case .article(let article) = item { overridden.append(article) }
        }
        #expect(overridden.count == 73 && overridden.allSatisfy { $0.outlet == .kcna })
        let store = try Scratch.store()
        _ = try store.importArchive(SharedCorpus.newYear)
        #expect(try store.statistics().byOutlet == ["rodong": 73])
    }

    @Test func korean2026SampleReadsAsGenericJSONLines() throws {
        #expect(try ImportFormat.detect(SharedCorpus.korean2026) == .jsonl)
        let (articles, issues) = try articles(SharedCorpus.korean2026)
        #expect(articles.count == 26)
        #expect(issues.isEmpty)
        #expect(articles.filter { $0.outlet == .kcna }.count == 14)
        #expect(articles.filter { $0.outlet == .rodong }.count == 12)
        #expect(articles.allSatisfy { $0.language == "ko" && $0.date?.year == 2026 })
    }
}

/// Importers on hand-written broken fixtures.
@Suite struct BrokenInputTests {
    func read(
        _ url: URL, format: ImportFormat? = nil, options: ImportOptions = ImportOptions()
    ) throws -> ([Article], [ImportIssue]) {
        var articles: [Article] = []
        var issues: [ImportIssue] = []
        try ArchiveReader(options: options).read(url, format: format) { item in
            switch item {
            case .article(let a): articles.append(a)
            case .skipped(let i): issues.append(i)
            }
        }
        return (articles, issues)
    }

    @Test func malformedJSONLineIsReportedWithItsLine() throws {
        let url = try Scratch.file(
            "feed.jsonl",
            """
            {"title": "One", "body": "First body.", "date": "2024-05-01", "outlet": "KCNA"}
            {"title": "Two", "body": "broken
            {"title": "Three", "body": "Third body.", "date": "2024-05-03"}

            [1, 2]
            {"title": "Five", "body": "Fifth.", "date": "last Tuesday"}
            """)
        let (articles, issues) = try read(url)
        #expect(articles.map(\.title) == ["One", "Three"])
        #expect(issues.map(\.location) == ["line 2", "line 5", "line 6"])
        #expect(issues[0].message.contains("malformed JSON"))
        #expect(issues[2].message.contains("unknown date format 'last Tuesday'"))
        #expect(issues[0].description.hasPrefix(url.path + ": line 2: "))
    }

    @Test func invalidUTF8IsReportedPerLine() throws {
        var data = Data("{\"title\": \"Good\", \"body\": \"Fine.\"}\n{\"title\": \"Bad ".utf8)
        data.append(contentsOf: [0xC3, 0x28, 0xFF])
        data.append(Data("\", \"body\": \"x\"}\n{\"title\": \"Also good\", \"body\": \"Yes.\"}\n".utf8))
        let url = try Scratch.bytes("mixed.jsonl", data)
        let (articles, issues) = try read(url)
        #expect(articles.map(\.title) == ["Good", "Also good"])
        #expect(issues.count == 1)
        #expect(issues.first?.location == "line 2")
        #expect(issues.first?.message == "invalid UTF-8")
    }

    @Test func csvRowWithWrongFieldCount() throws {
        let url = try Scratch.file(
            "table.csv",
            #"""
            headline,story_text,date,link
            "First, with comma","Body one
            spans two lines",2024-06-01,http://example.org/1
            Second,Body two,2024-06-02
            Third,"Body ""three""",2024-06-03,http://example.org/3
            """#)
        let options = ImportOptions(
            fieldMap: try FieldMap(parsing: "title=headline,body=story_text,url=link"), outlet: .kcna)
        let (articles, issues) = try read(url, options: options)
        #expect(articles.map(\.title) == ["First, with comma", "Third"])
        #expect(articles[0].paragraphs == ["Body one", "spans two lines"])
        #expect(articles[1].body == "Body \"three\"")
        #expect(articles.allSatisfy { $0.outlet == .kcna })
        #expect(issues.count == 1)
        #expect(issues.first?.location == "line 4")
        #expect(issues.first?.message.contains("expected 4 fields") == true)
    }

    @Test func unterminatedQuoteLosesOnlyItsRow() throws {
        let url = try Scratch.file("quote.csv", "title,body\nOne,\"never closed\nTwo,second body\nThree,third body\n")
        let (articles, issues) = try read(url)
        #expect(articles.map(\.title) == ["Two", "Three"])
        #expect(issues.map(\.location) == ["line 2"])
    }

    @Test func fileThatIsNotWhatFormatSays() throws {
        let url = try Scratch.file("lines.jsonl", "{\"title\": \"A\", \"body\": \"B\"}\n")
        #expect(throws: ImportIssue.self) { try read(url, format: .kcnaArchive) }
        do {
            _ = try read(url, format: .kcnaArchive)
        } catch let issue as ImportIssue {
            #expect(issue.source == url.path)
            #expect(issue.message.contains("not a KCNA archive"))
        }
        let notJSON = try Scratch.file("page.json", "<html><body>404</body></html>")
        #expect(throws: ImportIssue.self) { try read(notJSON, format: .json) }
    }

    @Test func kcnaRecordWithoutHeadlineIsSkipped() throws {
        let url = try Scratch.file(
            "archive.json",
            """
            [{"topic": "Home News", "headline": "Fine Item", \
            "link": "http:\\/\\/www.kcna.kp\\/en\\/article\\/q\\/1.kcmsf", "date": 1720000000000, \
            "date_str": "2024-07-03", "story_text": "Text."},
             {"topic": "Home News", "link": "http://www.kcna.kp/en/article/q/2.kcmsf", "story_text": "No headline."},
             {"topic": "Home News", "headline": "Odd Date", "link": "x", "date_str": "03/07/2024", "story_text": "T."}]
            """)
        let (articles, issues) = try read(url)
        #expect(articles.map(\.title) == ["Fine Item"])
        #expect(articles.first?.urls == ["http://www.kcna.kp/en/article/q/1.kcmsf"])
        #expect(issues.map(\.location) == ["record 2", "record 3"])
    }

    @Test func textFolderWithUndatedAndBadFiles() throws {
        let folder = Scratch.directory.appendingPathComponent("texts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("제목\n\n첫 문단이다.\n둘째 문단이다.\n".utf8).write(to: folder.appendingPathComponent("2024-03-05-note.txt"))
        try Data("No date in this name.\n".utf8).write(to: folder.appendingPathComponent("readme.txt"))
        try Data([0x41, 0xFF, 0x0A]).write(to: folder.appendingPathComponent("1999.txt"))
        let (articles, issues) = try read(folder, options: ImportOptions(outlet: .rodong))
        #expect(articles.count == 1)
        #expect(articles.first?.date?.isoString == "2024-03-05")
        #expect(articles.first?.title == "제목")
        #expect(articles.first?.paragraphs == ["첫 문단이다.", "둘째 문단이다."])
        #expect(Set(issues.compactMap(\.location)) == ["readme.txt", "1999.txt"])
        #expect(issues.first { $0.location == "1999.txt" }?.message.contains("invalid UTF-8") == true)
    }

    /// A text folder's outlet: `--outlet`, else the one outlet a file's header names, else the one outlet the
    /// folder's SOURCE.md or README.md names, else unknown.
    @Test func textFolderOutletFromItsDescriptionOrHeader() throws {
        func folder(_ files: [String: String]) throws -> URL {
            let url = Scratch.directory.appendingPathComponent("outlet-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
            return url
        }
        func outlets(_ url: URL, _ options: ImportOptions = ImportOptions()) throws -> [String: Outlet] {
            let (articles, _) = try read(url, options: options)
            return Dictionary(uniqueKeysWithValues: articles.map { ($0.provenance.locator, $0.outlet) })
        }
        let address = "신년사\n\n동지들!\n새해를 맞이한다.\n"
        let editorial = "새해 공동사설\n<로동신문>, <조선인민군>, <청년전위> 공동사설 - 2001년 01월 01일\n\n동지들!\n"
        let kcna = try folder([
            "SOURCE.md": "# Dispatches\n\nTexts of the Korean Central News Agency (KCNA's Korean service).\n",
            "1990.txt": address, "2001.txt": editorial,
        ])
        #expect(try outlets(kcna) == ["1990.txt": .kcna, "2001.txt": .rodong])
        #expect(
            try outlets(kcna, ImportOptions(outlet: Outlet(name: "Minju Joson"))).values.allSatisfy {
                $0.rawValue == "minju-joson"
            })
        let both = try folder(["README.md": "Rodong Sinmun articles, and KCNA dispatches.\n", "1990.txt": address])
        #expect(try outlets(both) == ["1990.txt": .unknown])
        let none = try folder(["1990.txt": address])
        #expect(try outlets(none) == ["1990.txt": .unknown])
        let youth = try folder(["source.md": "Rodong Chongnyon (로동청년), the youth paper.\n", "1990.txt": address])
        #expect(try outlets(youth) == ["1990.txt": .unknown])
    }

    @Test func outletMentions() {
        #expect(Outlet.mentioned(in: "KCNA's report, via kcna.kp") == [.kcna])
        #expect(Outlet.mentioned(in: "당보(로동신문)·군보(조선인민군)") == [.rodong])
        #expect(Outlet.mentioned(in: "노동신문에 실린 사설") == [.rodong])
        #expect(Outlet.mentioned(in: "the Rodong Sinmun and the Korean Central News Agency") == [.kcna, .rodong])
        #expect(Outlet.mentioned(in: "Rodong Chongnyon; 로동청년; KCNAX; a back cnA; 북로동신문").isEmpty)
        #expect(Outlet(name: "Nodong Sinmun") == .rodong && Outlet(name: "rodong.rep.kp") == .rodong)
        #expect(Outlet(name: " KCNA ") == .kcna && Outlet(name: "Minju Joson").rawValue == "minju-joson")
    }

    @Test func fieldMapRejectsUnknownFields() {
        #expect(throws: ImportIssue.self) { try FieldMap(parsing: "headline=title") }
        #expect(throws: ImportIssue.self) { try FieldMap(parsing: "title") }
        #expect((try? FieldMap(parsing: "title=hed"))?.candidates(for: "title").first == "hed")
    }
}
