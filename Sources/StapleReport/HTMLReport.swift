/// `report.html`: one self-contained page about a run, made only from the run's data.
///
/// Inline CSS and SVG; no script, no font or image from anywhere, so it reads the same
/// offline in any browser. Sections (each an element with an `id`): `comparison` (the
/// table and verdicts), `revocation` (every mode on latency, what the CA learned, its requests,
/// revocation bytes and the exposure window; when the summary has those figures), `waterfalls` (one handshake per mode to time scale), `latency-cdf`
/// (time to first byte per mode), `sweep` (only for a sweep: TTFB against the swept value
/// with the model's line), `privacy` (observer × hostname, modes side by side) and
/// `responder-load` (requests over time). The page is well-formed XML as well as HTML.
public enum HTMLReport {
    /// The section ids, in page order (`sweep` only when the input has a sweep axis).
    public static let sectionIDs = ["comparison", "revocation", "waterfalls", "latency-cdf", "sweep", "privacy", "responder-load"]

    /// The whole page.
    public static func render(_ input: HTMLReportInput) -> String {
        let modes = input.modes
        var sections: [String] = []
        sections.append(section("comparison", "Classic OCSP against stapling",
                                ComparisonTableHTML.render(input.summary, modes: modes)))
        if RevocationTableHTML.applies(to: input.summary) {
            sections.append(section("revocation", "Revocation mechanisms side by side",
                                    RevocationTableHTML.render(input.summary, modes: modes)))
        }
        sections.append(section("waterfalls", "One handshake per mode, to time scale", waterfalls(input, modes)))
        sections.append(section("latency-cdf", "Time to first byte",
                                LatencyCDFChart.render(input.summary.rows, modes: modes).map(figure)
                                    ?? "<p>No handshake reached its first byte.</p>"))
        if let axis = input.sweepAxis {
            sections.append(section("sweep", "Time to first byte across the sweep",
                                    SweepChart.render(input.summary.rows, axis: axis, modes: modes).map(figure)
                                        ?? "<p>The sweep has fewer than two points with a measured median.</p>"))
        }
        sections.append(section("privacy", "Who learned which hostname",
                                "<p>Each cell says how an observer learned that a client visited the site, "
                                + "and about which client.</p>" + history(input.history)
                                + PrivacyMatrixTable.render(input.ledgers, modes: modes, addressNames: input.addressNames)))
        sections.append(section("responder-load", "OCSP responder load",
                                ResponderLoadChart.render(input.responderLog, modes: modes).map(figure)
                                    ?? "<p>The responder logged no requests.</p>"))
        let title = "StapleBench: \(input.scenario)"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(HTMLReportStyle.css)</style>
            </head>
            <body>
            <main>
            <header><h1>\(HTMLText.escape(title))</h1>\(metaLines(input.meta))</header>
            \(sections.joined(separator: "\n"))
            <footer>Made by staplebench\(input.meta.map { " " + HTMLText.escape($0.toolVersion) } ?? "") from the run's records; every number is measured on this machine's loopback unless marked as the model.</footer>
            </main>
            </body>
            </html>

            """
    }

    private static func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTMLText.escape(title))</h2>\(body)</section>"
    }

    private static func history(_ history: PrivacyHistory?) -> String {
        guard let sentences = history?.sentences, !sentences.isEmpty else { return "" }
        return "<p>Browsing history learned over the whole run, warm-up included:</p><ul class=\"history\">"
            + sentences.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
    }

    private static func figure(_ svg: String) -> String {
        "<figure><div class=\"figure-scroll\">\(svg)</div></figure>"
    }

    private static func waterfalls(_ input: HTMLReportInput, _ modes: [String]) -> String {
        guard !input.waterfalls.isEmpty else { return "<p>No handshake was recorded in detail.</p>" }
        return input.waterfalls.map { waterfall in
            let caption = waterfall.caption.isEmpty ? waterfall.mode : "\(waterfall.mode): \(waterfall.caption)"
            return "<figure><figcaption>\(HTMLText.escape(caption))</figcaption><div class=\"figure-scroll\">"
                + WaterfallChart.render(waterfall, color: ReportPalette.color(waterfall.mode, among: modes))
                + "</div></figure>"
        }.joined()
    }

    private static func metaLines(_ meta: RunMeta?) -> String {
        guard let meta else { return "" }
        var parts = ["started \(RunMeta.timestamp(meta.started))"]
        if let ended = meta.ended { parts.append("ended \(RunMeta.timestamp(ended))") }
        parts += ["seed \(meta.seed)", "\(meta.machine.hostname), \(meta.machine.cores) cores, \(meta.machine.os)",
                  meta.opensslVersion]
        var html = "<p class=\"meta\">\(HTMLText.escape(parts.joined(separator: " · ")))</p>"
        if !meta.complete {
            let reason = meta.interruptedReason.map { ": \($0)" } ?? ""
            html += "<p class=\"warning\">This run is incomplete\(HTMLText.escape(reason)). "
                + "It shows the records finished before it stopped.</p>"
        }
        if let warning = meta.saturation?.warning {
            html += "<p class=\"warning saturation\">Saturated: \(HTMLText.escape(warning)).</p>"
        }
        return html
    }
}
