import Foundation

/// Spaces requests to each host at least `interval` apart, whatever the caller does: the
/// default is one request a second, since North Korean servers ban an address for minutes
/// after a burst.
public actor HostRateLimiter {
    private var intervals: [String: Duration] = [:]
    private var nextSlot: [String: ContinuousClock.Instant] = [:]
    private let defaultInterval: Duration
    private let clock = ContinuousClock()

    /// `requestsPerSecond` must be positive.
    public init(requestsPerSecond: Double) {
        precondition(requestsPerSecond > 0, "requests per second must be positive")
        defaultInterval = .milliseconds(Int((1000 / requestsPerSecond).rounded(.up)))
    }

    /// Makes a host slower than the default (a robots.txt `Crawl-delay`); never faster.
    public func slowDown(host: String, to interval: Duration) {
        intervals[host] = max(interval, intervals[host] ?? defaultInterval)
    }

    /// The spacing in force for a host.
    public func interval(for host: String) -> Duration { intervals[host] ?? defaultInterval }

    /// Waits until a request to `host` may go. Throws if the task is cancelled while waiting.
    public func waitForTurn(host: String) async throws {
        let now = clock.now
        let slot = max(now, nextSlot[host] ?? now)
        // Reserve the slot before sleeping, so concurrent callers queue behind each other.
        nextSlot[host] = slot + interval(for: host)
        if slot > now { try await clock.sleep(until: slot) }
        // A late wake-up pushes the next turn back too, so the spacing holds between the
        // requests actually sent, not just between the slots.
        let woke = clock.now
        if woke > slot, let next = nextSlot[host] { nextSlot[host] = max(next, woke + interval(for: host)) }
    }
}
