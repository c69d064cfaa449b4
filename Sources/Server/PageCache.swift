import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The dashboard's answers kept for the corpus's current generation: a page asked for again
/// before anything is committed is the same page, so it is sent again, not computed again.
///
/// Bounded by bytes (bodies and their gzip forms), least recently used first out; a new
/// generation of the corpus empties it.
final class PageCache: Sendable {
    /// One kept answer.
    struct Entry: Sendable {
        var generation: Int
        var etag: String
        /// The route's own headers (Content-Type, Cache-Control, Content-Disposition …).
        var headers: HTTPFields
        var body: ByteBuffer
        /// The body gzipped, when that is smaller.
        var gzip: ByteBuffer?
        var bytes: Int { body.readableBytes + (gzip?.readableBytes ?? 0) }
    }

    /// A page being computed: requests for the same page wait for it instead of computing it
    /// again (fifty analysts opening the same search at once cost one query).
    final class Flight: Sendable {
        private let state = NIOLockedValueBox(
            (landed: false, entry: Entry?.none, waiters: [CheckedContinuation<Entry?, Never>]()))

        /// The page once computed; nil when it could not be kept (an error, a page not to keep).
        func wait() async -> Entry? {
            await withCheckedContinuation { continuation in
                let landed: Entry?? = state.withLockedValue { state in
                    if state.landed { return .some(state.entry) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let landed { continuation.resume(returning: landed) }
            }
        }

        /// Hands the computed page (or nil) to every request waiting for it.
        func land(_ entry: Entry?) {
            let waiters = state.withLockedValue { state in
                state.landed = true
                state.entry = entry
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: entry) }
        }
    }

    private struct State {
        var entries: [String: (entry: Entry, used: UInt64)] = [:]
        var flights: [String: (generation: Int, flight: Flight)] = [:]
        var generation = -1
        var bytes = 0
        var clock: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    /// The most the bodies may hold, in bytes.
    let budget: Int

    init(budget: Int) { self.budget = budget }

    /// The answer kept for `key` in `generation`, if any.
    func entry(_ key: String, generation: Int) -> Entry? {
        state.withLockedValue { state in
            guard state.generation == generation, let kept = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key]?.used = state.clock
            return kept.entry
        }
    }

    /// Keeps `entry` under `key`, dropping the least recently used answers to stay in budget; an
    /// answer of an older generation than the cache's is not kept.
    func store(_ key: String, _ entry: Entry) {
        guard entry.bytes <= budget / 4 else { return }
        state.withLockedValue { state in
            if entry.generation > state.generation {
                state.entries = [:]
                state.bytes = 0
                state.generation = entry.generation
            }
            guard entry.generation == state.generation else { return }
            state.clock += 1
            if let old = state.entries[key] { state.bytes -= old.entry.bytes }
            state.entries[key] = (entry, state.clock)
            state.bytes += entry.bytes
            while state.bytes > budget, let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) {
                state.bytes -= oldest.value.entry.bytes
                state.entries[oldest.key] = nil
            }
        }
    }

    /// The computation of `key` in `generation` under way, or a new one that the caller leads
    /// (`leads`): it computes the page and must ``land(_:_:entry:)`` it, whatever happens.
    func flight(_ key: String, generation: Int) -> (flight: Flight, leads: Bool) {
        state.withLockedValue { state in
            if let current = state.flights[key], current.generation == generation { return (current.flight, false) }
            let flight = Flight()
            state.flights[key] = (generation, flight)
            return (flight, true)
        }
    }

    /// Ends the computation `flight` of `key`: its waiters get `entry`.
    func land(_ key: String, _ flight: Flight, entry: Entry?) {
        state.withLockedValue { state in
            if state.flights[key]?.flight === flight { state.flights[key] = nil }
        }
        flight.land(entry)
    }

    /// How many answers and bytes are kept (for tests and the log).
    var size: (entries: Int, bytes: Int) { state.withLockedValue { ($0.entries.count, $0.bytes) } }
}
