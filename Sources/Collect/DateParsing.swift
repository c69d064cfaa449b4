import Foundation

/// The Juche calendar: year 1 is 1912, the year of Kim Il Sung's birth.
public enum JucheCalendar {
    /// The Gregorian year of a Juche year (Juche 113 is 2024).
    public static func gregorianYear(juche: Int) -> Int { juche + 1911 }

    /// Removes a date stamp that archives append to titles and returns the date it gave:
    /// `…\n[Juche113.1.2.]` (2024-01-02), `[2024.02.11.]`, and a trailing
    /// `Juche 113 (2024)` (2024, year precision). Text without a stamp comes back unchanged.
    public static func stripDateStamp(_ title: String) -> (title: String, stampDate: PublicationDate?) {
        var text = Substring(title)
        while text.last?.isWhitespace == true { text = text.dropLast() }
        if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
            if let date = parseStamp(inside) {
                return (String(text[..<open]).trimmingCharacters(in: .whitespacesAndNewlines), date)
            }
        }
        // Trailing "Juche 113 (2024)": keep the text before it.
        if text.hasSuffix(")"), let jucheRange = text.range(of: "Juche", options: .backwards) {
            let tail = text[jucheRange.lowerBound...]
            let numbers = tail.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 2, gregorianYear(juche: numbers[0]) == numbers[1],
                let date = PublicationDate(year: numbers[1], precision: .year)
            {
                var head = text[..<jucheRange.lowerBound]
                while let last = head.last, last.isWhitespace || last == "," { head = head.dropLast() }
                return (String(head), date)
            }
        }
        return (String(text), nil)
    }

    /// `Juche113.1.2.` or `2024.02.11.` → a date; anything else → nil.
    static func parseStamp(_ stamp: Substring) -> PublicationDate? {
        var body = stamp.trimmingCharacters(in: .whitespaces)[...]
        var juche = false
        if body.hasPrefix("Juche") {
            juche = true
            body = body.dropFirst(5).drop(while: { $0 == " " })
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: true)
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            var year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        if juche { year = gregorianYear(juche: year) }
        return PublicationDate(year: year, month: month, day: day)
    }
}

/// Reads the date formats archives use. Returns nil for anything it does not recognise, so
/// the importer can report the record instead of guessing.
public enum DateParsing {
    /// Accepts `2024-01-02`, `2024-01-02T08:00:00Z` (the time is ignored), `2024.1.2`,
    /// `2024/01/02`, `20240102`, `2024년 1월 2일`, full-width digits, and the partial forms
    /// `2024-01` (month precision) and `2024` (year precision).
    public static func parse(_ raw: String) -> PublicationDate? {
        let text = foldFullWidthDigits(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        // Cut a time part: "T08:00", " 08:17송고", "오전 11:52".
        var datePart = Substring(text)
        if let t = datePart.firstIndex(where: { $0 == "T" || $0 == " " }),
            datePart[..<t].filter(\.isNumber).count >= 8 || datePart[..<t].contains("-")
        {
            datePart = datePart[..<t]
        }
        let allowed = Set("0123456789-./ 년월일")
        guard datePart.allSatisfy({ allowed.contains($0) }) else { return nil }
        let groups = datePart.split(whereSeparator: { !$0.isNumber }).map(String.init)
        switch groups.count {
        case 1 where groups[0].count == 8:
            let g = groups[0]
            guard let y = Int(g.prefix(4)), let m = Int(g.dropFirst(4).prefix(2)), let d = Int(g.suffix(2)) else {
                return nil
            }
            return PublicationDate(year: y, month: m, day: d)
        case 1 where groups[0].count == 4:
            return Int(groups[0]).flatMap { PublicationDate(year: $0, precision: .year) }
        case 2 where groups[0].count == 4:
            guard let y = Int(groups[0]), let m = Int(groups[1]) else { return nil }
            return PublicationDate(year: y, month: m, precision: .month)
        case 3 where groups[0].count == 4:
            guard let y = Int(groups[0]), let m = Int(groups[1]), let d = Int(groups[2]) else { return nil }
            return PublicationDate(year: y, month: m, day: d)
        default:
            return nil
        }
    }

    /// A Unix time in seconds or (when larger than any plausible seconds value) milliseconds,
    /// read as a UTC calendar date.
    public static func fromEpoch(_ value: Double) -> PublicationDate? {
        guard value.isFinite, value >= 0 else { return nil }
        let seconds = value > 100_000_000_000 ? value / 1000 : value
        let days = Int((seconds / 86_400).rounded(.down))
        return civilDate(daysSinceEpoch: days)
    }

    /// Replaces full-width digits (`２０２４`) with ASCII digits.
    public static func foldFullWidthDigits(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF10...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30) {
                out.append(ascii)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    // Howard Hinnant's days-to-civil algorithm: exact for the proleptic Gregorian calendar.
    static func civilDate(daysSinceEpoch: Int) -> PublicationDate? {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return PublicationDate(year: year, month: month, day: day)
    }
}
