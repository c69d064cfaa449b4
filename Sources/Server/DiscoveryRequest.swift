import Foundation
import Hummingbird
import SinmunCode
import SinmunMeasure

/// The discovery pages' common parameters: scopes as typed, checked and parsed; an error in
/// them is the request's fault (400), said in words.
struct DiscoveryRequest {
    static let maximumScopeLength = 1000
    let parameters: [String: String]

    init(_ request: Request) {
        parameters = QueryFields(request).all
    }

    /// The raw text of a parameter, length-checked.
    func text(_ name: String, default value: String = "") throws -> String {
        let text = parameters[name] ?? value
        guard text.count <= Self.maximumScopeLength else {
            throw HTTPError(.badRequest, message: "\(name) is longer than \(Self.maximumScopeLength) characters")
        }
        return text
    }

    /// A scope parameter; `rest` gives nil when `allowRest`.
    func scope(_ name: String, codebook: Codebook, allowRest: Bool = false) throws -> Scope? {
        let text = try self.text(name, default: allowRest ? "rest" : "")
        if allowRest && (text.isEmpty || text == "rest") { return nil }
        do {
            return try Scope(text, codebook: codebook)
        } catch {
            throw HTTPError(.badRequest, message: "\(name): \(error)")
        }
    }

    /// A whole-number parameter within `range`.
    func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = parameters[name], !raw.isEmpty else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw HTTPError(
                .badRequest, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A parameter from a fixed set of names (a measure, a period).
    func choice<T: RawRepresentable>(_ name: String, default value: T) throws -> T where T.RawValue == String {
        guard let raw = parameters[name], !raw.isEmpty else { return value }
        guard let choice = T(rawValue: raw) else {
            throw HTTPError(.badRequest, message: "\(name) '\(raw)' is not known")
        }
        return choice
    }

    /// Runs a discovery computation, turning what the user asked wrongly into a 400.
    static func answer<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as KeynessError {
            throw HTTPError(.badRequest, message: error.description)
        } catch let error as ScopeError {
            throw HTTPError(.badRequest, message: error.description)
        } catch let error as TopicError {
            throw HTTPError(.badRequest, message: error.description)
        }
    }
}
