import Foundation

/// How often `watch run --every` runs: `90s`, `30m`, `6h`, `1d`.
public struct WatchInterval: Sendable, Equatable, CustomStringConvertible {
    /// The interval in seconds.
    public let seconds: Int
    /// As typed, normalised (`6h`): systemd's timers read the same form.
    public let description: String

    /// Reads a number and a unit (`s`, `m`, `h`, `d`); throws ``WatchError/badInterval(_:)``.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = trimmed.last.map(String.init), let scale = units[unit],
            let number = Int(trimmed.dropLast()), number > 0, number <= 366 * 86_400 / scale
        else { throw WatchError.badInterval(text) }
        seconds = number * scale
        description = "\(number)\(unit)"
    }

    /// The interval as a duration.
    public var duration: Duration { .seconds(seconds) }
}
