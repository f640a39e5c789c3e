import StapleCore

/// `handshakes.csv`: one row per client connection, warm-up included (marked in `warmup`).
public enum HandshakesCSV {
    /// The columns, in order: the required ones of the schema first, then extras.
    public static let columns = [
        "scenario", "sweep_point", "mode", "client", "site", "seq", "started_ms", "tcp_ms", "dns_ms",
        "tls_ms", "ocsp_ms", "verify_ms", "ttfb_ms", "model_ms", "staple", "ocsp_status", "outcome",
        "error", "warmup", "client_address", "connection", "ended_ms", "tls_version", "phase_sources",
    ]

    /// The table of `records`, in the given order.
    public static func table(_ records: [HandshakeRecord]) -> CSVTable {
        CSVTable(header: columns, rows: records.map(row))
    }

    /// The fields of one record.
    public static func row(_ r: HandshakeRecord) -> [String?] {
        let ms = CSVWriter.milliseconds
        return [
            r.scenario, r.sweepPoint, r.mode, r.client, r.site, CSVWriter.count(r.seq), ms(r.startedMs),
            ms(r.tcpMs), ms(r.dnsMs), ms(r.tlsMs), ms(r.ocspMs), ms(r.verifyMs), ms(r.ttfbMs), ms(r.modelMs),
            CSVWriter.yesNo(r.stapled), r.ocspStatus, r.outcome.rawValue, r.error,
            CSVWriter.yesNo(r.warmup), r.clientAddress, ConnectionField.text(r.connection), ms(r.endedMs),
            r.tlsVersion, r.phaseSources,
        ]
    }
}
