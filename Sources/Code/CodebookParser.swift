import Foundation
import SinmunCollect
import SinmunRead
import Yams

/// Reads codebooks from YAML, checking them against the schema before anything is coded.
public enum CodebookParser {
    static let topKeys: Set<String> = ["codebook", "description", "rollup", "codes"]
    static let codeKeys: Set<String> = [
        "group", "label", "description", "terms", "lemmas", "names", "exclude", "context", "article_requires",
        "rollup",
    ]
    static let contextKeys: Set<String> = ["codes", "sentences", "words"]
    static let rollupKeys: Set<String> = ["mention", "focus", "focus_share", "focus_title"]

    /// Parses a Sinmun codebook, or a quanteda dictionary (a mapping of keys to lists of
    /// terms, possibly nested, `*` as wildcard) which becomes one concept code per key.
    public static func parse(_ yaml: String, file: String) throws -> Codebook {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw CodebookError(file: file, line: nil, code: nil, message: "the file is empty")
            }
            node = composed
        } catch let error as CodebookError {
            throw error
        } catch let error as YamlError {
            throw CodebookError(file: file, line: line(of: error), code: nil, message: "YAML error: \(describe(error))")
        }
        guard let top = node.mapping else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: nil, message: "expected a mapping with 'codebook' and 'codes'")
        }
        // The coder's own rules (reported speech) are part of what a code means: a new version
        // of them recodes everything, as an edited codebook does.
        let hash = Fingerprint.sha256Hex(yaml + "\n# coder rules \(ReportedSpeech.rulesVersion)")
        if top["codes"] == nil && top["codebook"] == nil {
            return try quanteda(top, file: file, yaml: yaml, hash: hash)
        }
        try checkKeys(top, allowed: topKeys, file: file, code: nil)
        guard let name = top["codebook"]?.string, !name.isEmpty else {
            throw CodebookError(file: file, line: node.mark?.line, code: nil, message: "missing 'codebook: NAME'")
        }
        let defaults = try top["rollup"].map { try rollup($0, base: .standard, file: file, code: nil) } ?? .standard
        guard let codesNode = top["codes"], let codesMapping = codesNode.mapping, codesMapping.count > 0 else {
            throw CodebookError(
                file: file, line: top["codes"]?.mark?.line ?? node.mark?.line, code: nil,
                message: "'codes' must be a non-empty mapping of code names")
        }
        var codes: [Code] = []
        for (key, value) in codesMapping {
            guard let codeName = key.string, isValidName(codeName) else {
                throw CodebookError(
                    file: file, line: key.mark?.line, code: key.string,
                    message: "a code name must be letters, digits, '_', '-' or '.'")
            }
            if codes.contains(where: { $0.name == codeName }) {
                throw CodebookError(file: file, line: key.mark?.line, code: codeName, message: "defined twice")
            }
            var parsed = try code(codeName, value, defaults: defaults, file: file)
            parsed.line = key.mark?.line ?? parsed.line  // errors point at the code's name
            codes.append(parsed)
        }
        let ordered = try order(codes, file: file)
        return Codebook(
            name: name, description: top["description"]?.string ?? "", hash: hash, source: yaml, codes: ordered)
    }

    /// Reads a codebook file.
    public static func load(path: String) throws -> Codebook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CodebookError(file: path, line: nil, code: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CodebookError(file: path, line: nil, code: nil, message: "the file is not UTF-8")
        }
        return try parse(text, file: path)
    }

    // MARK: - Pieces

    static func code(_ name: String, _ node: Node, defaults: RollupRule, file: String) throws -> Code {
        guard let mapping = node.mapping else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: name, message: "expected a mapping (group, terms, ...)")
        }
        try checkKeys(mapping, allowed: codeKeys, file: file, code: name)
        let groupName = mapping["group"]?.string ?? "concept"
        guard let group = CodeGroup(rawValue: groupName) else {
            throw CodebookError(
                file: file, line: mapping["group"]?.mark?.line, code: name,
                message:
                    "unknown group '\(groupName)'; one of \(CodeGroup.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard mapping["terms"] != nil || mapping["lemmas"] != nil || mapping["names"] != nil else {
            throw CodebookError(file: file, line: node.mark?.line, code: name, message: "missing 'terms' (or 'lemmas')")
        }
        // An actor's names (`뿌찐`, `Putin`) are terms too, and the speakers quotes resolve to.
        let names = try mapping["names"].map { try patternList($0, file: file, code: name) } ?? []
        let nameStrings = try names.map { pattern -> String in
            guard case .term(let text) = pattern else {
                throw CodebookError(
                    file: file, line: mapping["names"]?.mark?.line, code: name,
                    message: "names must be plain names, not patterns")
            }
            return text
        }
        var patterns = try mapping["terms"].map { try patternList($0, file: file, code: name) } ?? []
        // A Korean name begins a word: `리창` is not in `유리창`, `왕이` not in `국왕이`.
        patterns += nameStrings.map { name -> TermPattern in
            name.unicodeScalars.allSatisfy({ (0xAC00...0xD7A3).contains($0.value) })
                ? .regex("(?<![가-힣])" + name) : .term(name)
        }.filter { !patterns.contains($0) }
        // `lemmas: [받아들이다]` is `terms: [lemma:받아들이다]`.
        patterns +=
            try mapping["lemmas"].map { node in
                try patternList(node, file: file, code: name, prefix: "lemma:")
            } ?? []
        guard !patterns.isEmpty else {
            throw CodebookError(
                file: file, line: (mapping["terms"] ?? mapping["lemmas"])?.mark?.line, code: name,
                message: "'terms' is empty")
        }
        let exclusions = try mapping["exclude"].map { try patternList($0, file: file, code: name) } ?? []
        var context: ContextRule?
        if let contextNode = mapping["context"] {
            guard let contextMapping = contextNode.mapping else {
                throw CodebookError(
                    file: file, line: contextNode.mark?.line, code: name,
                    message: "'context' must be a mapping (codes, sentences, words)")
            }
            try checkKeys(contextMapping, allowed: contextKeys, file: file, code: name)
            let names = try stringList(contextMapping["codes"], file: file, code: name, what: "context.codes")
            guard !names.isEmpty else {
                throw CodebookError(
                    file: file, line: contextNode.mark?.line, code: name,
                    message: "'context.codes' must name at least one code")
            }
            let sentences = try integer(
                contextMapping["sentences"], default: 0, file: file, code: name, what: "context.sentences")
            let words = try contextMapping["words"].map {
                try integer($0, default: 0, file: file, code: name, what: "context.words")
            }
            if words != nil && sentences != 0 {
                throw CodebookError(
                    file: file, line: contextNode.mark?.line, code: name,
                    message: "'context.words' needs 'sentences: 0' (the same sentence)")
            }
            context = ContextRule(codes: names, sentences: sentences, words: words)
        }
        let requires = try stringList(mapping["article_requires"], file: file, code: name, what: "article_requires")
        let rule = try mapping["rollup"].map { try rollup($0, base: defaults, file: file, code: name) } ?? defaults
        return Code(
            name: name, group: group, label: mapping["label"]?.string ?? name,
            description: mapping["description"]?.string ?? "",
            patterns: patterns, exclusions: exclusions, context: context, articleRequires: requires,
            rollup: rule, line: node.mark?.line ?? 0, names: nameStrings)
    }

    /// `[a, b]` or `{ko: [...], en: [...]}` (the languages only organise the list).
    static func patternList(_ node: Node, file: String, code: String, prefix: String = "") throws -> [TermPattern] {
        var strings: [(String, Int?)] = []
        if let sequence = node.sequence {
            for item in sequence {
                guard let string = item.string else {
                    throw CodebookError(
                        file: file, line: item.mark?.line, code: code, message: "a term must be a string")
                }
                strings.append((string, item.mark?.line))
            }
        } else if let mapping = node.mapping {
            for (language, list) in mapping {
                guard let sequence = list.sequence else {
                    throw CodebookError(
                        file: file, line: list.mark?.line, code: code,
                        message: "terms for '\(language.string ?? "?")' must be a list")
                }
                for item in sequence {
                    guard let string = item.string else {
                        throw CodebookError(
                            file: file, line: item.mark?.line, code: code, message: "a term must be a string")
                    }
                    strings.append((string, item.mark?.line))
                }
            }
        } else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: code,
                message: "terms must be a list, or a mapping of language to list")
        }
        return try strings.map { try pattern(prefix + $0.0, line: $0.1, file: file, code: code) }
    }

    static func pattern(_ raw: String, line: Int?, file: String, code: String) throws -> TermPattern {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw CodebookError(file: file, line: line, code: code, message: "empty term") }
        if text.hasPrefix("re:") {
            let expression = String(text.dropFirst(3))
            do {
                _ = try NSRegularExpression(pattern: expression)
            } catch {
                throw CodebookError(
                    file: file, line: line, code: code, message: "invalid regular expression '\(expression)'")
            }
            return .regex(expression)
        }
        if text.hasPrefix("glob:") { return .glob(String(text.dropFirst(5))) }
        if text.hasPrefix("lemma:") {
            let parts = text.dropFirst(6).split(separator: "/", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let word = parts.first, !word.isEmpty, !word.contains(" ") else {
                throw CodebookError(
                    file: file, line: line, code: code,
                    message: "a lemma is one word, optionally with a tag: 'lemma:받아들이다' or 'lemma:개발/NNG'")
            }
            return .lemma(word, pos: parts.count > 1 && !parts[1].isEmpty ? parts[1].uppercased() : nil)
        }
        if text.contains("*") { return .glob(text) }
        return .term(text)
    }

    static func rollup(_ node: Node, base: RollupRule, file: String, code: String?) throws -> RollupRule {
        guard let mapping = node.mapping else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: code,
                message: "'rollup' must be a mapping (mention, focus, focus_share, focus_title)")
        }
        try checkKeys(mapping, allowed: rollupKeys, file: file, code: code)
        var rule = base
        rule.mentionSentences = try integer(
            mapping["mention"], default: base.mentionSentences, file: file, code: code, what: "rollup.mention")
        rule.focusSentences = try integer(
            mapping["focus"], default: base.focusSentences, file: file, code: code, what: "rollup.focus")
        if let share = mapping["focus_share"] {
            guard let value = share.float, (0...1).contains(value) else {
                throw CodebookError(
                    file: file, line: share.mark?.line, code: code,
                    message: "'rollup.focus_share' must be a number from 0 to 1")
            }
            rule.focusShare = value
        }
        if let title = mapping["focus_title"] {
            guard let value = title.bool else {
                throw CodebookError(
                    file: file, line: title.mark?.line, code: code,
                    message: "'rollup.focus_title' must be true or false")
            }
            rule.focusOnTitle = value
        }
        guard rule.mentionSentences >= 1, rule.focusSentences >= rule.mentionSentences else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: code, message: "rollup needs 1 <= mention <= focus")
        }
        return rule
    }

    /// Orders codes so that each comes after the codes its rules name; reports unknown names
    /// and cycles.
    static func order(_ codes: [Code], file: String) throws -> [Code] {
        let names = Set(codes.map(\.name))
        for code in codes {
            for dependency in (code.context?.codes ?? []) + code.articleRequires where !names.contains(dependency) {
                throw CodebookError(
                    file: file, line: code.line, code: code.name,
                    message: "a rule names the missing code '\(dependency)'")
            }
        }
        var ordered: [Code] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        let byName = Dictionary(uniqueKeysWithValues: codes.map { ($0.name, $0) })
        func visit(_ code: Code, path: [String]) throws {
            if state[code.name] == 2 { return }
            if state[code.name] == 1 {
                let cycle = (path.drop(while: { $0 != code.name }) + [code.name]).joined(separator: " → ")
                throw CodebookError(
                    file: file, line: code.line, code: code.name, message: "rules form a cycle: \(cycle)")
            }
            state[code.name] = 1
            for dependency in Set((code.context?.codes ?? []) + code.articleRequires).sorted() {
                if dependency == code.name {
                    throw CodebookError(
                        file: file, line: code.line, code: code.name,
                        message: "rules form a cycle: \(code.name) → \(code.name)")
                }
                try visit(byName[dependency]!, path: path + [code.name])
            }
            state[code.name] = 2
            ordered.append(code)
        }
        for code in codes { try visit(code, path: []) }
        return ordered
    }

    // MARK: - quanteda dictionaries

    static func quanteda(_ top: Node.Mapping, file: String, yaml: String, hash: String) throws -> Codebook {
        var codes: [Code] = []
        func walk(_ mapping: Node.Mapping, prefix: String) throws {
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                let full = prefix.isEmpty ? name : prefix + "." + name
                if let nested = value.mapping {
                    try walk(nested, prefix: full)
                } else if value.sequence != nil {
                    let patterns = try patternList(value, file: file, code: full)
                    codes.append(
                        Code(
                            name: full, group: .concept, label: full, description: "from a quanteda dictionary",
                            patterns: patterns, exclusions: [], context: nil, articleRequires: [],
                            rollup: .standard, line: key.mark?.line ?? 0))
                } else {
                    throw CodebookError(
                        file: file, line: value.mark?.line, code: full,
                        message: "a dictionary key must hold a list of terms or nested keys")
                }
            }
        }
        try walk(top, prefix: "")
        guard !codes.isEmpty else {
            throw CodebookError(file: file, line: nil, code: nil, message: "no keys with terms")
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return Codebook(name: name, description: "quanteda dictionary \(file)", hash: hash, source: yaml, codes: codes)
    }

    // MARK: - Helpers

    static func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, file: String, code: String?) throws {
        for key in mapping.keys {
            guard let name = key.string, allowed.contains(name) else {
                throw CodebookError(
                    file: file, line: key.mark?.line, code: code,
                    message: "unknown key '\(key.string ?? "?")'; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    static func stringList(_ node: Node?, file: String, code: String, what: String) throws -> [String] {
        guard let node else { return [] }
        if let single = node.string, node.scalar != nil { return [single] }
        guard let sequence = node.sequence else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: code, message: "'\(what)' must be a list of code names")
        }
        return try sequence.map { item in
            guard let string = item.string else {
                throw CodebookError(file: file, line: item.mark?.line, code: code, message: "'\(what)' must hold names")
            }
            return string
        }
    }

    static func integer(_ node: Node?, default value: Int, file: String, code: String?, what: String) throws -> Int {
        guard let node else { return value }
        guard let number = node.int, number >= 0 else {
            throw CodebookError(
                file: file, line: node.mark?.line, code: code, message: "'\(what)' must be a whole number >= 0")
        }
        return number
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            return "\(error)"
        }
    }
}
