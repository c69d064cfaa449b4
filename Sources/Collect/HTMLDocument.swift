import CLibXML2
import Foundation

/// An HTML page parsed by libxml2's HTML parser (forgiving, as browsers are: unclosed `<p>`,
/// stray `&`, truncated files), queried with XPath.
///
/// Pages of the two sites are untrusted input; nothing here executes or fetches anything
/// (`HTML_PARSE_NONET`), and text comes out as plain strings for the caller to escape.
public final class HTMLDocument {
    let pointer: htmlDocPtr
    /// The address the page was fetched from or saved from.
    public let url: String
    /// The character set the page was read in, and why when it is not the declared one.
    public let encoding: CharsetDecision

    /// Parses a page. The character set is chosen by ``CharsetDecision`` (HTTP header, then
    /// `<meta>`, checked against the bytes); an empty or non-HTML body is an error.
    public init(data: Data, url: String, headerCharset: String? = nil) throws {
        Self.silenceLibxml
        self.url = url
        let encoding = CharsetDecision(data: data, headerCharset: headerCharset)
        self.encoding = encoding
        guard !data.isEmpty else { throw PageParseError(url: url, reason: "empty response body") }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = data.withUnsafeBytes { raw -> htmlDocPtr? in
            let base = raw.bindMemory(to: CChar.self).baseAddress
            return htmlReadMemory(base, Int32(raw.count), url, encoding.charset, options)
        }
        guard let document else {
            throw PageParseError(url: url, reason: "not an HTML page (libxml2 could not parse it)")
        }
        pointer = document
    }

    deinit { xmlFreeDoc(pointer) }

    private static let silenceLibxml: Void = { sinmun_xmlSilenceErrors() }()

    /// The nodes an XPath expression selects, from the document root.
    public func nodes(_ xpath: String) -> [HTMLNode] {
        evaluate(xpath, context: nil)
    }

    /// The first node an XPath expression selects.
    public func first(_ xpath: String) -> HTMLNode? { nodes(xpath).first }

    func evaluate(_ xpath: String, context: xmlNodePtr?) -> [HTMLNode] {
        guard let xpathContext = xmlXPathNewContext(pointer) else { return [] }
        defer { xmlXPathFreeContext(xpathContext) }
        if let context { xpathContext.pointee.node = context }
        guard let result = xmlXPathEvalExpression(xpath, xpathContext) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let table = set.pointee.nodeTab else {
            return []
        }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            table[index].map { HTMLNode(document: self, pointer: $0) }
        }
    }

    /// An XPath predicate true for elements whose `class` attribute holds `name` as a word,
    /// the way a CSS `.name` selector matches.
    public static func hasClass(_ name: String) -> String {
        "contains(concat(' ', normalize-space(@class), ' '), ' \(name) ')"
    }
}

/// One element (or text node) of an ``HTMLDocument``; valid while its document lives.
public struct HTMLNode {
    let document: HTMLDocument
    let pointer: xmlNodePtr

    /// The element name, lower-cased (`p`, `div`).
    public var name: String { pointer.pointee.name.map { String(cString: $0).lowercased() } ?? "" }

    /// All text inside the node, whitespace runs folded to one space and trimmed.
    public var text: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { sinmun_xmlFree(content) }
        return Self.foldWhitespace(String(cString: content))
    }

    /// An attribute's value, or nil when absent.
    public func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(pointer, name) else { return nil }
        defer { sinmun_xmlFree(value) }
        return String(cString: value)
    }

    /// The nodes an XPath expression selects relative to this node (`.//p`).
    public func nodes(_ xpath: String) -> [HTMLNode] { document.evaluate(xpath, context: pointer) }

    /// The first node a relative XPath expression selects.
    public func first(_ xpath: String) -> HTMLNode? { nodes(xpath).first }

    static func foldWhitespace(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            // U+00A0 and U+3000 (full-width) are common in these pages' spacing.
            if scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{3000}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Which character set a page is read in.
///
/// North Korean sites serve UTF-8 today, but saved and mirrored copies carry stale
/// `EUC-KR` declarations, and some old pages are EUC-KR under a UTF-8 label. The bytes decide
/// when they contradict the label; ``note`` says so, for the crawl log.
public struct CharsetDecision: Sendable, Equatable {
    /// The encoding handed to libxml2 (`UTF-8`, `EUC-KR`, ...).
    public var charset: String
    /// Set when the declared charset was overruled, with the reason.
    public var note: String?

    /// Decides from the page's bytes, the HTTP header's charset (if any) and a `<meta>` charset.
    public init(data: Data, headerCharset: String?) {
        let declared = (headerCharset?.isEmpty == false ? headerCharset : Self.metaCharset(in: data))?
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")).uppercased()
        let isUTF8Label = declared == nil || declared == "UTF-8" || declared == "UTF8"
        let validUTF8 = String(validating: data, as: UTF8.self) != nil
        let hasNonASCII = data.contains { $0 >= 0x80 }
        if validUTF8 {
            if isUTF8Label || !hasNonASCII {
                charset = isUTF8Label ? "UTF-8" : declared!
                note = nil
            } else {
                charset = "UTF-8"
                note = "declares charset \(declared!) but the bytes are UTF-8; read as UTF-8"
            }
        } else if !isUTF8Label {
            charset = declared!
            note = nil
        } else {
            // CP949 is the superset of EUC-KR that Korean sites actually emit.
            charset = "CP949"
            let declaration = declared.map { "declares charset \($0)" } ?? "declares no charset"
            note = "\(declaration) but is not valid UTF-8; read as EUC-KR (CP949)"
        }
    }

    /// The charset named by a `<meta charset>` or `<meta http-equiv content="...charset=">`
    /// within the first 4 KB.
    static func metaCharset(in data: Data) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let value = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return value.isEmpty ? nil : String(value)
    }
}

/// A page that could not be read as what it should be, with its address and the reason.
public struct PageParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The page's address (or the saved file's name).
    public var url: String
    /// What was wrong: truncated, an unexpected layout, no title ...
    public var reason: String
    /// Names the page and the reason.
    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }
    /// `URL: reason`, as the crawl and import logs print it.
    public var description: String { "\(url): \(reason)" }
}
