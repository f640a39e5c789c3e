import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What an XML parse of a document saw: every element with its attributes, and all text.
final class XMLOutline: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var path: [String]
    }

    private(set) var elements: [Element] = []
    private(set) var text = ""
    private var stack: [String] = []
    private(set) var error: String?

    /// Parses `markup`; `nil` with `error` set when it is not well-formed.
    static func parse(_ markup: String) -> XMLOutline {
        let outline = XMLOutline()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = outline
        if !parser.parse() {
            outline.error = "\(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber), column \(parser.columnNumber)"
        }
        return outline
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, path: stack))
        stack.append(name)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    /// Elements named `name`.
    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
}
