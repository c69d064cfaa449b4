import Foundation

/// What `sinmun crawl <site> --probe` found: each request it made, what the parsers recognised
/// in the answer beside what they expect, and where the two differ, a diagnosis a user can act
/// on or attach to a bug report.
public struct ProbeReport: Sendable, Codable, Equatable {
    /// `rodong` or `kcna`.
    public var site: String
    /// The edition probed: `ko`, `en` or `zh`.
    public var language: String
    /// The host probed.
    public var baseURL: String
    /// True when every step found what the parsers expect.
    public var ok: Bool
    /// The requests, in the order made.
    public var steps: [Step]

    /// One request of the probe and what came of it.
    public struct Step: Sendable, Codable, Equatable {
        /// What the step looks at: `robots.txt`, `home page`, `listing`, `article`, `day listing shortcut`.
        public var name: String
        /// The address asked for.
        public var url: String
        /// The HTTP status of the answer (after redirects), nil when none came.
        public var status: Int?
        /// The size of the answer's body, nil when none came.
        public var bytes: Int?
        /// The number of the raw page as kept in the database (`page_snapshot.id`).
        public var snapshot: Int64?
        /// What the parsers recognised, one finding a line.
        public var recognised: [String]
        /// What the parsers expect of this page.
        public var expected: String
        /// True when the page is as expected.
        public var ok: Bool
        /// For a step not as expected: what differs, and what to do about it.
        public var diagnosis: String?

        /// A step's record.
        public init(
            name: String, url: String, status: Int? = nil, bytes: Int? = nil, snapshot: Int64? = nil,
            recognised: [String] = [], expected: String, ok: Bool, diagnosis: String? = nil
        ) {
            self.name = name
            self.url = url
            self.status = status
            self.bytes = bytes
            self.snapshot = snapshot
            self.recognised = recognised
            self.expected = expected
            self.ok = ok
            self.diagnosis = diagnosis
        }
    }

    /// A report of the steps taken; it is ok when every step is.
    public init(site: String, language: String, baseURL: String, steps: [Step]) {
        self.site = site
        self.language = language
        self.baseURL = baseURL
        self.steps = steps
        ok = !steps.isEmpty && steps.allSatisfy(\.ok)
    }

    /// The report as the command line prints it: a line a step, then its findings.
    public var text: String {
        let good = steps.filter(\.ok).count
        var lines = [
            "\(site)/\(language) at \(baseURL): \(good) of \(steps.count) steps as the parsers expect"
                + (ok ? "" : " — see the diagnoses below")
        ]
        for step in steps {
            let status = step.status.map { "HTTP \($0)" } ?? "no answer"
            let bytes = step.bytes.map { ", \($0) bytes" } ?? ""
            let kept = step.snapshot.map { ", kept as snapshot \($0)" } ?? ""
            lines.append("\(step.ok ? "ok  " : "FAIL") \(step.name): \(step.url) (\(status)\(bytes)\(kept))")
            lines += step.recognised.map { "       found: \($0)" }
            lines.append("       expected: \(step.expected)")
            if let diagnosis = step.diagnosis { lines.append("       diagnosis: \(diagnosis)") }
        }
        return lines.joined(separator: "\n")
    }
}
