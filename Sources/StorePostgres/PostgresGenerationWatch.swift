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
/// closed it, or gave no answer within ``answerDeadline``), ``current()`` asks through the
/// fallback instead, as before, and the watch connects again every second. Listening, it also
/// reads the number every ``checkInterval``.
///
/// A notification arrives a moment after its commit: a page asked for within that moment may
/// still be the one kept from before. A page computed in that moment holds the commit's rows
/// under the older number, and is computed again once the number is heard.
///
/// A read replica (a standby) refuses LISTEN and sends no notifications: there the watch reads
/// the number every ``pollInterval`` instead, on the same connection, so a replayed commit is
/// seen within that much of its arrival.
public final class PostgresGenerationWatch: CorpusGeneration {
    /// The channel the corpus's commits are announced on, with the new generation as payload.
    public static let channel = "sinmun_corpus_generation"

    /// How often a standby's number is read.
    public static let pollInterval = Duration.milliseconds(200)
    /// How often a listening watch reads the number as well: a connection that died without a
    /// word (a firewall's idle timeout) hears nothing and fails nothing, so it would keep the
    /// cache on its last number for good. Also bounds how long a lost notification matters.
    public static let checkInterval = Duration.seconds(10)
    /// How long a reading may take before the connection is taken for dead and made anew.
    public static let answerDeadline = Duration.seconds(5)

    private let heard = Mutex<Int?>(nil)
    private let fallback: any CorpusGeneration
    private let listening = Mutex<Task<Void, Never>?>(nil)
    private let polls: Bool
    private let intervals: (check: Duration, deadline: Duration)

    private init(fallback: any CorpusGeneration, polls: Bool, intervals: (check: Duration, deadline: Duration)) {
        self.fallback = fallback
        self.polls = polls
        self.intervals = intervals
    }

    /// Starts listening to the corpus at `location`; `fallback` answers until the first number
    /// is heard and whenever the listening connection is down. With `polls` the watch reads
    /// the number every ``pollInterval`` as on a standby, wherever it runs.
    public static func start(
        _ location: PostgresLocation, fallback: any CorpusGeneration, polls: Bool = false
    ) -> PostgresGenerationWatch {
        start(location, fallback: fallback, polls: polls, intervals: (checkInterval, answerDeadline))
    }

    /// ``start(_:fallback:polls:)`` with other intervals between checks and for an answer.
    static func start(
        _ location: PostgresLocation, fallback: any CorpusGeneration, polls: Bool,
        intervals: (check: Duration, deadline: Duration)
    ) -> PostgresGenerationWatch {
        let watch = PostgresGenerationWatch(fallback: fallback, polls: polls, intervals: intervals)
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
    /// it, one after is announced. Listening, it also reads the number every `check` interval.
    private func listen(on corpus: PostgresCorpus) async {
        do {
            let standby = try await read("SELECT pg_is_in_recovery()::int::bigint", on: corpus) == 1
            if polls || standby {
                while !Task.isCancelled {
                    raise(to: try await generation(on: corpus))
                    try await Task.sleep(for: Self.pollInterval)
                }
                return
            }
            try await corpus.connection.listen(on: Self.channel) { notifications in
                raise(to: try await generation(on: corpus))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await notification in notifications {
                            guard let number = Int(notification.payload) else { continue }
                            self.raise(to: number)
                        }
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: self.intervals.check)
                            self.raise(to: try await self.generation(on: corpus))
                        }
                    }
                    // Either ends only when the connection does (or the watch stops).
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            // The connection was lost or the task cancelled: the loop above decides.
        }
    }

    /// The corpus's generation, read on the watch's connection.
    private func generation(on corpus: PostgresCorpus) async throws -> Int {
        try await read("SELECT n FROM corpus_generation", on: corpus)
    }

    /// A count read on the watch's connection, which is closed (failing the reading) when no
    /// answer comes within the deadline.
    private func read(_ query: PostgresQuery, on corpus: PostgresCorpus) async throws -> Int {
        let answered = Mutex(false)
        let deadline = Task { [intervals] in
            try await Task.sleep(for: intervals.deadline)
            if !answered.withLock({ $0 }) { await corpus.close() }
        }
        defer { deadline.cancel() }
        let number = try await corpus.count(query)
        answered.withLock { $0 = true }
        return number
    }

    /// Numbers only grow; an announcement overtaken by the first reading changes nothing.
    private func raise(to number: Int) {
        heard.withLock { $0 = max($0 ?? number, number) }
    }
}
