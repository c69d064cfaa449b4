import ArgumentParser

struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move the corpus between SQLite and a PostgreSQL team server.",
        discussion: """
            One analyst keeps the corpus in a SQLite file; a team shares it on a PostgreSQL \
            server (15 or later, no extension needed). `db copy` puts a SQLite corpus on the \
            server (or brings it back into a file), and `sinmun search --db postgres://…` then \
            searches it with the same counts.

              sinmun db copy sinmun.sqlite postgres://analyst@db.example.org:5432/sinmun
              sinmun search 인공지능 --db postgres://analyst@db.example.org:5432/sinmun
              sinmun db copy postgres://analyst@db.example.org:5432/sinmun team.sqlite
            """,
        subcommands: [DbCopyCommand.self]
    )
}
