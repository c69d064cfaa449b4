import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore
import Testing

@testable import SinmunPostgres

extension PostgresTests {
    /// An article whose distinct words pass one tsvector's limit: 130,000 made-up words of
    /// eight letters (a fixed sequence), about a megabyte of lexemes.
    static func sprawlingArticle() -> (line: String, words: [String]) {
        var state: UInt64 = 0x5349_4E4D
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var words: [String] = []
        for _ in 0..<130_000 {
            var word = ""
            for _ in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                word.append(letters[Int((state >> 33) % 26)])
            }
            words.append(word)
        }
        let line = """
            {"title": "A sprawling bulletin", "body": "\(words.joined(separator: " ")) Seedlings.", \
            "date": "2026-11-29", "outlet": "demo", "url": "http://example.org/sprawl"}
            """
        return (line, words)
    }

    /// A bulletin first listed by its headline alone (`crop` nil), then with its text.
    static func longBulletin(_ crop: String?) -> String {
        let body = crop.map {
            "Farmers of the cooperative farm planted \($0) seedlings in the early spring and checked the channels."
        }
        return """
            {"title": "A long bulletin", "body": "\(body ?? "")", "date": "2026-11-28", "outlet": "demo", \
            "url": "http://example.org/long"}
            """
    }

    /// What the import writes to `article_lexemes` equals what migration 13 derives from the
    /// pieces; an article with more lexemes than one vector holds, and articles an older sinmun
    /// wrote (pieces without lexemes, or pieces replaced under them), are found through their
    /// pieces, with SQLite's counts.
    @Test func everyArticleIsFoundWithOrWithoutItsLexemes() async throws {
        let sprawl = Self.sprawlingArticle()
        let file = try Scratch.file(
            "lexemes.jsonl",
            [Self.lateArticle, DeduplicationTests.harvestReports, sprawl.line, Self.longBulletin(nil)]
                .joined(separator: "\n"))
        let store = try CorpusStore(path: Scratch.path("lexemes.sqlite"))
        _ = try store.importArchive(file)
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await offThePool { try corpus.importArchive(file) }
            let derived = try await corpus.count(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT count(*) FROM article_lexemes a
                        WHERE a.lexemes IS DISTINCT FROM \(PostgresCorpus.lexemesFromPieces)
                        """))
            #expect(derived == 0, "the import's lexemes and migration 13's agree")
            let sprawlID = try await corpus.count("SELECT id FROM article WHERE title = 'A sprawling bulletin'")
            let lateID = try await corpus.count("SELECT id FROM article WHERE title = 'A late bulletin'")
            let unindexed = try await corpus.rows("SELECT id FROM article_lexemes WHERE lexemes IS NULL")
            #expect(try unindexed.map { try $0.decode(Int.self) } == [sprawlID])
            let queries = [
                sprawl.words[70_000], "\"\(sprawl.words[500]) \(sprawl.words[501])\"",
                "\"\(sprawl.words[501]) \(sprawl.words[500])\"", "seedlings", "\"seedlings were\"", "bulletin",
                "harvest \(sprawl.words[9])", "good harvest", "\"bulletin late\" bulletin",
                "\"late bulletin\" seedlings", "zucchini", "\"planted zucchini\" farmers", "\"long bulletin\"",
            ]
            func expectSQLiteCounts(_ when: String) throws {
                for text in queries {
                    let query = SearchQuery(typed: text)
                    let (sqlite, postgres) = (try store.search(query).total, try corpus.search(query).total)
                    #expect(postgres == sqlite, "\(when): \(text): SQLite \(sqlite), PostgreSQL \(postgres)")
                }
            }
            #expect(try store.search(SearchQuery(typed: queries[1])).total == 1)
            #expect(try store.search(SearchQuery(typed: queries[2])).total == 0)
            #expect(try store.search(SearchQuery(typed: "seedlings")).total == 2)
            #expect(try store.search(SearchQuery(typed: queries[8])).total == 0)
            #expect(try store.search(SearchQuery(typed: queries[9])).total == 1)
            try expectSQLiteCounts("imported")
            // A role that reads the pieces may read the lexemes once migration 13 has run.
            let reader = "sinmun_reader_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12)
            try await corpus.rows(PostgresQuery(unsafeSQL: "CREATE ROLE \(reader)"))
            try await corpus.rows(PostgresQuery(unsafeSQL: "GRANT SELECT ON article_fts TO \(reader)"))
            try await corpus.rows(PostgresQuery(unsafeSQL: PostgresCorpus.lexemeGrants))
            let granted = try await corpus.count(
                "SELECT has_table_privilege(\(reader), 'article_lexemes', 'SELECT')::int::bigint")
            try await corpus.rows(PostgresQuery(unsafeSQL: "DROP OWNED BY \(reader)"))
            try await corpus.rows(PostgresQuery(unsafeSQL: "DROP ROLE \(reader)"))
            #expect(granted == 1)
            // The row follows its article's date.
            try await corpus.rows("UPDATE article SET date = '2026-11-27' WHERE id = \(lateID)")
            let moved = try await corpus.count(
                "SELECT count(*) FROM article_lexemes WHERE id = \(lateID) AND date = '2026-11-27'")
            #expect(moved == 1)
            try await corpus.rows("UPDATE article SET date = '2026-11-30' WHERE id = \(lateID)")
            // An older sinmun replaces an article's pieces: its lexemes are dropped, not left stale.
            try await corpus.rows(
                "CREATE TEMPORARY TABLE kept AS SELECT * FROM article_fts WHERE article_id = \(lateID)")
            try await corpus.rows("DELETE FROM article_fts WHERE article_id = \(lateID)")
            let dropped = try await corpus.count(
                "SELECT count(*) FROM article_lexemes WHERE id = \(lateID) AND lexemes IS NULL")
            #expect(dropped == 1)
            // It writes an article's pieces alone: the article gets a row without lexemes.
            try await corpus.rows("DELETE FROM article_lexemes WHERE id = \(lateID)")
            try await corpus.rows("INSERT INTO article_fts SELECT * FROM kept")
            let added = try await corpus.count(
                "SELECT count(*) FROM article_lexemes WHERE id = \(lateID) AND lexemes IS NULL")
            #expect(added == 1)
            try expectSQLiteCounts("pieces without lexemes")
            // An import by this version refills what the older one left empty, and a headline
            // it completes with its text gets the text's lexemes.
            let completed = try Scratch.file("completed.jsonl", Self.longBulletin("zucchini"))
            #expect(try store.importArchive(completed).completed == 1)
            #expect(try await offThePool { try corpus.importArchive(completed) }.completed == 1)
            let stillEmpty = try await corpus.rows("SELECT id FROM article_lexemes WHERE lexemes IS NULL")
            #expect(try stillEmpty.map { try $0.decode(Int.self) } == [sprawlID])
            let after = try await corpus.count(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT count(*) FROM article_lexemes a
                        WHERE a.lexemes IS DISTINCT FROM \(PostgresCorpus.lexemesFromPieces)
                        """))
            #expect(after == 0)
            #expect(try store.search(SearchQuery(typed: "\"planted zucchini\" farmers")).total == 1)
            try expectSQLiteCounts("revised")
        }
    }
}
