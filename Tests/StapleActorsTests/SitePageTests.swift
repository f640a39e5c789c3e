import Testing
@testable import StapleActors

/// The page a browser gets and how its Navigation Timing is read back from a dumped DOM.
@Suite struct SitePageTests {
    @Test func onlyAnAcceptHeaderNamingHTMLAsksForThePage() {
        #expect(SitePage.wantsHTML(head: Array("GET / HTTP/1.1\r\nHost: a\r\nACCEPT: Text/HTML,*/*\r\n\r\n".utf8)))
        #expect(!SitePage.wantsHTML(head: Array("GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n".utf8)))
        #expect(!SitePage.wantsHTML(head: Array("GET / HTTP/1.1\r\nAccept-Language: text/html\r\n\r\n".utf8)))
        #expect(!SitePage.wantsHTML(head: Array("GET /text/html HTTP/1.1\r\nHost: a\r\n\r\n".utf8)))
    }

    @Test func theTimingIsReadFromTheDumpedElementWithEscapesUndone() {
        let dom = """
            <html lang="en"><head></head><body><p>hello from a</p>
            <pre id="staplebench-navigation-timing">{"name":"https://a/?x=1&amp;y=&lt;2&gt;","responseStart":41.5}</pre>
            <script>…</script></body></html>
            """
        #expect(SitePage.navigationTiming(fromDOM: dom) == #"{"name":"https://a/?x=1&y=<2>","responseStart":41.5}"#)
    }

    @Test func anEmptyMissingOrOversizedElementGivesNothing() {
        #expect(SitePage.navigationTiming(fromDOM: "<html><body>hello</body></html>") == nil)
        #expect(SitePage.navigationTiming(fromDOM: #"<pre id="staplebench-navigation-timing"></pre>"#) == nil)
        #expect(SitePage.navigationTiming(fromDOM: #"<pre id="staplebench-navigation-timing">{"a":1}"#) == nil)
        let big = #"<pre id="staplebench-navigation-timing">"# + String(repeating: "x", count: 101) + "</pre>"
        #expect(SitePage.navigationTiming(fromDOM: big, limit: 100) == nil)
        #expect(SitePage.navigationTiming(fromDOM: big, limit: 101)?.count == 101)
    }

    @Test func thePageEscapesTheServerNameAndCarriesTheElementAndScript() {
        let page = SitePage.html(server: "a<b>&c")
        #expect(page.contains("<title>a&lt;b>&amp;c</title>"))
        #expect(page.contains(#"<pre id="staplebench-navigation-timing"></pre>"#))
        #expect(page.contains("performance.getEntriesByType('navigation')[0]"))
        #expect(SitePage.text(server: "a") == "hello from a\n")
    }
}
