import Foundation
import PostgresNIO
import SinmunStore
import Synchronization

/// The corpus generation heard rather than asked, for a dashboard on PostgreSQL: one connection
/// of its own listens on ``channel``, where every commit that changes what a page shows
/// announces its new number (migration 12), so a request reads the generation from memory.
///
/// Asking the server on every request cost each request a round trip, and a free connection and
/// thread to make it: under load, requests for pages already kept waited behind the searches
/// being computed. While the listening connection is down (before it is made, after the server
/// closed it), ``current()`` asks through the fallback instead, as before, and the watch
/// connects again every second.
///
/// A notification arrives a moment after its commit: a page asked for within that moment may
/// still be the one kept from before. A page computed in that moment holds the commit's rows
/// under the older number, and is computed again once the number is heard.
///
/// A read replica (a standby) refuses LISTEN and sends no notifications: there the watch reads
/// the number every ``pollInterval`` instead, on the same connection, so a replayed commit is
/// seen within that much of its arrival.
public final class PostgresGenerationWatch: CorpusGeneration, @unchecked Sendable {
    /// The channel the corpus's commits are announced on, with the new generation as payload.
    public static let channel = "sinmun_corpus_generation"

    /// How often a standby's number is read.
    public static let pollInterval = Duration.milliseconds(200)

    private let heard = Mutex<Int?>(nil)
    private let fallback: any CorpusGeneration
    private let listening = Mutex<Task<Void, Never>?>(nil)
    private let polls: Bool

    private init(fallback: any CorpusGeneration, polls: Bool) {
        self.fallback = fallback
        self.polls = polls
    }

    /// Starts listening to the corpus at `location`; `fallback` answers until the first number
    /// is heard and whenever the listening connection is down. With `polls` the watch reads
    /// the number every ``pollInterval`` as on a standby, wherever it runs.
    public static func start(
        _ location: PostgresLocation, fallback: any CorpusGeneration, polls: Bool = false
    ) -> PostgresGenerationWatch {
        let watch = PostgresGenerationWatch(fallback: fallback, polls: polls)
        let task = Task { [watch] in await watch.listen(location) }
        watch.listening.withLock { $0 = task }
        return watch
    }

    /// Stops listening and closes the connection.
    public func stop() async {
        let task = listening.withLock { $0 }
        task?.cancel()
        await task?.value
        heard.withLock { $0 = nil }
    }

    /// The generation as last heard, or nil while not listening.
    public var known: Int? { heard.withLock { $0 } }

    /// The generation as last heard, or else asked of the fallback.
    public func current() throws -> Int {
        if let known { return known }
        return try fallback.current()
    }

    /// When nothing was heard, a reading is a round trip.
    public var waitsOnNetwork: Bool { true }

    /// Listens until cancelled, connecting again a second after the connection is lost.
    private func listen(_ location: PostgresLocation) async {
        while !Task.isCancelled {
            if let corpus = try? await PostgresCorpus.connect(location) {
                await listen(on: corpus)
                await corpus.close()
            }
            heard.withLock { $0 = nil }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Listens on one connection (on a standby, or with `polls`, reads the number over and
    /// over) until it fails or the task is cancelled. The number is read once the server has
    /// confirmed the LISTEN, so no commit falls between the two: one before the reading is in
    /// it, one after is announced.
    private func listen(on corpus: PostgresCorpus) async {
        do {
            let standby = try await corpus.count("SELECT pg_is_in_recovery()::int::bigint") == 1
            if polls || standby {
                while !Task.isCancelled {
                    raise(to: try await corpus.count("SELECT n FROM corpus_generation"))
                    try await Task.sleep(for: Self.pollInterval)
                }
                return
            }
            try await corpus.connection.listen(on: Self.channel) { notifications in
                raise(to: try await corpus.count("SELECT n FROM corpus_generation"))
                for try await notification in notifications {
                    guard let number = Int(notification.payload) else { continue }
                    raise(to: number)
                }
            }
        } catch {
            // The connection was lost or the task cancelled: the loop above decides.
        }
    }

    /// Numbers only grow; an announcement overtaken by the first reading changes nothing.
    private func raise(to number: Int) {
        heard.withLock { $0 = max($0 ?? number, number) }
    }
}
