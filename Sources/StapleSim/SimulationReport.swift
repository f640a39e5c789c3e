import StapleReport

/// `report.html` of a simulation: what was simulated, one table row per part (load, scaled
/// load, latency, privacy), and each part's responder load over time as a small line chart.
public enum SimulationReport {
    /// The page.
    public static func html(_ result: SimulationResult) -> String {
        let e = HTMLText.escape
        let f = { (value: Double?, decimals: Int) in value.flatMap { FixedPoint.string($0, decimals: decimals) } ?? "-" }
        var page = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(result.scenario.name)) — simulation</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fafafa;color:#1a1a1a}
            main{max-width:1100px;margin:0 auto;padding:16px}.scroll{overflow-x:auto}
            table{border-collapse:collapse;background:#fff;font-size:.9em}th,td{border:1px solid #ddd;padding:4px 6px;text-align:right;white-space:nowrap}
            th{background:#f0f0f0}td.text{text-align:left}.meta{color:#555;font-size:.9em}</style></head><body><main>
            <h1>\(e(result.scenario.name)): simulated</h1>
            <p class="meta">\(e(result.scenario.description))</p>
            <p class="meta">\(result.visits) handshakes simulated in \(f(result.wallSeconds, 2)) s
            (\(f(result.visitsPerSecond, 0))/s), peak memory \(f(result.peakResidentMB, 0)) MB.
            \(populationText(result))</p>
            <p class="meta">Latency: the delay model's network time plus costs measured by <code>staplebench bench tls</code>
            and the reference run (\(f(CPUCost.handshakeMs, 3)) ms a connection, \(f(CPUCost.verifyMs, 3)) ms a staple
            verification, \(f(CPUCost.fetchMs, 3)) ms an OCSP exchange). Edge: requests reaching the CA (its CDN); origin: the responder itself.</p>
            <h2>Parts</h2><div class="scroll"><table><tr><th>point</th><th>mode</th><th>handshakes</th><th>stapled</th>
            <th>p50 ms</th><th>p90 ms</th><th>edge req/s</th><th>edge peak</th><th>origin req/s</th><th>origin peak</th>
            <th>origin B/s</th><th>scaled edge req/s</th><th>scaled origin req/s</th><th>pairs visited</th><th>responder pairs</th><th>revocation B/handshake</th><th>exposure s</th></tr>
            """
        for part in result.parts {
            let s = part.stats
            page += "<tr><td class=\"text\">\(e(part.label))</td><td class=\"text\">\(part.mode.rawValue)</td>"
                + "<td>\(s.handshakes)</td><td>\(s.stapled)</td><td>\(f(s.latency.percentile(50), 1))</td>"
                + "<td>\(f(s.latency.percentile(90), 1))</td><td>\(f(part.edge.meanPerSecond, 3))</td>"
                + "<td>\(f(part.edge.peakPerSecond, 3))</td><td>\(f(part.origin.meanPerSecond, 3))</td>"
                + "<td>\(f(part.origin.peakPerSecond, 3))</td><td>\(f(part.origin.meanBytesPerSecond, 1))</td>"
                + "<td>\(f(part.edge.meanPerSecond * part.represents, 0))</td>"
                + "<td>\(f(part.origin.meanPerSecond * part.represents, 0))</td>"
                + "<td>\(part.visitedPairs)</td><td>\(part.responderPairs)</td>"
                + "<td>\(f(part.revocationFigures.bytesPerHandshake, 1))</td><td>\(part.revocationFigures.exposureText ?? "")</td></tr>\n"
        }
        page += "</table></div><h2>Responder load over time</h2>\n"
        for part in result.parts {
            page += "<h3>\(e(part.label.isEmpty ? part.mode.rawValue : part.label + " " + part.mode.rawValue))</h3>\n"
            page += chart(part.edge, part.origin) + "\n"
        }
        return page + "</main></body></html>\n"
    }

    private static func populationText(_ result: SimulationResult) -> String {
        guard let p = result.population else { return "The scenario's own workload, replayed in virtual time." }
        return "\(p.clients) clients × \(p.sites) sites for \(p.duration), \(p.visitsPerDay) visits a client a day, "
            + "Zipf exponent \(p.zipf); each simulated site stands for \(p.represents) certificates"
            + (p.cdn.map { " ; CDN: \($0.pops) edge cache(s), max-age \($0.maxAge?.description ?? "the response's")" } ?? "")
            + "."
    }

    /// Requests per second per bucket: edge (grey) and origin (blue), 600 × 120.
    private static func chart(_ edge: ResponderLoad, _ origin: ResponderLoad) -> String {
        let width = 600.0, height = 120.0
        let peak = max(edge.requests.max() ?? 0, 1)
        func line(_ load: ResponderLoad, _ colour: String) -> String {
            let n = max(load.requests.count - 1, 1)
            let points = load.requests.enumerated().map { index, value in
                "\(FixedPoint.string(Double(index) / Double(n) * width, decimals: 1) ?? "0"),"
                    + "\(FixedPoint.string(height - Double(value) / Double(peak) * height, decimals: 1) ?? "0")"
            }.joined(separator: " ")
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1\" points=\"\(points)\"/>"
        }
        let top = FixedPoint.string(Double(peak) / edge.bucketSeconds, decimals: 2) ?? "-"
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height) + 16)\" viewBox=\"0 0 \(Int(width)) \(Int(height) + 16)\" "
            + "role=\"img\"><title>requests per second, peak \(top)</title>" + line(edge, "#999") + line(origin, "#1f6fb2")
            + "<text x=\"0\" y=\"\(Int(height) + 14)\" font-size=\"11\">0 … \(Int(edge.duration)) s; top = \(top) req/s "
            + "(bucket \(Int(edge.bucketSeconds)) s); grey: edge, blue: origin</text></svg>"
    }
}
