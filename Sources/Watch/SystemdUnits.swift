import Foundation

/// A systemd service and timer that run `sinmun watch run` on a schedule.
///
/// The service is a oneshot: the timer starts it, it runs the steps once and exits. An
/// interval that divides a day (`6h`, `30m`, `1d`) becomes a calendar timer with
/// `Persistent=true`, so a run missed while the machine was off happens at boot; any other
/// interval counts from the last run (`OnUnitActiveSec`), which systemd cannot catch up.
/// systemd stops the service with SIGTERM, which finishes the current step; `TimeoutStopSec`
/// leaves time for that.
public struct SystemdUnits: Sendable, Equatable {
    /// The service unit (`sinmun-watch.service`).
    public var service: String
    /// The timer unit (`sinmun-watch.timer`).
    public var timer: String

    /// Units running `executable` with `arguments` (already including `watch run`) from
    /// `workingDirectory`, every `interval`.
    public init(executable: String, arguments: [String], workingDirectory: String, interval: WatchInterval) {
        let command = ([executable] + arguments).map(Self.quoted).joined(separator: " ")
        service = """
            # sinmun-watch.service: one watch run (collect, code, analyse, evaluate, deliver).
            [Unit]
            Description=Sinmun watch run
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=oneshot
            WorkingDirectory=\(Self.specifiersEscaped(workingDirectory))
            ExecStart=\(command)
            # SIGTERM lets the run finish its current step; then it exits cleanly.
            KillSignal=SIGTERM
            TimeoutStopSec=300
            Nice=10

            """
        let schedule =
            Self.calendar(for: interval).map { "OnCalendar=\($0)\nPersistent=true" }
            ?? "OnBootSec=10min\nOnUnitActiveSec=\(interval)"
        timer = """
            # sinmun-watch.timer: starts sinmun-watch.service every \(interval).
            [Unit]
            Description=Run the Sinmun watch every \(interval)

            [Timer]
            \(schedule)
            RandomizedDelaySec=5min

            [Install]
            WantedBy=timers.target

            """
    }

    /// A calendar expression for an interval that divides a day evenly, else nil.
    static func calendar(for interval: WatchInterval) -> String? {
        let seconds = interval.seconds
        if seconds == 86_400 { return "*-*-* 00:00:00" }
        if seconds % 3600 == 0, 24 % (seconds / 3600) == 0 { return "*-*-* 00/\(seconds / 3600):00:00" }
        if seconds % 60 == 0, seconds < 3600, 60 % (seconds / 60) == 0 { return "*-*-* *:00/\(seconds / 60):00" }
        return nil
    }

    /// `%` doubled, so that systemd does not read it as a specifier (paths are taken as written).
    static func specifiersEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%%")
    }

    /// An argument as systemd's `ExecStart=` reads it: quoted when it holds a space or a
    /// quote, with `%` and `$` doubled so that systemd does not expand them.
    static func quoted(_ argument: String) -> String {
        var text = Self.specifiersEscaped(argument).replacingOccurrences(of: "$", with: "$$")
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\\" || $0 == ";" })
        else { return text }
        text = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(text)\""
    }
}
