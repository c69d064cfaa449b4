import Foundation

/// How often and how long to wait before trying a page again: exponential backoff with
/// jitter, so a refused crawler backs off at once and several never retry in step.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    /// The wait after the first failure; doubled after each further one.
    public var baseDelay: Duration
    /// No wait is longer than this (a server's `Retry-After` included).
    public var maxDelay: Duration

    /// A policy; the defaults try four times, waiting up to 2, 4 and 8 seconds between tries.
    public init(maxAttempts: Int = 4, baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(120)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt `attempt` (1-based): half the exponential delay fixed and
    /// half random, or the server's `Retry-After` when it asked for longer.
    public func delay<R: RandomNumberGenerator>(
        afterAttempt attempt: Int, retryAfter: Double? = nil, using random: inout R
    ) -> Duration {
        let exponent = min(attempt - 1, 20)
        let full = min(maxDelay, baseDelay * (1 << exponent))
        let half = full / 2
        let jitter = Double.random(in: 0...1, using: &random)
        var wait = half + half * jitter
        if let retryAfter, retryAfter > 0 {
            wait = max(wait, min(maxDelay, .milliseconds(Int(retryAfter * 1000))))
        }
        return wait
    }
}
