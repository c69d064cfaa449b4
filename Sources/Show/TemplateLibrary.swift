import Foundation
import Mustache

/// Mustache templates kept as resources, the one way Sinmun writes a page: the study report
/// (this module's `Templates` folder) and the dashboard (the server's).
///
/// Variables are HTML-escaped unless a template opts out with triple braces, which the
/// templates keep for markup built and escaped by Sinmun itself (charts, marked sentences).
/// A template that starts with `{{% CONTENT_TYPE: MARKDOWN}}` escapes for Markdown tables
/// instead: `|` and line breaks in state-media text cannot break a row.
public struct TemplateLibrary: Sendable {
    private let library: MustacheLibrary
    /// The folder the templates were read from, for error messages.
    public let folder: String

    /// Reads every `*.mustache` file in `folder` (named by file name without the extension).
    public init(folder: URL) throws(ViewError) {
        Self.registerContentTypes
        self.folder = folder.path
        var library = MustacheLibrary()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .templatesMissing(folder: folder.path)
        }
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = folder.appendingPathComponent(file)
            do {
                try library.register(String(contentsOf: path, encoding: .utf8), named: String(file.dropLast(9)))
            } catch {
                throw .badTemplate(file: path.path, reason: "\(error)")
            }
        }
        self.library = library
    }

    /// The templates of a resource bundle's `Templates` folder.
    public init(bundle: Bundle) throws(ViewError) {
        guard let folder = bundle.url(forResource: "Templates", withExtension: nil) else {
            throw .templatesMissing(folder: bundle.bundlePath + "/Templates")
        }
        try self.init(folder: folder)
    }

    /// Renders `view` (a struct whose stored properties the template names) with a template.
    public func render(_ view: Any, template name: String) throws(ViewError) -> String {
        guard let text = library.render(view, withTemplate: name) else {
            throw .templateNotFound(name: name, folder: folder)
        }
        return text
    }

    /// Registered once, before any template is parsed (the pragma is read at parse time).
    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(MarkdownTableText(), named: "MARKDOWN")
    }()

    /// The report's own templates.
    static let report = Result { () throws(ViewError) -> TemplateLibrary in try TemplateLibrary(bundle: .module) }
}
