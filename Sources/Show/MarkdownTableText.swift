import Foundation
import Mustache

/// Escaping for Markdown: a value cannot end a table cell or a line.
struct MarkdownTableText: MustacheContentType {
    func escapeText(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
