/// What the built-in server answers, and how a browser's own timing of the page is read back.
///
/// A request whose `Accept` header names `text/html` (a browser) gets a small HTML page with a
/// script that writes the page's Navigation Timing entry (`PerformanceNavigationTiming`, as JSON)
/// into an element of the page; anything else (the built-in clients, curl, gnutls-cli) gets the
/// plain-text line the built-in clients have always read. A browser whose DOM is dumped
/// (Chromium's `--dump-dom`) thus reports its own timing in its output, with no second channel.
public enum SitePage {
    /// The `id` of the element the script fills.
    public static let timingElementID = "staplebench-navigation-timing"

    /// The plain-text body of the server named `server`.
    public static func text(server: String) -> String { "hello from \(server)\n" }

    /// The HTML page of the server named `server`. The script runs as the body is parsed (so a DOM
    /// dumped at the load event already holds the entry) and again once loading ends (with
    /// `responseEnd` and the load times filled in), whichever a browser keeps.
    public static func html(server: String) -> String {
        let escaped = server.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escaped)</title></head>
            <body><p>hello from \(escaped)</p>
            <pre id="\(timingElementID)"></pre>
            <script>
            function staplebenchTiming() {
              var entry = performance.getEntriesByType('navigation')[0];
              if (entry) document.getElementById('\(timingElementID)').textContent = JSON.stringify(entry);
            }
            staplebenchTiming();
            addEventListener('load', function () { setTimeout(staplebenchTiming, 0); });
            </script>
            </body></html>

            """
    }

    /// Whether a request head (the bytes up to its blank line) asks for HTML: an `Accept` header
    /// naming `text/html`, case-insensitively, as browsers send for a navigation.
    public static func wantsHTML(head: some Collection<UInt8>) -> Bool {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        for line in text.split(separator: "\r\n") where line.hasPrefix("accept:") {
            if line.contains("text/html") { return true }
        }
        return false
    }

    /// The Navigation Timing JSON a dumped DOM holds (the element's text with HTML's escapes
    /// undone), or nil when the page or the entry is absent. Bounded: at most `limit` characters.
    public static func navigationTiming(fromDOM dom: String, limit: Int = 16_384) -> String? {
        guard let open = dom.range(of: "<pre id=\"\(timingElementID)\">"),
              let close = dom.range(of: "</pre>", range: open.upperBound ..< dom.endIndex) else { return nil }
        let text = dom[open.upperBound ..< close.lowerBound]
        guard !text.isEmpty, text.count <= limit else { return nil }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
    }
}
